"""The `init` and `build` commands: start a package folder for one's own article, and build one (or, with
`--toolkit`, the schema's own generated files). Messages are for people: every problem names its file and line;
no traceback reaches the user.

Exit codes: 0 built (or current); 1 invalid records, or stale generated files with --check; 2 unusable input
(no such folder, a file init would overwrite, a missing extra).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from dataset.exit_codes import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE


def _missing_extra(err: ModuleNotFoundError, command: str, extra: str) -> int:
    print(f"`{command}` needs {err.name or 'a missing module'}, which is not installed: "
          f"pip install 'pakistan-iran-ties-2024[{extra}]'", file=sys.stderr)
    return EXIT_UNUSABLE


def build(folder: Path | None, check: bool, toolkit: bool = False) -> int:
    """Build the package folder (default: the current folder), or with `toolkit` the toolkit's own generated
    files in the source tree of the running code."""
    try:
        from dataset.authoring.build import (
            BuildError,
            NotAPackageFolder,
            build_package,
            source_tree,
            stale_files,
            toolkit_files,
            write,
        )
        from dataset.authoring.records import RecordError

        root = source_tree() if toolkit else folder or Path.cwd()
        files = toolkit_files() if toolkit else build_package(root).files
    except ModuleNotFoundError as err:  # the toolkit's code lists come from pycountry ([build]); a package needs less
        return _missing_extra(err, "build", "build" if toolkit else "validate")
    except NotAPackageFolder as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_UNUSABLE
    except RecordError as err:
        print(f"The records in {root} cannot be built ({len(err.problems)} problem(s)):", *err.problems,
              sep="\n  ", file=sys.stderr)
        return EXIT_INVALID
    except BuildError as err:
        print(f"The records in {root} build tables that are not valid ({len(err.problems)} problem(s)):",
              *err.problems, sep="\n  ", file=sys.stderr)
        return EXIT_INVALID
    if check:
        stale = stale_files(root, files)
        for path in stale:
            print(f"stale: {path} differs from what `python -m dataset build` generates", file=sys.stderr)
        print(f"{len(files) - len(stale)} of {len(files)} generated files are current")
        return EXIT_INVALID if stale else EXIT_OK
    changed = write(root, files)
    print(f"built {len(files)} files in {root}; {len(changed)} changed" + "".join(f"\n  {p}" for p in changed))
    return EXIT_OK


def date(text: str) -> dt.date:
    """An argparse type: a YYYY-MM-DD date."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD") from None


def init(folder: Path, text: Path, publisher: str, *, source_id: str | None, title: str | None,
         url: str | None, published: dt.date | None, language: str, force: bool,
         publisher_id: str | None = None) -> int:
    try:
        from dataset.authoring.init import Article, InitError
        from dataset.authoring.init import init as start
    except ModuleNotFoundError as err:
        return _missing_extra(err, "init", "validate")
    article = Article(text, publisher, source_id, title, url, published, language, publisher_id)
    try:
        written = start(folder, article, force=force)
    except InitError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"started {folder}: wrote {len(written)} file(s)" + "".join(f"\n  {p}" for p in written))
    records = next(p for p in written if p.suffix == ".yaml" and p.parent.name == "records")
    print(f"next: encode the article in {records} (see the encoding guide), then\n"
          f"  python -m dataset build {folder} && python -m dataset validate {folder}")
    return EXIT_OK
