"""Tables paged on the server: at national scale (1 200 centres) a table of every row would be
most of a megabyte of HTML. Each table has its own page parameter, so paging one keeps the other's
page, and every link keeps the rest of the address (scenario, year, chosen centre)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from common.query import whole_number

#: Rows per page: a region's few dozen centres fit on one page, and then no pager is shown.
PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    #: The pager's links, numbered from 1: (number, address, is the current page); empty for one page.
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

    links = [(n, address(n), n == number) for n in range(1, count + 1)] if count > 1 else []
    return Page(
        rows=rows[start : start + size],
        links=links,
        previous=address(number - 1) if number > 1 else "",
        next=address(number + 1) if number < count else "",
        first_row=start + 1 if rows else 0,
        last_row=min(start + size, len(rows)),
        total=len(rows),
    )
