"""The containment rule: every path a package names is resolved against the package folder, and checked, before
anything opens it.

A package is data from a stranger, never a key. A path it names (a resource's `path`, a Parquet file or hive
part, a source text's `text_path`, a records file) is refused (`Refused`, with the reason) when it is not a
non-empty string; holds a NUL byte, a backslash or a ':' (URLs, `scheme:` references, drive letters); is
absolute or starts with '//' (a remote host); has a '..' or an empty part; leads outside the folder through a
symbolic link (a link that stays inside is fine); or names something that is not a regular file (a FIFO, a
device, a socket, a folder). Files are opened with O_NONBLOCK and checked with fstat before the flag is
cleared, so that a FIFO swapped in after the check still cannot block a reader.

Writers (`build`, `hive`) go through `output_path` and `write_bytes`: the target and every folder between it and
the package folder must not be a symbolic link (refused, never followed), and a file is replaced (a temporary
file in the same folder, then `os.replace`), never written through.

`load_descriptor` reads a `datapackage.json` with a size limit (`DESCRIPTOR_LIMIT`) and a nesting limit
(`DEPTH_LIMIT`), and reports type confusion in the parts every command relies on with the JSON path of the
bad value (`resources[2].name`).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

DESCRIPTOR_NAME = "datapackage.json"
DESCRIPTOR_LIMIT = 64 * 1024 * 1024
"""The largest descriptor read, in bytes (64 MiB: a hive descriptor of a million-row corpus is a few MiB)."""
DEPTH_LIMIT = 64
"""The deepest nesting of arrays and objects in a descriptor (this schema's own descriptor nests 6 levels)."""
TEXT_LIMIT = 1024 * 1024 * 1024
"""The largest source text read, in bytes (1 GiB)."""


class Refused(ValueError):
    """A path a package names that may not be read or written, or a descriptor that cannot be used; the message
    says why."""


def check_relative(declared: object) -> list[str]:
    """The parts of a package-relative path, or Refused with the reason it may not be used."""
    if not isinstance(declared, str) or not declared:
        raise Refused("the path is missing or not a string")
    if "\x00" in declared:
        raise Refused("the path holds a NUL byte: refused")
    if ":" in declared or declared.startswith("//"):
        raise Refused("the path is a URL or another remote reference: nothing is fetched, refused")
    if "\\" in declared:
        raise Refused("the path holds a backslash: refused (package paths use '/')")
    if declared.startswith("/"):
        raise Refused("the path is absolute, outside the package: refused (it must be relative to the package folder)")
    parts = declared.split("/")
    if ".." in parts:
        raise Refused("the path has a '..' part, outside the package: refused")
    if "" in parts:
        raise Refused("the path has an empty part ('//' or a trailing '/'): refused")
    return parts


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode may not be read as a file, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"it is {kind}, not a regular file: refused"


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """A regular file opened for reading, without ever blocking on a FIFO: opened with O_NONBLOCK, checked with
    fstat, then the flag cleared. Raises Refused for anything but a regular file, OSError if it cannot be
    opened."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        reason = _not_regular(os.fstat(fd).st_mode)
        if reason:
            raise Refused(reason)
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_limited(handle: BinaryIO, limit: int, what: str) -> bytes:
    size = os.fstat(handle.fileno()).st_size
    data = handle.read(limit + 1) if size <= limit else b""
    if size > limit or len(data) > limit:
        raise Refused(f"{what} is larger than the limit of {limit:,} bytes: refused")
    return data


class Folder:
    """A package folder: resolves the paths its files name, and opens them.

    Each folder between the root and a file is resolved once (a corpus has thousands of texts in one folder);
    the file itself only when it is a link. A `Folder` lives as long as one command, so the cache never
    outlives the files it describes."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = os.fspath(root)
        self._real_root = os.path.realpath(self.root) + os.sep
        self._real_dirs: dict[str, str] = {}

    def _real_dir(self, directory: str) -> str:
        real = self._real_dirs.get(directory)
        if real is None:
            real = self._real_dirs[directory] = os.path.realpath(directory) + os.sep
        return real

    def resolve(self, declared: object) -> str:
        """The file a package-relative path names, inside the folder (Refused otherwise). It need not exist."""
        path = os.path.join(self.root, *check_relative(declared))
        real = (os.path.realpath(path) + os.sep if os.path.islink(path)
                else self._real_dir(os.path.dirname(path)))
        if not real.startswith(self._real_root):
            raise Refused("the path leads outside the package through a symbolic link: refused")
        return path

    def stat(self, declared: object) -> os.stat_result:
        """The status of a contained regular file (Refused for anything else; OSError if it is missing)."""
        status = os.stat(self.resolve(declared))
        reason = _not_regular(status.st_mode)
        if reason:
            raise Refused(reason)
        return status

    def open(self, declared: object) -> BinaryIO:
        """A contained regular file, opened for reading (see `open_regular`)."""
        return open_regular(self.resolve(declared))

    def read_bytes(self, declared: object, limit: int) -> bytes:
        """The bytes of a contained regular file of at most `limit` bytes."""
        with self.open(declared) as handle:
            return _read_limited(handle, limit, "the file")


def read_bytes(root: str | os.PathLike[str], declared: object, limit: int) -> bytes:
    """The bytes of the regular file `declared` names inside `root`, of at most `limit` bytes."""
    return Folder(root).read_bytes(declared, limit)


# --- writing -----------------------------------------------------------------------------------------------------

def output_path(root: str | os.PathLike[str], relative: str) -> Path:
    """Where a command writes `relative` inside `root`: refused when it would leave the folder, when the target or
    a folder between it and `root` is a symbolic link (never written through), or when the target exists and is
    not a regular file. `root` itself is the user's choice and may be a link."""
    parts = check_relative(relative)
    path = Path(root)
    for i, part in enumerate(parts):
        path = path / part
        if os.path.islink(path):
            raise Refused(f"{relative}: {path} is a symbolic link: refused, nothing is written through a link")
        if i < len(parts) - 1 and path.exists() and not path.is_dir():
            raise Refused(f"{relative}: {path} is not a folder: refused")
    if path.exists():
        reason = _not_regular(os.stat(path).st_mode)
        if reason:
            raise Refused(f"{relative}: {reason}")
    return path


def write_bytes(root: str | os.PathLike[str], relative: str, data: bytes | BinaryIO) -> Path:
    """Write `data` (bytes, or an open binary file to copy) to `relative` inside `root` (checked by
    `output_path`), replacing the file rather than writing into it: a temporary file in the same folder, then
    `os.replace`."""
    target = output_path(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    output_path(root, relative)  # the folders just made are real folders; check again, nothing raced in
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                shutil.copyfileobj(data, handle)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise
    return target


def read_existing(root: str | os.PathLike[str], relative: str) -> bytes | None:
    """The bytes of a file a command is about to replace (None if absent): used to skip unchanged files. The same
    rule as `output_path`: a link or a non-regular file there is refused, never read."""
    path = output_path(root, relative)
    if not path.exists():
        return None
    with open_regular(path) as handle:
        return handle.read()


# --- descriptors -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Descriptor:
    """A `datapackage.json` read through `load_descriptor`: its folder, its path and its body."""

    folder: Folder
    path: Path
    body: dict[str, Any]

    @property
    def root(self) -> Path:
        return Path(self.folder.root)


def descriptor_location(path: str | os.PathLike[str]) -> Path:
    """PATH may be the descriptor itself or the folder holding `datapackage.json`."""
    path = Path(path)
    return path / DESCRIPTOR_NAME if path.is_dir() else path


def _depth_path(value: Any, limit: int) -> str | None:
    """The JSON path of the first value nested deeper than `limit` levels, or None; iterative, so that no depth
    can exhaust the stack."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return where or "(top level)"
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                stack.append((child, f"{where}[{key}]" if isinstance(key, int) else _member(where, key), depth + 1))
    return None


def _member(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _type_problems(body: Any) -> list[str]:
    """Type confusion in the parts of a descriptor every command relies on, each with its JSON path."""
    if not isinstance(body, dict):
        return [f"the top level is {_kind(body)}, not an object"]
    resources = body.get("resources")
    if not isinstance(resources, list):
        return [f"resources is {_kind(resources)}, not a list"]
    problems = []
    for i, resource in enumerate(resources):
        where = f"resources[{i}]"
        if not isinstance(resource, dict):
            problems.append(f"{where} is {_kind(resource)}, not an object")
            continue
        if not isinstance(resource.get("name"), str):
            problems.append(f"{where}.name is {_kind(resource.get('name'))}, not a string")
        parquet = resource.get("parquet")
        if parquet is not None and not isinstance(parquet, dict):
            problems.append(f"{where}.parquet is {_kind(parquet)}, not an object")
        elif isinstance(parquet, dict) and "parts" in parquet:
            parts = parquet["parts"]
            if not isinstance(parts, list):
                problems.append(f"{where}.parquet.parts is {_kind(parts)}, not a list")
            else:
                problems += [f"{where}.parquet.parts[{j}] is {_kind(part)}, not an object"
                             for j, part in enumerate(parts) if not isinstance(part, dict)]
    return problems


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
             float: "a number", type(None): "missing or null"}
    return names.get(type(value), type(value).__name__)


def load_descriptor(path: str | os.PathLike[str]) -> Descriptor:
    """Read the descriptor at PATH (a `datapackage.json` or the folder holding one): a regular file of at most
    `DESCRIPTOR_LIMIT` bytes (a symbolic link only if it stays in its folder), UTF-8 JSON nested at most
    `DEPTH_LIMIT` levels, an object with a list of resources, each an object with a string name. Raises Refused
    (OSError when the file is missing or cannot be opened)."""
    location = descriptor_location(path)
    folder = Folder(location.parent)
    if os.path.islink(location) and not (os.path.realpath(location) + os.sep).startswith(folder._real_root):
        raise Refused(f"{location} is a symbolic link that leads outside its folder: refused")
    with open_regular(location) as handle:
        data = _read_limited(handle, DESCRIPTOR_LIMIT, str(location))
    try:
        body = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise Refused(f"{location} is nested deeper than {DEPTH_LIMIT} levels: refused") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise Refused(f"{location} is not a readable JSON descriptor: {err}") from None
    deep = _depth_path(body, DEPTH_LIMIT)
    if deep is not None:
        raise Refused(f"{location} is nested deeper than {DEPTH_LIMIT} levels (at {deep}): refused")
    problems = _type_problems(body)
    if problems:
        raise Refused(f"{location} is not a usable descriptor: " + "; ".join(problems[:5])
                      + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
    return Descriptor(folder, location, body)
