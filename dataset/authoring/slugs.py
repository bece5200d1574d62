"""Ids made from names: lowercase ASCII slugs, by transliteration where one is available offline, never by
silently dropping letters.

Latin letters lose their accents (Unicode compatibility decomposition, NFKD, then the combining marks are
dropped: "Ēxample" → "example", "Ａ" → "a"); the Latin letters that do not decompose take the ASCII spelling of
the Unicode CLDR transform Latin-ASCII (common/transforms/Latin-ASCII.xml in github.com/unicode-org/cldr:
"ß → ss", "ø → o", "ł → l", …); decimal digits of any script become ASCII digits. Other scripts (Arabic,
Cyrillic, Devanagari, Han, Urdu, Persian, …) have no transliteration available offline here: `ascii_id` refuses
a name with such letters, so that `init` asks for the id instead of making `package` (or half a name) of it.
"""

from __future__ import annotations

import re
import unicodedata

LATIN_ASCII = {
    "ß": "ss", "æ": "ae", "ð": "d", "ø": "o", "þ": "th", "đ": "d", "ħ": "h", "ı": "i", "ĸ": "q", "ł": "l",
    "ŋ": "n", "œ": "oe", "ŧ": "t", "ƀ": "b", "ƈ": "c", "ƌ": "d", "ƒ": "f", "ƙ": "k", "ƚ": "l", "ƞ": "n",
    "ƣ": "oi", "ƥ": "p", "ƫ": "t", "ƭ": "t", "ƴ": "y", "ƶ": "z", "ǥ": "g", "ȡ": "d", "ȥ": "z", "ȴ": "l",
    "ȵ": "n", "ȶ": "t", "ȷ": "j", "ȸ": "db", "ȹ": "qp", "ȼ": "c", "ȿ": "s", "ɀ": "z", "ɇ": "e", "ɉ": "j",
    "ɍ": "r", "ɏ": "y", "ɓ": "b", "ɕ": "c", "ɖ": "d", "ɗ": "d", "ɛ": "e", "ɟ": "j", "ɠ": "g", "ɡ": "g",
    "ɦ": "h", "ɨ": "i", "ɫ": "l", "ɲ": "n", "ɳ": "n", "ʂ": "s", "ʈ": "t", "ʉ": "u", "ʋ": "v", "ʐ": "z",
    "ʑ": "z",
}
"""Lowercase Latin letters without a decomposition, as CLDR's Latin-ASCII transform spells them (a subset: the
letters of Latin-1, Latin Extended-A and B and the IPA letters that occur in names)."""


class NoId(ValueError):
    """A name from which no ASCII id can be made offline: it holds letters of a script without transliteration
    here, or no letters or digits at all."""


def transliterate(text: str) -> tuple[str, list[str]]:
    """`text` lowercased in ASCII, and the letters (or numbers) that could not be transliterated, each once, in
    order; punctuation, symbols and spaces of any script become spaces."""
    out: list[str] = []
    missing: list[str] = []
    for ch in unicodedata.normalize("NFKD", text.lower()):
        if ch.isascii():
            out.append(ch)
        elif unicodedata.category(ch).startswith("M"):
            continue  # an accent or vowel sign of the letter before it
        elif ch in LATIN_ASCII:
            out.append(LATIN_ASCII[ch])
        elif unicodedata.decimal(ch, None) is not None:
            out.append(str(unicodedata.decimal(ch)))
        elif unicodedata.category(ch)[0] in "LN":
            out.append(" ")
            if ch not in missing:
                missing.append(ch)
        else:
            out.append(" ")
    return "".join(out), missing


def _dashes(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def slug(text: str) -> str:
    """A lowercase slug of `text` (for a package name), or 'package' when nothing is left."""
    return _dashes(transliterate(text)[0]) or "package"


def ascii_id(name: str) -> str:
    """The id made from `name` by transliteration; raises NoId, saying why, rather than drop a letter."""
    ascii_text, missing = transliterate(name)
    if missing:
        scripts = dict.fromkeys(unicodedata.name(ch, "unnamed").split()[0].title() for ch in missing)
        shown = " ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
        raise NoId(f"{name!r} has letters with no transliteration available offline ({', '.join(scripts)}: "
                   f"{shown})")
    ident = _dashes(ascii_text)
    if not ident:
        raise NoId(f"{name!r} has no letters or digits to make an id of")
    return ident
