"""Records and metadata YAML, read strictly and within bounds.

People write the records files (`data/records/*.yaml`) and `package.yaml`, and anyone may send one: the reader
treats them as hostile input. It walks PyYAML's event stream itself (PyYAML's composer recurses once per level of
nesting, and its constructor expands aliases) and refuses, with the file and line:

- a file larger than `MAX_BYTES` (checked before parsing);
- anchors and aliases (`&x`, `*x`, merge keys `<<`): records never need them, and they are what makes a
  431-byte "billion laughs" file expand to gigabytes, or `&x [*x]` refer to itself;
- more than `MAX_VALUES` values, and nesting deeper than `MAX_DEPTH` levels (a records file needs five);
- a key written twice in one mapping (YAML would silently keep the last), naming both lines;
- explicit tags other than YAML's own scalar and collection tags (no Python objects, no binary, no sets);
- more than one document, and keys that are not plain values.

It also remembers every plain scalar that YAML typed by itself (a number, a boolean, a date or null): a code
written `195` or `010` must not silently become the integer 195 or the octal 8. `YamlDocument.typed` keeps
what was written, so that a schema that expects text can say "quote it", and `odd_numbers` finds the numbers
whose written form YAML reads otherwise than it looks (`010` is 8, `1_000` is 1000, `1:30` is 90, `yes` is
true).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dataset.containment import open_regular

MAX_BYTES = 16 * 1024 * 1024
"""The largest records or metadata file read (16 MiB; this package's records file is about 40 KB)."""
MAX_VALUES = 200_000
"""The most values (keys, scalars, lists and mappings) one file may hold: this package's records file holds
about 2,100. It bounds the time of a parse (a few microseconds a value) where `MAX_BYTES` bounds its memory: 16 MiB
of `[1,1,1,…]` would be eight million values."""
MAX_DEPTH = 32
"""The deepest nesting of mappings and lists (a records file nests five levels: file, table, record, evidence,
span)."""

Location = tuple[int | str, ...]
"""A path into a records file: ('statements', 3, 'evidence', 0, 'quote')."""

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_YAML}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP_TAGS = {None, "!", f"{_YAML}map"}
_SEQ_TAGS = {None, "!", f"{_YAML}seq"}
_KINDS = {f"{_YAML}int": "number", f"{_YAML}float": "number", f"{_YAML}bool": "boolean",
          f"{_YAML}null": "null", f"{_YAML}timestamp": "date"}
_PLAIN_FORMS = {
    "int": re.compile(r"[-+]?(?:0|[1-9][0-9]*)"),
    "float": re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"),
    "bool": re.compile(r"true|false|True|False|TRUE|FALSE"),
}
"""The written forms of numbers and booleans that mean what they look like; YAML 1.1 also reads octal `010`,
hexadecimal `0x1F`, binary `0b11`, sexagesimal `1:30`, `1_000`, `.inf`, `.nan`, `yes`, `no`, `on` and `off`."""

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""LibYAML's parser when PyYAML has it (about ten times faster); both parse without recursion."""


class RecordError(Exception):
    """Curated records that cannot be turned into tables; `problems` holds one message per mistake."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Typed:
    """A scalar that YAML typed by itself (not written in quotes): what was written and what YAML made of it."""

    written: str
    kind: str
    """'number', 'boolean', 'date' or 'null'."""
    value: Any
    line: int

    @property
    def reads_as(self) -> str:
        """How YAML read it, when that differs from what was written: ', which YAML reads as 8'."""
        if isinstance(self.value, bool):
            shown = "true" if self.value else "false"
        else:
            shown = "null" if self.value is None else str(self.value)
        return "" if shown == self.written else f", which YAML reads as {shown}"

    @property
    def odd(self) -> bool:
        """True when the written form does not mean what it looks like (octal `010`, `1_000`, `yes`, …)."""
        form = _PLAIN_FORMS.get(type(self.value).__name__)
        return form is not None and not form.fullmatch(self.written)


@dataclass
class YamlDocument:
    """One YAML file's data, the 1-based line of every value in it, and the scalars YAML typed by itself."""

    name: str
    data: Any = None
    lines: dict[Location, int] = field(default_factory=dict)
    typed: dict[Location, Typed] = field(default_factory=dict)

    def at(self, loc: Location) -> str:
        """'name:line' of the value at `loc` (or of its nearest enclosing value), for an error message."""
        line = line_of(self.lines, loc)
        return f"{self.name}:{line}" if line else self.name


