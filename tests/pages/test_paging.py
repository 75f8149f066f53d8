"""The overview's centre and unit tables are paged at national scale (issue 27): an accessible pager
(a nav with its label, the current page marked, Swedish labels) whose every link works and keeps
the rest of the address."""

import re
from html import unescape

import pytest
from django.http import QueryDict
from django.test import Client

from simulation.pages import paging
from simulation.pages.paging import page_of
from tests.api.conftest import make_region


def test_one_page_needs_no_pager():
    page = page_of(list(range(3)), QueryDict("year=2025"), "p", "t", size=5)
    assert (page.rows, page.links, page.previous, page.next) == ([0, 1, 2], [], "", "")


def test_a_page_keeps_the_other_parameters_and_links_only_to_pages_that_exist():
    page = page_of(list(range(7)), QueryDict("year=2025&p=2&s=1&s=2"), "p", "t", size=3)

    assert page.rows == [3, 4, 5]
    assert (page.first_row, page.last_row, page.total) == (4, 6, 7)
    assert [(n, current) for n, _a, current in page.links] == [(1, False), (2, True), (3, False)]
    assert page.previous == "?year=2025&s=1&s=2#t"  # the first page's address has no page number
    assert page.next == "?year=2025&s=1&s=2&p=3#t"


@pytest.mark.parametrize("asked", ["0", "4", "x", "-1", ""])
def test_a_page_that_does_not_exist_shows_the_first(asked):
    assert page_of(list(range(7)), QueryDict(f"p={asked}"), "p", "t", size=3).rows == [0, 1, 2]


def links(html: str, label: str) -> tuple[str, list[str]]:
    nav = re.search(rf'<nav class="pager" aria-label="{label}">(.*?)</nav>', html, re.S)
    assert nav is not None, f"no pager labelled {label}"
    return nav.group(1), [unescape(h) for h in re.findall(r'href="([^"]+)"', nav.group(1))]


def centres_listed(html: str) -> list[str]:
    table = re.search(r'<table class="sortable centres">(.*?)</table>', html, re.S).group(1)
    return re.findall(r'title="Varför\?[^"]*">([^<]+)</a></td><td>', table)


def test_the_overview_pages_its_centre_table_with_an_accessible_pager(db, settings, monkeypatch):
    settings.VARDPENG_PUBLIC_READ = True
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    region = make_region("AA")
    client = Client()

    first = client.get("/regions/AA/?year=2025", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    nav, hrefs = links(first, "Sidor i vårdcentralstabellen")
    second = client.get("/regions/AA/" + hrefs[-1].split("#")[0]).content.decode()

    assert 'aria-current="page">1<' in nav and "Nästa sida" in nav and "Föregående sida" not in nav
    assert all("year=2025" in h for h in hrefs)
    assert len(centres_listed(first)) == 2 and len(centres_listed(second)) == 1
    assert set(centres_listed(first)).isdisjoint(centres_listed(second))
    assert len(set(centres_listed(first) + centres_listed(second))) == region.datasets.get().rows.count()
    second_nav, second_hrefs = links(second, "Sidor i vårdcentralstabellen")
    assert 'aria-current="page">2<' in second_nav and "Föregående sida" in second_nav
    for href in set(hrefs + second_hrefs):
        assert client.get("/regions/AA/" + href.split("#")[0]).status_code == 200


@pytest.mark.parametrize(
    ("number", "count", "named"),
    [
        (12, 24, [1, 0, 10, 11, 12, 13, 14, 0, 24]),
        (1, 24, [1, 2, 3, 0, 24]),
        (24, 24, [1, 0, 22, 23, 24]),
        (4, 24, [1, 2, 3, 4, 5, 6, 0, 24]),  # a gap of one page shows that page
        (2, 3, [1, 2, 3]),
    ],
)
def test_the_pager_names_the_first_the_last_and_the_current_page_two_either_side(number, count, named):
    page = page_of(list(range(count)), QueryDict(f"p={number}"), "p", "t", size=1)

    assert [n for n, _a, _c in page.links] == named
    assert [n for n, _a, current in page.links if current] == [number]


def test_a_paged_table_sorts_every_row_before_paging_and_its_headers_link_to_the_first_page():
    rows = [{"name": n, "result": r} for n, r in [("Ödeshög", 3.0), ("Åre", -1.0), ("Älvdalen", 7.0), ("Alby", 5.0)]]
    query = QueryDict("year=2025&p=2&sort=result&order=desc")
    columns = [("name", "Vårdcentral", False), ("result", "Resultat", True)]

    page, headers = paging.sorted_page(rows, query, columns, ("sort", "order", "p"), "t", ("result", "asc"))
    page_size = paging.PAGE_SIZE

    assert page_size >= 4 and [r["result"] for r in page.rows] == [7.0, 5.0, 3.0, -1.0]
    assert headers[0].url == "" and headers[1].aria_sort == "descending"  # one page: the browser sorts
    by_name = paging.sorted_page(rows, QueryDict("sort=name"), columns, ("sort", "order", "p"), "t", ("", "asc"))[0]
    assert [r["name"] for r in by_name.rows] == ["Alby", "Åre", "Älvdalen", "Ödeshög"]  # Swedish order


def test_the_overview_sorts_its_paged_centre_table_on_the_server(db, settings, monkeypatch):
    settings.VARDPENG_PUBLIC_READ = True
    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    make_region("AA")
    client = Client()
    everyone = []
    first = client.get("/regions/AA/?year=2025", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    for href in [""] + [h for h in links(first, "Sidor i vårdcentralstabellen")[1] if "centres_page" in h]:
        everyone += centres_listed(client.get("/regions/AA/" + (href.split("#")[0] or "?year=2025")).content.decode())

    header = re.search(r'<table class="sortable centres">.*?<thead>(.*?)</thead>', first, re.S).group(1)
    by_name = unescape(re.search(r'<a class="sort-link" href="([^"]+)">Vårdcentral', header).group(1))
    assert "<button" not in header and 'aria-sort="ascending"' in header
    assert "year=2025" in by_name and "sort=name&order=asc" in by_name and "centres_page" not in by_name
    assert "sortera stigande" in header
    sorted_page = client.get("/regions/AA/" + by_name.split("#")[0]).content.decode()
    wanted = sorted(set(everyone), key=paging.sort_key)[:2]
    assert centres_listed(sorted_page) == wanted
    sorted_header = re.search(r'<table class="sortable centres">.*?<thead>(.*?)</thead>', sorted_page, re.S).group(1)
    assert re.search(r'<th scope="col" aria-sort="ascending"><a class="sort-link" href="[^"]*order=desc', sorted_header)


def test_an_unpaged_table_keeps_the_browsers_sort(db, settings):
    settings.VARDPENG_PUBLIC_READ = True
    make_region("AA")

    html = Client().get("/regions/AA/?year=2025", HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    header = re.search(r'<table class="sortable centres">.*?<thead>(.*?)</thead>', html, re.S).group(1)
    assert header.count('<button type="button">') == 8 and "sort-link" not in header
