"""Authoring: start a package folder for an article (`init`), read its records (`records`, through the strict and
bounded `yaml_reader`) and its metadata (`metadata`), turn quotes into offsets (`spans`) and records into rows
(`assemble`, `references`, `slugs`), and build the package's files (`build`; `package_cli` is the `init` and
`build` commands).

It may import the schema, the validator (a build validates before it writes), the exports and the explorer (whose
documents and page the build writes) and the plumbing (`containment`, `exit_codes`) — never the loader
(tests/test_layout.py)."""
