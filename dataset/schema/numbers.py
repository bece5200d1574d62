"""Numbers as English text writes them: digits ("11", "1,200", "1.5 million"), cardinal words from "zero" to
"ninety-nine" with "hundred", "thousand", "million", "billion" and "dozen" ("two hundred and five", "a dozen",
"three dozen"), "a"/"an" as one ("killing a soldier"), and "no", "none", "nobody", "no one", "nil" as zero.
Vague quantities ("dozens", "hundreds", "several") and ordinals ("11th") are not numbers.

Used by the validation rule `rules.count-in-evidence` (a casualty count against the numbers of its evidence) and by the
explorer (a victim group is its description without its numbers). Standard library only; PATTERN is also a
valid polars (Rust) regular expression, so that the validator finds the runs of a whole column at once.
"""

from __future__ import annotations

import math
import re

_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_MULTIPLIERS = {"hundred": 100, "dozen": 12}
_ZERO = ("no", "none", "nobody", "nil")
_ARTICLES = ("a", "an")
WORDS = {**{w: n for n, w in enumerate(_UNITS)}, **{w: 10 * n for n, w in enumerate(_TENS, start=2)}}
"""The English cardinal words below a hundred and their values."""

_DIGITS = r"\d+(?:[.,]\d+)*"
_WORD = "|".join(sorted(["no\\s+one", *WORDS, *_SCALES, *_MULTIPLIERS, *_ZERO, *_ARTICLES], key=len, reverse=True))
PATTERN = rf"(?i)\b(?:{_DIGITS}|{_WORD})(?:(?:\s+and\s+|\s*-\s*|\s+)(?:{_DIGITS}|{_WORD}))*\b"
"""A run of number words and digits: the text of one number or of several next to each other ("16-18")."""


class _Reader:
    """Reads the numbers of one run of words and digits, left to right: a word continues the number being read
    where English composes ("twenty-four", "two hundred and five", "three dozen", "2 million") and starts a new
    one where it cannot ("16-18", "3 and 4")."""

    def __init__(self) -> None:
        self.numbers: list[float] = []
        self.total: float = 0
        self.current: float | None = None
        self.last = ""

    def flush(self) -> None:
        if self.current is not None or self.last == "scale":
            self.numbers.append(self.total + (self.current or 0))
        self.total, self.current, self.last = 0, None, ""

    def start(self, value: float, kind: str) -> None:
        self.flush()
        self.current, self.last = value, kind

    def word(self, word: str) -> None:
        value = WORDS.get(word)
        open_after_scale = self.last in ("multiplier", "scale")
        if value is not None and value < 10 and (self.last == "tens" or open_after_scale) and value:
            self.current, self.last = (self.current or 0) + value, "unit"
        elif value is not None and value >= 10 and open_after_scale:
            self.current, self.last = (self.current or 0) + value, "tens" if value >= 20 else "unit"
        elif value is not None:
            self.start(value, "tens" if value >= 20 else "unit")
        elif word in _MULTIPLIERS:
            if self.current is None or self.last in ("multiplier", "scale"):
                self.start(1, "unit")
            self.current, self.last = self.current * _MULTIPLIERS[word], "multiplier"
        elif word in _SCALES:
            if self.current is None and self.last != "scale":
                self.start(1, "unit")
            self.total, self.current, self.last = self.total + (self.current or 0) * _SCALES[word], None, "scale"
        elif word in _ARTICLES:
            self.start(1, "article")
        elif word == "and":
            if not open_after_scale:
                self.flush()
        else:  # a word for zero
            self.start(0, "zero")
            self.flush()


def numbers_of(run: str) -> tuple[int, ...]:
    """The whole numbers a run of number words and digits (a match of PATTERN) prints, in order."""
    reader = _Reader()
    tokens = re.findall(r"\d+(?:[.,]\d+)*|[a-z]+", run.lower())
    skip = False
    for i, token in enumerate(tokens):
        if skip:
            skip = False
        elif token == "no" and tokens[i + 1:i + 2] == ["one"]:
            reader.word("nobody")
            skip = True
        elif token[0].isdigit():
            reader.start(_digits(token), "digits")
        else:
            reader.word(token)
    reader.flush()
    return tuple(int(n) for n in reader.numbers if math.isfinite(n) and n == int(n))


def _digits(token: str) -> float:
    """'1,200' is 1200 (thousands separated by commas) and '1.5' is 1.5; any other grouping ('1,5', '1.200.300')
    is not read: NaN, which stays NaN through "million" and equals no count."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", token):
        return int(token.replace(",", ""))
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token) if "." in token else int(token)
    return math.nan
