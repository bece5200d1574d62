"""The text rules of the schema. The one offset rule for source texts: line ends count as one character, "\\n";
and how a quote may cross a line break and differ from the text only by Unicode form.

A text file may end its lines with LF, CRLF or CR. Every offset in the dataset (a source's `text_start` and
`text_end`, an evidence row's `start` and `end`) counts Unicode code points into the text with each CRLF and each
lone CR read as one LF, so that the three versions of one text give identical offsets and identical slices in
the build, the validator, `dataset.source_text` and the explorer. `text_sha256` stays the hash of the file's
bytes as they are. Nothing else is changed: no Unicode normalization, no trimming.
"""

from __future__ import annotations

import unicodedata
from typing import AnyStr

LINE_BREAK = r"[ \t]*\n[ \t]*"
"""What a run of whitespace in a quote also matches: one line break, with the spaces and tabs around it (a
regular expression that Python's `re` and polars read alike)."""


def normalize_line_ends(text: AnyStr) -> AnyStr:
    """`text` (str, or UTF-8 bytes) with every CRLF and every lone CR replaced by LF. A text without CR (the
    common case) is returned as it is, after one scan for CR."""
    cr, lf = ("\r", "\n") if isinstance(text, str) else (b"\r", b"\n")
    if cr not in text:
        return text
    return text.replace(cr + lf, lf).replace(cr, lf)


def unicode_form(text: str) -> str:
    """Which Unicode normalization form a text is in, as a message says it."""
    nfc, nfd = unicodedata.is_normalized("NFC", text), unicodedata.is_normalized("NFD", text)
    if nfc and nfd:
        return "in both NFC and NFD (no composable characters)"
    return "NFC" if nfc else "NFD" if nfd else "in neither NFC nor NFD (a mix)"


def normalization_hint(given: str, text: str, where: str, what: str = "quote") -> str:
    """The message for a `given` quote (or value, span: `what`) that equals `text` only after Unicode
    normalization."""
    return (f"the {what} is {unicode_form(given)}, the text {where} is {unicode_form(text)}: the same characters "
            f"in another Unicode form; copy the {what} from the text")
