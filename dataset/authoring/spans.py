"""Turning a person's evidence reference (line, quote, occurrence) into code-point offsets into a text.

A quote starts in the line it cites and may run on across line breaks: each run of whitespace in the quote
matches either itself or one line break with the spaces and tabs around it, so a quotation the text wraps over
two lines is written as it reads, on one line ("critical for regional peace" matches "critical for\\nregional
peace"). Everything else matches character for character. The text is the one offset rule of
`dataset.schema.lineends` (line ends read as "\\n").

A reference that does not fit says what the text holds instead: the cited line (or the part of it nearest
the quote), the other lines where the quote does occur, a quotation mark or apostrophe that differs from the
one printed (the article prints both ’ and '), and a quote that differs from the text only by Unicode
normalization (NFC against NFD: characters that look the same but are encoded differently).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from dataset.schema.lineends import LINE_BREAK, normalization_hint

SHOWN = 320
"""How many characters of a cited line an error message shows at most."""

_PLAIN_MARKS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_WHITESPACE = re.compile(r"\s+")
_LEADING_WORD = re.compile(r"\s*\S*")


class SpanError(ValueError):
    """A quote that is not where its reference says it is."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def quote_pattern(quote: str) -> re.Pattern[str]:
    """The text a quote matches: itself, with any run of whitespace between two of its words standing also for
    one line break (whitespace at its start or end matches only itself)."""
    parts = _WHITESPACE.split(quote)
    gaps = _WHITESPACE.findall(quote)
    pattern = re.escape(parts[0])
    for n, (gap, part) in enumerate(zip(gaps, parts[1:], strict=True)):
        between_words = n > 0 or parts[0], part
        pattern += (f"(?:{re.escape(gap)}|{LINE_BREAK})" if all(between_words) else re.escape(gap)) + re.escape(part)
    return re.compile(pattern)


def _first_word(quote: str) -> str:
    """The quote up to its first run of whitespace between words: where a match of it can start."""
    return _LEADING_WORD.match(quote).group()  # type: ignore[union-attr]  # matches every string


def _shown(content: str, quote: str) -> str:
    """The line, or the window of it around the part that best matches the quote when it is long."""
    if len(content) <= SHOWN:
        return content
    import difflib  # only for a message: not imported with the module

    match = difflib.SequenceMatcher(None, content, quote, autojunk=False).find_longest_match()
    start = max(0, min(match.a - SHOWN // 3, len(content) - SHOWN))
    return ("…" if start else "") + content[start:start + SHOWN] + ("…" if start + SHOWN < len(content) else "")


class LineIndex:
    """Code-point offsets of the lines of one text (lines are numbered from 1, split on '\\n')."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = [0]
        at = text.find("\n")
        while at != -1:
            self.starts.append(at + 1)
            at = text.find("\n", at + 1)

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

    def line_of(self, offset: int) -> int:
        """The line that holds a code-point offset."""
        return bisect.bisect_right(self.starts, offset)

    def _matches(self, line: int, quote: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """Every match of the quote that starts in the line, overlapping ones included. Only the places where
        the quote's first word occurs in the line are tried, so that a reference never searches the whole text."""
        start, end = self.line_range(line)
        first = _first_word(quote)
        found = []
        at = self.text.find(first, start, end)
        while at != -1 and at < end:
            match = pattern.match(self.text, at)
            if match is not None:
                found.append(match)
            at = self.text.find(first, at + 1, end)
        return found

    def _not_found(self, line: int, quote: str, pattern: re.Pattern[str]) -> SpanError:
        content = self.content(line)
        elsewhere = sorted({self.line_of(m.start()) for m in pattern.finditer(self.text)} - {line})
        hints = []
        if elsewhere:
            hints.append(f"it occurs in line {', '.join(map(str, elsewhere[:5]))}")
        plain = quote.translate(_PLAIN_MARKS)
        if plain in content.translate(_PLAIN_MARKS):
            at = content.translate(_PLAIN_MARKS).find(plain)
            hints.append(f"the text prints it with other quotation marks or apostrophes: "
                         f"{content[at:at + len(quote)]!r}")
        if self._composed_match(line, quote):
            hints.append(normalization_hint(quote, content, f"on line {line}"))
        hint = f" ({'; '.join(hints)})" if hints else ""
        return SpanError(f"{quote!r} does not occur in line {line}{hint}; line {line} reads: "
                         f"{_shown(content, quote)!r}")

    def _composed_match(self, line: int, quote: str) -> bool:
        """Whether the quote, composed (NFC), starts in the composed line: whether it differs from the text only
        by Unicode normalization. The text is composed from the line as far as the quote can reach."""
        start, end = self.line_range(line)
        reach = self.line_range(min(line + len(_WHITESPACE.findall(quote)), len(self.starts)))[1]
        composed_line = unicodedata.normalize("NFC", self.text[start:end])
        window = unicodedata.normalize("NFC", self.text[start:reach])
        match = quote_pattern(unicodedata.normalize("NFC", quote)).search(window)
        return match is not None and match.start() < max(len(composed_line), 1)

    def locate(self, line: int, quote: str, occurrence: int | None = None) -> Span:
        """The `occurrence`-th appearance of `quote` that starts in `line`; a quote that appears more than once
        needs an explicit occurrence, so that a reference is never silently ambiguous."""
        pattern = quote_pattern(quote)
        found = self._matches(line, quote, pattern)
        if not found:
            raise self._not_found(line, quote, pattern)
        if occurrence is None and len(found) > 1:
            raise SpanError(f"{quote!r} occurs {len(found)} times in line {line}: say which with occurrence "
                            f"(1 to {len(found)}, counted from the start of the line)")
        if (occurrence or 1) > len(found):
            raise SpanError(f"{quote!r} occurs {len(found)} time(s) in line {line}, not {occurrence}")
        match = found[(occurrence or 1) - 1]
        return Span(match.start(), match.end(), match.group())
