"""Centre and unit ids as people read them: two ids that look the same on a page are one id.

An upload whose ids differ only in capitals, spacing, invisible characters, look-alike letters of
another script (Cyrillic А for Latin A), a compatibility form (full-width Ａ, the ligature ﬁ) or
leading zeros (``1`` and ``01``) would silently make two centres of one; ``id_key`` maps all of
those spellings to one key, so that such ids are refused. Look-alike letters come from Unicode's
confusables table (``confusable_homoglyphs``); Swedish letters (å, ä, ö) are Latin and stay
themselves.
"""

from __future__ import annotations

import re
import unicodedata

from confusable_homoglyphs import confusables

#: Characters nobody sees: format characters (zero-width space, BOM, soft hyphen…), control
#: characters (tab), line and paragraph separators, unassigned and private-use code points.
INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zl", "Zp", "Cn", "Co"})
_DIGITS = re.compile(r"[0-9]+")


def invisible_character(text: str) -> str | None:
    """The first invisible character of ``text``, named for people (``U+200B ZERO WIDTH SPACE``)."""
    for character in text:
        if unicodedata.category(character) in INVISIBLE_CATEGORIES:
            return character_name(character)
    return None


def character_name(character: str) -> str:
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" {name}" if name else "")


def id_key(text: str) -> str:
    """What an id looks like: the same key for every spelling a reader cannot tell apart."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in INVISIBLE_CATEGORIES)
    found = confusables.is_confusable(text, greedy=True, preferred_aliases=["latin", "common"]) or []
    latin = {f["character"]: f["homoglyphs"][0]["c"] for f in found if f["homoglyphs"]}
    text = "".join(latin.get(c, c) for c in text).casefold()
    return _DIGITS.sub(lambda m: m.group().lstrip("0") or "0", text)