def line_of(lines: dict[Location, int], loc: Location) -> int | None:
    """The line of the longest prefix of `loc` that was read from the YAML."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


class _Fatal(Exception):
    """A mistake after which the rest of the file cannot be read."""


@dataclass
class _Open:
    """A mapping or list being read: its value, location, and (for a mapping) the key awaiting its value."""

    value: dict[Any, Any] | list[Any]
    loc: Location
    key: Any = None
    has_key: bool = False


def read_yaml(path: Path) -> YamlDocument:
    """`parse_yaml` of a file, refusing a file that is not a regular file or is larger than `MAX_BYTES` before
    reading it. Raises RecordError, whose problems name the file and line."""
    try:
        with open_regular(path) as f:  # a FIFO is refused, never waited on
            size = os.fstat(f.fileno()).st_size
            if size > MAX_BYTES:
                raise RecordError([_too_large(str(path), size)])
            data = f.read(MAX_BYTES + 1)
        text = data.decode("utf-8")
    except (OSError, ValueError) as err:  # Refused and UnicodeDecodeError are ValueErrors
        raise RecordError([f"{path}: cannot be read as YAML: {err}"]) from None
    return parse_yaml(text, str(path))


def _too_large(name: str, size: int) -> str:
    return (f"{name}: the file has {size:,} bytes, more than the {MAX_BYTES:,} bytes ({MAX_BYTES // 2**20} MiB) a "
            "records or metadata file may have: split it into one records file per source text")


def parse_yaml(text: str, name: str) -> YamlDocument:
    """The data of one YAML document, strictly and within bounds (see the module). `name` is the file's name
    in messages. Raises RecordError, whose problems name the file and line."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise RecordError([_too_large(name, size)])
    doc, problems = YamlDocument(name), []
    loader = None
    try:
        loader = _Loader(text)  # PyYAML's own reader checks every character here
        _walk(loader, doc, problems)
    except _Fatal as err:
        raise RecordError([*problems, str(err)]) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{name}:{mark.line + 1}" if mark else name
        raise RecordError([*problems, f"{where}: cannot be read as YAML: {err.problem or err}"]) from None
    except yaml.YAMLError as err:
        position = getattr(err, "position", None)
        where = f"{name}:{text.count(chr(10), 0, position) + 1}" if isinstance(position, int) else name
        raise RecordError([*problems, f"{where}: cannot be read as YAML: {str(err).splitlines()[0]}"]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if problems:
        raise RecordError(problems)
    return doc


def _walk(loader: Any, doc: YamlDocument, problems: list[str]) -> None:
    """Build `doc.data` from the event stream, one event at a time, with a stack instead of recursion."""
    stack: list[_Open] = []
    documents = values = 0
    while True:
        event = loader.get_event()
        line = event.start_mark.line + 1 if event.start_mark else 0
        where = f"{doc.name}:{line}"
        if isinstance(event, yaml.ScalarEvent | yaml.MappingStartEvent | yaml.SequenceStartEvent):
            values += 1
            if values > MAX_VALUES:
                raise _Fatal(f"{where}: more than {MAX_VALUES:,} values (keys, scalars, lists and mappings) in one "
                             "file: split it into one records file per source text")
        if isinstance(event, yaml.StreamEndEvent):
            return
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Fatal(f"{where}: a second YAML document ('---'): a file holds one document")
            continue
        if isinstance(event, yaml.StreamStartEvent | yaml.DocumentEndEvent):
            continue
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Fatal(f"{where}: YAML anchors and aliases (&{event.anchor}, *{event.anchor}) are not allowed: "
                         "write each value out in full")
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
            continue
        parent = stack[-1] if stack else None
        if parent is not None and isinstance(parent.value, dict) and not parent.has_key:
            _key(loader, event, parent, doc, problems, where)
            continue
        loc = _child_loc(parent)
        if parent is None or isinstance(parent.value, list):
            doc.lines.setdefault(loc, line)
        if isinstance(event, yaml.ScalarEvent):
            value = _scalar(loader, event, loc, doc, problems, where)
        else:
            value = _container(event, stack, where)
        _place(parent, doc, value)
        if not isinstance(event, yaml.ScalarEvent):
            stack.append(_Open(value, loc))


def _child_loc(parent: _Open | None) -> Location:
    if parent is None:
        return ()
    if isinstance(parent.value, list):
        return (*parent.loc, len(parent.value))
    return (*parent.loc, parent.key)


def _place(parent: _Open | None, doc: YamlDocument, value: Any) -> None:
    if parent is None:
        doc.data = value
    elif isinstance(parent.value, list):
        parent.value.append(value)
    else:
        parent.value.setdefault(parent.key, value)  # a key written twice keeps its first value (and is refused)
        parent.has_key = False


def _container(event: Any, stack: list[_Open], where: str) -> dict[Any, Any] | list[Any]:
    if len(stack) >= MAX_DEPTH:
        raise _Fatal(f"{where}: nested more than {MAX_DEPTH} levels deep (a records file needs five)")
    mapping = isinstance(event, yaml.MappingStartEvent)
    if event.tag not in (_MAP_TAGS if mapping else _SEQ_TAGS):
        raise _Fatal(f"{where}: cannot be read as YAML: the tag {_short(event.tag)} is not allowed: write a plain "
                     "mapping or list")
    return {} if mapping else []


def _short(tag: str | None) -> str:
    """'!!python/object' for 'tag:yaml.org,2002:python/object'."""
    return str(tag).replace(_YAML, "!!", 1)


def _key(loader: Any, event: Any, parent: _Open, doc: YamlDocument, problems: list[str], where: str) -> None:
    """Read a mapping's key; a key written twice is one problem naming both lines."""
    if not isinstance(event, yaml.ScalarEvent):
        raise _Fatal(f"{where}: a mapping key must be a plain value, not a mapping or list")
    key = _scalar(loader, event, None, doc, problems, where)
    loc, line = (*parent.loc, key), event.start_mark.line + 1
    if key in parent.value:
        problems.append(f"{where}: key {key!r} written twice (first at line {doc.lines.get(loc, '?')})")
    else:
        doc.lines[loc] = line
    parent.key, parent.has_key = key, True


def _scalar(loader: Any, event: Any, loc: Location | None, doc: YamlDocument, problems: list[str],
            where: str) -> Any:
    """The value of a scalar by YAML's own rules; what YAML typed by itself is remembered at `loc`."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == f"{_YAML}merge" and loc is None:
        raise _Fatal(f"{where}: YAML merge keys (<<) are not allowed: write each value out in full")
    if tag in (f"{_YAML}value", f"{_YAML}merge"):  # a lone '=' or '<<' as a value is text
        tag = f"{_YAML}str"
    if tag not in _SCALAR_TAGS:
        raise _Fatal(f"{where}: cannot be read as YAML: the tag {_short(tag)} is not allowed (no Python objects, "
                     "binary data or custom types): write plain text, numbers and dates")
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = yaml.SafeLoader.yaml_constructors[tag](loader, node)
    except (ValueError, OverflowError, yaml.YAMLError) as err:
        reason = str(err).splitlines()[0].split(";")[0]
        problems.append(f"{where}: {event.value[:60]!r} cannot be read as a {_KINDS.get(tag, 'value')}: {reason}")
        return event.value
    if tag in _KINDS and loc is not None:
        doc.typed[loc] = Typed(event.value, _KINDS[tag], value, event.start_mark.line + 1)
    return value


def quote_it(typed: Typed, what: str) -> str:
    """The message for a value that must be text but was written so that YAML typed it by itself."""
    if typed.kind == "null":
        written = f" (written {typed.written!r})" if typed.written else ""
        return (f"{what} is null{written}: a value is required here; if {typed.written or 'it'!r} is meant as "
                "text, quote it")
    article = "an" if typed.kind[0] in "aeiou" else "a"
    return (f"{what} is written as {article} {typed.kind} ({typed.written}{typed.reads_as}); it is text (a code, "
            f"an id or words): quote it: '{typed.written}'")


def odd_numbers(doc: YamlDocument, where: Callable[[Location], str], skip: Iterable[Location] = ()) -> list[str]:
    """One problem per number or boolean whose written form YAML reads otherwise than it looks (`010` is the
    octal 8), except at the locations in `skip` (already reported)."""
    skipped = set(skip)
    out = []
    for loc, typed in doc.typed.items():
        if typed.odd and loc not in skipped:
            plain = "true or false" if typed.kind == "boolean" else "the number in plain decimal digits"
            out.append(f"{doc.name}:{typed.line}: {where(loc)}: {value_name(loc)} is written {typed.written}"
                       f"{typed.reads_as}: write {plain}, or quote it if it is text: '{typed.written}'")
    return out


def value_name(loc: Location) -> str:
    """The name of the value at `loc` in a message: 'cameo_code', or 'aliases[0]' for an item of a list."""
    if loc and isinstance(loc[-1], int) and len(loc) >= 2:
        return f"{loc[-2]}[{loc[-1]}]"
    return str(loc[-1]) if loc else "the document"


_TEXT_ERRORS = {"string_type", "literal_error"}
"""pydantic's error types for a value that is not the text (or one of the codes) a field expects."""


def schema_problems(doc: YamlDocument, errors: list[dict[str, Any]], where: Callable[[Location], str],
                    explain: Callable[[dict[str, Any]], str]) -> list[str]:
    """One 'file:line: where: what' problem per pydantic error of `doc.data` (a value YAML typed by itself
    where text is expected gets "quote it"), then one per number written in a form YAML reads otherwise."""
    problems = []
    for error in errors:
        loc = tuple(error["loc"])
        typed = doc.typed.get(loc)
        if typed is not None and error["type"] in _TEXT_ERRORS:
            message = quote_it(typed, value_name(loc))
        elif typed is not None:
            message = f"{error['msg']} (written {typed.written}{typed.reads_as})"
        else:
            message = explain(error)
        problems.append(f"{doc.at(loc)}: {where(loc)}: {message}")
    return problems + odd_numbers(doc, where, skip=(tuple(e["loc"]) for e in errors))
