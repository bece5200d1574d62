"""Turning a person's evidence reference (line, quote, occurrence) into code-point offsets into a text."""

from __future__ import annotations

from dataclasses import dataclass


class SpanError(ValueError):
    """A quote that is not where its reference says it is."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


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

    def locate(self, line: int, quote: str, occurrence: int | None = None) -> Span:
        """The `occurrence`-th appearance of `quote` in `line`; a quote that appears more than once needs an
        explicit occurrence, so that a reference is never silently ambiguous."""
        start, end = self.line_range(line)
        content = self.text[start:end]
        found: list[int] = []
        at = content.find(quote)
        while at != -1:
            found.append(at)
            at = content.find(quote, at + 1)
        if not found:
            raise SpanError(f"{quote!r} does not occur in line {line}")
        if occurrence is None and len(found) > 1:
            raise SpanError(f"{quote!r} occurs {len(found)} times in line {line}: say which with occurrence")
        if (occurrence or 1) > len(found):
            raise SpanError(f"{quote!r} occurs {len(found)} time(s) in line {line}, not {occurrence}")
        offset = start + found[(occurrence or 1) - 1]
        return Span(offset, offset + len(quote), quote)
