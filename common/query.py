"""Numbers typed into an address or a form field by hand (or by a scanner)."""

from __future__ import annotations

import re

#: ASCII digits only, and few enough for any id, year or page. ``str.isdigit`` also takes "²" and
#: other Unicode digits that ``int`` refuses, and ``int`` refuses more than 4 300 digits: either
#: would raise where the page should fall back to its default.
_WHOLE = re.compile(r"[0-9]{1,18}")


def whole_number(text: object) -> int | None:
    """``text`` as a non-negative whole number, or None when it is not one."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return int(text) if _WHOLE.fullmatch(text) else None
