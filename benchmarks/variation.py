"""Per-copy variation of the benchmark corpus: every string of a copy is rendered from a template of pieces.

A string is cut into tokens (`TOKEN`): runs of ASCII letters, runs of digits, ISO dates and runs of anything
else. A token that carries content becomes a slot, every other token a fixed piece:

- a word of at least `MIN_WORD` letters that the package also prints in lower case → WORD; a capitalised word it
  never prints in lower case → NAME (a proper name). Copy c maps each word by an affine permutation of its
  class's vocabulary, `(a_c·i + b_c) mod V` with V prime: one-to-one, so two different ids never collide;
- a number of one to three digits → NUMBER, mapped by an affine permutation of the numbers of its digit count
  (casualty counts follow the numbers of their `victim_description`);
- a month name → MONTH, moved by the copy's month shift; an ISO date → DATE, moved by the copy's day shift;
- weekday names, short words and all the rest are fixed (a day shift is a whole number of weeks, so a weekday
  stays right).

A piece is an index into one lexicon (every vocabulary word in three case forms, the numbers, the month names,
the shifted dates and the fixed pieces), so rendering a column for a batch of copies is integer arithmetic over
a (copies × pieces) array, one `take` from the lexicon and one `binary_join`. Strings quoted from the source
text are rendered from the text's own pieces (the text is cut at every offset the tables quote), so a span, a
verbatim value and the text slice at the recomputed offsets are the same characters by construction.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dataset.schema import codes

TOKEN = re.compile(r"\d{4}-\d{2}-\d{2}|[A-Za-z]+|\d+|[^A-Za-z\d]+")
MIN_WORD = 4
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WEEKS = 520
"""A copy's day shift is 7·k days, k in [-WEEKS, WEEKS] (about ten years either way)."""
NAMES = 7919
"""Size of the NAME vocabulary (a prime): the package's names, then made-up names."""


FIXED, WORD, NAME, NUMBER, MONTH, DATE = range(6)
_WEEKDAYS = {d.lower() for d in codes.WEEKDAYS}
_SYLLABLES = [c + v for c in "bdfghklmnprstvz" for v in "aeiou"]


def is_prime(n: int) -> bool:
    return n >= 2 and all(n % d for d in range(2, int(n ** 0.5) + 1))


def next_prime(n: int) -> int:
    while not is_prime(n):
        n += 1
    return n


def prev_prime(n: int) -> int:
    while not is_prime(n):
        n -= 1
    return n


def month_shift(weeks: np.ndarray) -> np.ndarray:
    """Months a month-precision window moves when the copy's days move by 7·weeks (nearest whole month)."""
    return np.rint(np.asarray(weeks) * 7 / 30.436875).astype(np.int64)


def number_range(digits: int) -> tuple[int, int]:
    """(lowest value, prime count of values) of the numbers a NUMBER slot of `digits` digits maps among."""
    low = 1 if digits == 1 else 10 ** (digits - 1)
    return low, prev_prime(10 ** digits - low)


def case_of(token: str) -> int | None:
    """0 lower, 1 Capitalised, 2 UPPER; None for any other mix (kept fixed)."""
    if token.islower():
        return 0
    if token[0].isupper() and token[1:].islower():
        return 1
    if token.isupper() and len(token) > 1:
        return 2
    return None


def made_up_words(count: int, taken: set[str]) -> list[str]:
    """`count` pronounceable lowercase words of two or three syllables not in `taken`, in a fixed order."""
    out: list[str] = []
    if count <= 0:
        return out
    for size in (2, 3, 4):
        for parts in itertools.product(_SYLLABLES, repeat=size):
            word = "".join(parts)
            if word not in taken:
                out.append(word)
                if len(out) == count:
                    return out
    raise ValueError("not enough made-up words")


@dataclass
class Params:
    """The variation of a batch of copies: one value per copy."""

    word_a: np.ndarray
    word_b: np.ndarray
    name_a: np.ndarray
    name_b: np.ndarray
    number_a: np.ndarray
    number_b: np.ndarray
    weeks: np.ndarray
    line_keys: np.ndarray
    """Random sort keys of the source texts' lines (copies × lines), for reordering paragraphs."""

    @property
    def size(self) -> int:
        return len(self.weeks)


@dataclass
class Template:
    """Strings as pieces: row i is pieces row_offsets[i]:row_offsets[i+1]; `null` rows render as null."""

    row_offsets: np.ndarray
    kind: np.ndarray
    arg: np.ndarray
    case: np.ndarray
    null: np.ndarray

    @property
    def rows(self) -> int:
        return len(self.row_offsets) - 1

    @property
    def pieces(self) -> int:
        return len(self.kind)

    def select(self, ranges: Sequence[tuple[int, int] | None]) -> Template:
        """A template whose row i is the pieces [q0, q1) of this one (None: a null row)."""
        index = [np.arange(r[0], r[1]) if r else np.empty(0, np.int64) for r in ranges]
        lengths = np.array([len(i) for i in index], dtype=np.int64)
        flat = np.concatenate(index) if index else np.empty(0, np.int64)
        return Template(np.concatenate([[0], np.cumsum(lengths)]), self.kind[flat], self.arg[flat],
                        self.case[flat], np.array([r is None for r in ranges], dtype=bool))


