"""Command line: `python -m dataset [info | init DIR --text FILE --publisher NAME | build [DIR] [--check] |
figures [--check] | validate [PATH] [--json] [--no-frictionless] [--in-memory | --out-of-core] [--skip RULE]...
[--only LAYER]... |
export LAYOUT [PATH] [--out FILE] [--format csv|parquet|json|jsonl] [--strict] [--flavor F] [--raw-csv] |
explore [PATH] [--out FILE] [--serve] | guide [TOPIC] [--path]]`.

Exit codes (`dataset.exit_codes`): 0 success or valid; 1 invalid data (or stale generated files); 2 the package
could not be read, a needed extra is missing, or the command was misused; 130 interrupted (Ctrl-C). No traceback
reaches the user: `main` reports every error it expects on one line, and `run` (the process) adds Ctrl-C, a
closed pipe and the last line of defence of `dataset.exit_codes.run_cli`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from dataset import exports, guide, loader
from dataset.authoring import package_cli
from dataset.exit_codes import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE, INTERNAL_ERRORS, describe, internal_error, run_cli
from dataset.exports.write import FORMATS
from dataset.schema.tables import TABLES
from dataset.version import __version__


def info() -> int:
    import pyarrow.parquet as pq

    package = loader.datapackage()
    licence = ", ".join(lic.get("name", "?") for lic in package.get("licenses", []))
    print(f"{package['name']} {__version__} — data licence {licence}, code licence MIT")
    print(package["title"])
    print(f"data: {loader.data_root()}")
    for name, table in TABLES.items():
        rows = pq.read_metadata(loader.path(name)).num_rows
        print(f"  {name:<11} {rows:>5} rows {len(table.fields):>3} columns  one row: {table.row}")
    return EXIT_OK


def figures(check: bool) -> int:
    """Draw the pictures into docs/ of the source checkout; separate from `build`, because they need the
    [docs] extra and are drawn from the committed tables."""
    from dataset.figures import render

    root = Path(__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file():
        print("`figures` draws into docs/ of a source checkout, not an installed copy", file=sys.stderr)
        return EXIT_UNUSABLE
    files = render()
    stale = sorted(p for p, data in files.items() if not (root / p).is_file() or (root / p).read_bytes() != data)
    if check:
        for path in stale:
            print(f"stale: {path} differs from what `python -m dataset figures` draws", file=sys.stderr)
        print(f"{len(files) - len(stale)} of {len(files)} pictures are current")
        return EXIT_INVALID if stale else EXIT_OK
    for path in stale:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(files[path])
    print(f"drew {len(files)} pictures; {len(stale)} changed" + "".join(f"\n  {p}" for p in stale))
    return EXIT_OK


def validate(path: Path | None, as_json: bool, frictionless: bool, in_memory: bool | None = None,
             skip: list[str] | None = None, only: list[str] | None = None) -> int:
    """Validate a package and print its report. `skip`/`only` name layers and rule ids of
    dataset.validation.registry; an unknown one is a usage error (exit 2) naming the nearest ids."""
    import time

    started = time.perf_counter()
    from dataset.validation import validate_package

    startup = time.perf_counter() - started
    try:
        report = validate_package(path or loader.data_root(), frictionless=frictionless, in_memory=in_memory,
                                  skip=skip or (), only=only or ())
    except INTERNAL_ERRORS as err:  # no layer reported it: still a report (and JSON for --json), exit 2
        from dataset.validation.report import Problem, Report

        report = Report(str(path or loader.data_root()), problems=[Problem(
            "files", None, None, None, "files.readable", f"internal error while reading the package: {describe(err)}",
            fatal=True)])
    report.startup_seconds = startup + report.import_wait_seconds
    print(report.to_json() if as_json else report.to_text())
    return report.exit_code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dataset", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"pakistan-iran-ties-2024 {__version__}")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("info", help="name, version, licence and one line per table (the default)")
    build_cmd = commands.add_parser("build", help="build a package folder's tables, descriptor and documents from "
                                    "its records and package.yaml (default: the current folder)")
    build_cmd.add_argument("dir", nargs="?", type=Path, help="a package folder made by `init` (default: .)")
    build_cmd.add_argument("--toolkit", action="store_true", help="instead, the schema's own generated files (data "
                           "dictionary, export crosswalks, ISO 3166 codes) in the source tree of this code")
    build_cmd.add_argument("--check", action="store_true", help="only report generated files that are stale")
    init_cmd = commands.add_parser("init", help="start a package folder for your own article")
    init_cmd.add_argument("dir", type=Path, help="the package folder (created if absent)")
    init_cmd.add_argument("--text", type=Path, required=True, help="the article as a UTF-8 text file")
    init_cmd.add_argument("--publisher", required=True, help="the publisher's name (becomes an actor)")
    init_cmd.add_argument("--source-id", help="id of the source (a lowercase slug; default: from the title)")
    init_cmd.add_argument("--publisher-id", help="actor id of the publisher (a lowercase slug; default: from its name)")
    init_cmd.add_argument("--title", help="headline as printed (default: the text's first line)")
    init_cmd.add_argument("--url", help="address of the article online")
    init_cmd.add_argument("--published", type=package_cli.date, help="publication date, YYYY-MM-DD")
    init_cmd.add_argument("--language", default="en", help="ISO 639-1 code of the text's language (default: en)")
    init_cmd.add_argument("--force", action="store_true", help="overwrite files this article already has")
    fig = commands.add_parser("figures", help="draw docs/timeline.png and docs/actor_map.png (needs the docs extra)")
    fig.add_argument("--check", action="store_true", help="only report stale pictures")
    val = commands.add_parser("validate", help="validate a data package (default: the installed data)")
    val.add_argument("path", nargs="?", type=Path, help="a datapackage.json or the folder holding one")
    val.add_argument("--json", action="store_true", help="print a machine-readable JSON report")
    val.add_argument("--no-frictionless", action="store_true", help="skip the frictionless layer (faster)")
    val.add_argument("--skip", action="append", metavar="RULE", help="a rule id (e.g. rules.goldstein-of-cameo) or a "
                     "layer not to check; repeatable (docs/rules.md lists them)")
    val.add_argument("--only", action="append", metavar="LAYER", help="run only this layer (and files, which reads "
                     "the package); repeatable")
    how = val.add_mutually_exclusive_group()
    how.add_argument("--in-memory", dest="in_memory", action="store_const", const=True,
                     help="read each table whole into memory (the default below 2,000,000 rows)")
    how.add_argument("--out-of-core", dest="in_memory", action="store_const", const=False,
                     help="scan the Parquet files instead of holding the tables in memory (the default from "
                          "2,000,000 rows on, counted in the Parquet footers); same checks, same report")
    exp = commands.add_parser("export", help="the tables in the layout of ACLED, UCDP GED, GDELT 2.0 or PLOVER")
    exp.add_argument("layout", choices=exports.LAYOUTS, help="the target layout")
    exp.add_argument("path", nargs="?", type=Path, help="a datapackage.json or its folder (default: installed data)")
    exp.add_argument("--out", type=Path, help="write to this file (default: standard output)")
    exp.add_argument("--format", choices=FORMATS,
                     help="file format (default: the layout's, jsonl for plover and csv for the others)")
    exp.add_argument("--strict", action="store_true", help="only the layout's columns, without dataset_provenance")
    exp.add_argument("--flavor", help="which distribution of the target dataset to match (see docs/exports/)")
    exp.add_argument("--raw-csv", action="store_true", help="write CSV cells that begin with =, +, -, @, tab or "
                     "carriage return as they are (default: prefixed with ' so that spreadsheets do not run them)")
    page = commands.add_parser("explore", help="write (or serve) the offline evidence explorer page of a package")
    page.add_argument("path", nargs="?", type=Path, help="a datapackage.json or its folder (default: installed data)")
    page.add_argument("--out", type=Path, help="the HTML file to write (default: explorer.html; with --serve: none)")
    page.add_argument("--serve", action="store_true", help="serve the page on 127.0.0.1 and print the address")
    learn = commands.add_parser("guide", help="print the encoding guide, data dictionary, code lists, export "
                                "crosswalks or references (offline, from the installed package)")
    learn.add_argument("topic", nargs="?", choices=guide.TOPICS, help="what to print (default: the list of topics)")
    learn.add_argument("--path", action="store_true", help="print where the topic's file is instead of its text")
    return parser


_EXTRAS = {"validate": "validate", "figures": "docs", "explore": "validate", "export": "validate"}


def _subject(args: argparse.Namespace) -> str:
    """What a command reads, for its error line: the path given, else the installed data or this folder."""
    given = getattr(args, "path", None) or getattr(args, "dir", None)
    if given is not None:
        return str(given)
    return "the current folder" if args.command == "build" else "the installed data"


def _dispatch(command: str, args: argparse.Namespace) -> int:
    if command == "build":
        if args.toolkit and args.dir:
            _parser().error("build: give DIR or --toolkit, not both")
        return package_cli.build(args.dir, args.check, args.toolkit)
    if command == "init":
        return package_cli.init(args.dir, args.text, args.publisher, source_id=args.source_id, title=args.title,
                                url=args.url, published=args.published, language=args.language, force=args.force,
                                publisher_id=args.publisher_id)
    if command == "validate":
        return validate(args.path, args.json, not args.no_frictionless, args.in_memory, args.skip, args.only)
    if command == "figures":
        return figures(args.check)
    if command == "export":
        from dataset.exports.cli import run as export

        return export(args.layout, args.path, args.out, args.format, args.strict, flavor=args.flavor,
                      raw_csv=args.raw_csv)
    if command == "explore":
        from dataset.explore.command import explore

        return explore(args.path, args.out, args.serve)
    if command == "guide":
        return guide.guide(args.topic, args.path)
    return info()


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command; every error it expects becomes one line and an exit code."""
    args = _parser().parse_args(argv)
    command = args.command or "info"
    try:
        return _dispatch(command, args)
    except ModuleNotFoundError as err:
        extra = _EXTRAS.get(command)
        hint = f"pip install 'pakistan-iran-ties-2024[{extra}]'" if extra else str(err)
        print(f"`{command}` needs {err.name or 'a missing module'}, which is not installed: {hint}", file=sys.stderr)
        return EXIT_UNUSABLE
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_UNUSABLE
    except INTERNAL_ERRORS as err:
        return internal_error(err, _subject(args))


def run() -> NoReturn:
    """The command's process (`python -m dataset`, the console script): `main` inside `run_cli`."""
    run_cli(main)


if __name__ == "__main__":
    run()
