"""Turning a person's evidence reference (line, quote, occurrence) into code-point offsets into a text.

A reference that does not fit says what the text holds instead: the cited line (or the part of it nearest
the quote), the other lines where the quote does occur, and a quotation mark or apostrophe that differs
from the one printed (the article prints both ’ and ').
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

SHOWN = 320
"""How many characters of a cited line an error message shows at most."""

_PLAIN_MARKS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


class SpanError(ValueError):
    """A quote that is not where its reference says it is."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def _occurrences(content: str, quote: str) -> list[int]:
    found: list[int] = []
    at = content.find(quote)
    while at != -1:
        found.append(at)
        at = content.find(quote, at + 1)
    return found


def _shown(content: str, quote: str) -> str:
    """The line, or the window of it around the part that best matches the quote when it is long."""
    if len(content) <= SHOWN:
        return content
    match = difflib.SequenceMatcher(None, content, quote, autojunk=False).find_longest_match()
    start = max(0, min(match.a - SHOWN // 3, len(content) - SHOWN))
    return ("…" if start else "") + content[start:start + SHOWN] + ("…" if start + SHOWN < len(content) else "")


class LineIndex:
    """Code-point offsets of the lines of one text (lines are numbered from 1, split on '\\n')."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)

    def line_range(self, line: int) -> tuple[int, int]:
        """[start, end) of a line, without its newline."""
        if not 1 <= line <= len(self.starts):
            raise SpanError(f"line {line} does not exist (the text has {len(self.starts)} lines)")
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return start, end

    def content(self, line: int) -> str:
        start, end = self.line_range(line)
        return self.text[start:end]

    def _not_found(self, line: int, quote: str) -> SpanError:
        content = self.content(line)
        elsewhere = [n for n in range(1, len(self.starts) + 1) if n != line and quote in self.content(n)]
        hints = []
        if elsewhere:
            hints.append(f"it occurs in line {', '.join(map(str, elsewhere[:5]))}")
        plain = quote.translate(_PLAIN_MARKS)
        if plain in content.translate(_PLAIN_MARKS):
            at = content.translate(_PLAIN_MARKS).find(plain)
            hints.append(f"the text prints it with other quotation marks or apostrophes: "
                         f"{content[at:at + len(quote)]!r}")
        hint = f" ({'; '.join(hints)})" if hints else ""
        return SpanError(f"{quote!r} does not occur in line {line}{hint}; line {line} reads: "
                         f"{_shown(content, quote)!r}")

    def locate(self, line: int, quote: str, occurrence: int | None = None) -> Span:
        """The `occurrence`-th appearance of `quote` in `line`; a quote that appears more than once needs an
        explicit occurrence, so that a reference is never silently ambiguous."""
        start, _ = self.line_range(line)
        found = _occurrences(self.content(line), quote)
        if not found:
            raise self._not_found(line, quote)
        if occurrence is None and len(found) > 1:
            raise SpanError(f"{quote!r} occurs {len(found)} times in line {line}: say which with occurrence "
                            f"(1 to {len(found)}, counted from the start of the line)")
        if (occurrence or 1) > len(found):
            raise SpanError(f"{quote!r} occurs {len(found)} time(s) in line {line}, not {occurrence}")
        offset = start + found[(occurrence or 1) - 1]
        return Span(offset, offset + len(quote), quote)
