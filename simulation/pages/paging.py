"""Tables paged on the server: at national scale (1 200 centres) a table of every row would be
most of a megabyte of HTML. Each table has its own page parameter, so paging one keeps the other's
page, and every link keeps the rest of the address (scenario, year, chosen centre).

A paged table is sorted on the server too (``sorted_page``): its headers are links that sort every
row and go to the first page, since sorting in the browser would sort only the rows shown. A table
that fits on one page keeps the browser's sort (static/js/table-sort.js)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from common.query import whole_number

#: Rows per page: a region's few dozen centres fit on one page, and then no pager is shown.
PAGE_SIZE = 50
#: Pages the pager names besides the first and the last: the current page and this many either side.
PAGER_REACH = 2
#: Swedish order for the letters after z (å, ä, ö), which code points put as ä, å, ö.
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    #: The pager's links, numbered from 1: (number, address, is the current page); empty for one page.
    #: Only the first, the last and the current ±``PAGER_REACH`` are named; a gap is (0, "", False).
    links: list[tuple[int, str, bool]]
    previous: str
    next: str
    first_row: int
    last_row: int
    total: int


def page_of(rows: list[Any], query, parameter: str, anchor: str, size: int | None = None) -> Page:
    """The page of ``rows`` that ``query[parameter]`` names (the first when it names none), with
    links to every page that keep the other parameters of ``query`` (a QueryDict)."""
    size = size or PAGE_SIZE
    count = max(1, -(-len(rows) // size))
    asked = whole_number(query.get(parameter))
    number = asked if asked is not None and 1 <= asked <= count else 1
    start = (number - 1) * size

    def address(n: int) -> str:
        kept = [(k, v) for k, values in query.lists() if k != parameter for v in values]
        return "?" + urlencode(kept + ([(parameter, n)] if n > 1 else [])) + f"#{anchor}"

    links = [(n, address(n), n == number) if n else (0, "", False) for n in _named(number, count)] if count > 1 else []
    return Page(
        rows=rows[start : start + size],
        links=links,
        previous=address(number - 1) if number > 1 else "",
        next=address(number + 1) if number < count else "",
        first_row=start + 1 if rows else 0,
        last_row=min(start + size, len(rows)),
        total=len(rows),
    )


def _named(number: int, count: int) -> list[int]:
    """The page numbers a pager shows, 0 for a gap: 24 numbered links wrap to five rows on a phone."""
    shown = sorted({1, count, *range(max(1, number - PAGER_REACH), min(count, number + PAGER_REACH) + 1)})
    found: list[int] = []
    for n in shown:
        if found and n - found[-1] == 2:
            found.append(n - 1)  # a gap of one page is shown as that page, not as "…"
        elif found and n - found[-1] > 2:
            found.append(0)
        found.append(n)
    return found


@dataclass(frozen=True)
class Column:
    """A header of a sortable table: its label, whether it holds numbers, its ``aria-sort``
    ("ascending", "descending" or "") and, when the table is paged, the address that sorts by it."""

    key: str
    label: str
    numeric: bool
    aria_sort: str
    url: str
    hint: str


def sort_key(value: Any) -> Any:
    if isinstance(value, (int, float)):
        return (0, float(value), "")
    return (1, 0.0, str(value or "").lower().translate(_SWEDISH))


def sorted_page(
    rows: list[dict[str, Any]],
    query,
    columns: list[tuple[str, str, bool]],
    names: tuple[str, str, str],
    anchor: str,
    default: tuple[str, str],
) -> tuple[Page, list[Column]]:
    """``rows`` sorted by ``query`` (``names``: its sort, order and page parameters; ``default``:
    the column and order when it names none or one that does not exist) and the page of them it
    asks for, with the headers of ``columns`` (key, label, holds numbers). A paged table's headers
    link to every row sorted by that column, from the first page, keeping the rest of the address."""
    sort_name, order_name, page_name = names
    keys = [key for key, _label, _numeric in columns]
    sort = query.get(sort_name) if query.get(sort_name) in keys else default[0]
    order = query.get(order_name) if query.get(order_name) in ("asc", "desc") else default[1]
    # No default column (""): the rows keep their own order until a header is chosen.
    ordered = sorted(rows, key=lambda r: sort_key(r.get(sort)), reverse=order == "desc") if sort else list(rows)
    page = page_of(ordered, query, page_name, anchor)
    kept = [(k, v) for k, values in query.lists() if k not in names for v in values]
    headers = []
    for key, label, numeric in columns:
        current = key == sort
        following = "desc" if current and order == "asc" else "asc"
        url = "?" + urlencode([*kept, (sort_name, key), (order_name, following)]) + f"#{anchor}" if page.links else ""
        hint = _("sort descending") if following == "desc" else _("sort ascending")
        aria = ("ascending" if order == "asc" else "descending") if current else ""
        headers.append(Column(key, str(label), numeric, aria, url, str(hint)))
    return page, headers