class Lexicon:
    """Every piece string a copy can render, and the classes of the package's words."""

    def __init__(self, prose: Iterable[str], slugs: Iterable[str]) -> None:
        lower: set[str] = set()
        capital: set[str] = set()
        dates: set[str] = set()
        for text in prose:
            for token in TOKEN.findall(text):
                if len(token) == 10 and token[4] == "-" and _iso_date(token):
                    dates.add(token)
                elif token.isalpha() and token.isascii() and len(token) >= MIN_WORD:
                    (lower if token.islower() else capital).add(token.lower())
        names = capital - lower
        words = (lower | capital) - names
        for slug in slugs:
            for token in TOKEN.findall(slug):
                if token.isalpha() and len(token) >= MIN_WORD and token not in names:
                    words.add(token)
        words -= _WEEKDAYS | set(MONTHS)
        names -= _WEEKDAYS | set(MONTHS)
        self.words = sorted(words)
        self.words += made_up_words(next_prime(max(len(self.words), 2)) - len(self.words), set(self.words) | names)
        self.names = sorted(names)
        if len(self.names) > NAMES:
            raise ValueError(f"more than {NAMES} names")
        self.names += made_up_words(NAMES - len(self.names), names | set(self.words))
        self.word_index = {w: i for i, w in enumerate(self.words)}
        self.name_index = {w: i for i, w in enumerate(self.names)}
        self.dates = sorted(dates)
        self.date_index = {d: i for i, d in enumerate(self.dates)}
        strings: list[str] = []
        self.word_base = len(strings)
        strings += [f for w in self.words for f in (w, w.capitalize(), w.upper())]
        self.name_base = len(strings)
        strings += [f for w in self.names for f in (w, w.capitalize(), w.upper())]
        self.number_base = len(strings)
        strings += [str(i) for i in range(1000)]
        self.month_base = len(strings)
        strings += [f for m in MONTHS for f in (m, m.capitalize(), m.upper())]
        self.date_base = len(strings)
        shifts = [dt.timedelta(days=7 * k) for k in range(-WEEKS, WEEKS + 1)]
        strings += [(_iso_date(d) + s).isoformat() for d in self.dates for s in shifts]
        self._strings = strings
        self._fixed: dict[str, int] = {}
        self._array: pa.Array | None = None
        self._lengths: np.ndarray | None = None

    def fixed(self, piece: str) -> int:
        index = self._fixed.get(piece)
        if index is None:
            index = self._fixed[piece] = len(self._strings)
            self._strings.append(piece)
            self._array = self._lengths = None
        return index

    @property
    def array(self) -> pa.Array:
        if self._array is None:
            self._array = pa.array(self._strings, pa.string())
        return self._array

    @property
    def lengths(self) -> np.ndarray:
        """Code-point length of every lexicon string."""
        if self._lengths is None:
            self._lengths = np.array([len(s) for s in self._strings], dtype=np.int64)
        return self._lengths

    def classify(self, token: str) -> tuple[int, int, int]:
        """(kind, arg, case) of one token."""
        if len(token) == 10 and token in self.date_index:
            return DATE, self.date_index[token], 0
        if token.isdigit():
            if len(token) <= 3 and (token == "0" or token[0] != "0"):
                low, count = number_range(len(token))
                if 0 <= int(token) - low < count:
                    return NUMBER, int(token), len(token)
            return FIXED, self.fixed(token), 0
        if token.isalpha() and token.isascii() and len(token) >= MIN_WORD:
            case, key = case_of(token), token.lower()
            if case is not None:
                if key in MONTHS:
                    return MONTH, MONTHS.index(key), case
                if key in self.name_index:
                    return NAME, self.name_index[key], case
                if key in self.word_index:
                    return WORD, self.word_index[key], case
        return FIXED, self.fixed(token), 0

    def pieces(self, text: str) -> list[tuple[int, int, int]]:
        return [self.classify(t) for t in TOKEN.findall(text)]

    def template(self, values: Sequence[str | None]) -> Template:
        """The template of a column of strings (None: null)."""
        rows = [self.pieces(v) if v is not None else [] for v in values]
        return _template(rows, [v is None for v in values])

    def text_template(self, text: str, cuts: Iterable[int]) -> tuple[Template, np.ndarray]:
        """One row: `text` cut at every offset of `cuts` and tokenized; also each piece's start offset (code
        points), with len(text) appended."""
        points = sorted({0, len(text), *cuts})
        rows: list[tuple[int, int, int]] = []
        starts: list[int] = []
        for a, b in itertools.pairwise(points):
            offset = a
            for token in TOKEN.findall(text[a:b]):
                rows.append(self.classify(token))
                starts.append(offset)
                offset += len(token)
        starts.append(len(text))
        return _template([rows], [False]), np.array(starts, dtype=np.int64)

    def compact(self, template: Template) -> Template:
        """The same strings with each run of fixed pieces of a row joined into one piece (fewer to render)."""
        kind, arg, case = template.kind, template.arg, template.case
        rows: list[list[tuple[int, int, int]]] = []
        for lo, hi in itertools.pairwise(template.row_offsets):
            row: list[tuple[int, int, int]] = []
            run: list[str] = []
            for q in range(lo, hi):
                if kind[q] == FIXED:
                    run.append(self._strings[arg[q]])
                    continue
                if run:
                    row.append((FIXED, self.fixed("".join(run)), 0))
                    run = []
                row.append((int(kind[q]), int(arg[q]), int(case[q])))
            if run:
                row.append((FIXED, self.fixed("".join(run)), 0))
            rows.append(row)
        return _template(rows, list(template.null))

    def ids(self, template: Template, params: Params) -> np.ndarray:
        """The lexicon index of every piece of every copy of the batch: (copies × pieces)."""
        out = np.broadcast_to(template.arg, (params.size, template.pieces)).astype(np.int64)
        kind, arg, case = template.kind, template.arg, template.case
        for k, base, size, a, b in ((WORD, self.word_base, len(self.words), params.word_a, params.word_b),
                                    (NAME, self.name_base, len(self.names), params.name_a, params.name_b)):
            at = np.flatnonzero(kind == k)
            if len(at):
                mapped = (a[:, None] * arg[at][None, :] + b[:, None]) % size
                out[:, at] = base + 3 * mapped + case[at][None, :]
        at = np.flatnonzero(kind == NUMBER)
        if len(at):
            out[:, at] = self.number_base + map_numbers(arg[at], case[at], params)
        at = np.flatnonzero(kind == MONTH)
        if len(at):
            months = (arg[at][None, :] + month_shift(params.weeks)[:, None]) % 12
            out[:, at] = self.month_base + 3 * months + case[at][None, :]
        at = np.flatnonzero(kind == DATE)
        if len(at):
            out[:, at] = self.date_base + arg[at][None, :] * (2 * WEEKS + 1) + (params.weeks[:, None] + WEEKS)
        return out

    def render(self, template: Template, params: Params) -> pa.Array:
        """The rows of `template` for every copy of the batch, copy by copy (a string array of copies × rows)."""
        ids = self.ids(template, params)
        copies = params.size
        flat = self.array.take(pa.array(ids.ravel()))
        starts = (template.row_offsets[None, :-1] + (np.arange(copies, dtype=np.int64) * template.pieces)[:, None])
        offsets = np.append(starts.ravel(), copies * template.pieces).astype(np.int32)
        joined = pc.binary_join(pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), flat), "")
        if template.null.any():
            joined = pc.if_else(pa.array(np.tile(template.null, copies)), pa.scalar(None, pa.string()), joined)
        return joined


