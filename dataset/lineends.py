"""The one offset rule for source texts: line ends count as one character, "\\n".

A text file may end its lines with LF, CRLF or CR. Every offset in the dataset (a source's `text_start` and
`text_end`, an evidence row's `start` and `end`) counts Unicode code points into the text with each CRLF and each
lone CR read as one LF, so that the three versions of one text give identical offsets and identical slices in
the build, the validator, `dataset.source_text` and the explorer. `text_sha256` stays the hash of the file's
bytes as they are. Nothing else is changed: no Unicode normalization, no trimming.
"""

from __future__ import annotations

from typing import AnyStr


def normalize_line_ends(text: AnyStr) -> AnyStr:
    """`text` (str, or UTF-8 bytes) with every CRLF and every lone CR replaced by LF. A text without CR (the
    common case) is returned as it is, after one scan for CR."""
    cr, lf = ("\r", "\n") if isinstance(text, str) else (b"\r", b"\n")
    if cr not in text:
        return text
    return text.replace(cr + lf, lf).replace(cr, lf)