def map_numbers(values: np.ndarray, digits: np.ndarray, params: Params) -> np.ndarray:
    """The numbers `values` (of `digits` digits) as copy c maps them: (copies × values)."""
    out = np.empty((params.size, len(values)), dtype=np.int64)
    for d in np.unique(digits):
        at = np.flatnonzero(digits == d)
        low, count = number_range(int(d))
        a = 1 + params.number_a % (count - 1)
        out[:, at] = low + (a[:, None] * (values[at][None, :] - low) + params.number_b[:, None]) % count
    return out


def make_params(rng: np.random.Generator, copies: int, lexicon: Lexicon, lines: int) -> Params:
    words, names = len(lexicon.words), len(lexicon.names)
    return Params(word_a=rng.integers(1, words, copies), word_b=rng.integers(0, words, copies),
                  name_a=rng.integers(1, names, copies), name_b=rng.integers(0, names, copies),
                  number_a=rng.integers(0, 1 << 30, copies), number_b=rng.integers(0, 1 << 30, copies),
                  weeks=rng.integers(-WEEKS, WEEKS + 1, copies), line_keys=rng.random((copies, lines)))


def _iso_date(token: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(token)
    except ValueError:
        return None


def _template(rows: list[list[tuple[int, int, int]]], null: list[bool]) -> Template:
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    flat = np.array([p for r in rows for p in r], dtype=np.int64).reshape(-1, 3)
    return Template(np.concatenate([[0], np.cumsum(lengths)]), flat[:, 0].copy(), flat[:, 1].copy(),
                    flat[:, 2].copy(), np.array(null, dtype=bool))
