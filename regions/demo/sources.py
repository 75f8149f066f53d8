"""The source documents of the demo (Swedish, in ``shared/sources``) and ``Basis``: where a demo
figure comes from — a document, the place in it and its own words — or the mark *antagande* (an
assumption of the demo) with why. "Så räknar vi" shows the bases; a test holds every quote to the
source document's text. No Django."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A source document (Swedish), as it names itself; ``file`` is its text in ``shared/sources``."""

    title: str
    region: str
    date: str
    file: str


SOURCES: dict[str, Source] = {
    "vb-motion-2024": Source(
        "Motion: Angående alternativa driftsformer i primärvården",
        "Region Västerbotten",
        "Umeå, 11 april 2024",
        "000_5f9c639747c2eb83.txt",
    ),
    "vb-motionssvar": Source(
        "Motion nr 10-2023 – majoritetens motionssvar",
        "Region Västerbotten",
        "2023",
        "001_c0982a37a8958cbe.txt",
    ),
    "z-arende-2017": Source(
        "Översyn av regelverket för konkurrensneutral organisation för primärvård i regionens regi "
        "(ärendebeskrivning och regiondirektörens förslag)",
        "Region Jämtland Härjedalen",
        "2017",
        "002_d8a4aa7060ff494a.txt",
    ),
    "z-oversyn-2017": Source(
        "Översyn av den regiondrivna primärvården (rapport till regionstyrelsen)",
        "Region Jämtland Härjedalen",
        "2017",
        "003_f9691d22ad303907.txt",
    ),
    "u-utvardering-2025": Source(
        "Utvärdering av intraprenaden som driftform inom Närvården Västmanland",
        "Region Västmanland",
        "november 2025",
        "004_60b2e59d829337e6.txt",
    ),
}


@dataclass(frozen=True)
class Basis:
    """Where a demo figure comes from: a source (``source`` key of SOURCES, the ``place`` in it and
    its own words, ``quote``), or an assumption of the demo (``assumed`` says what and why), or
    both — a figure the source supports only in part names what the demo adds. ``note`` says how
    the figure follows from the quote."""

    source: str = ""
    place: str = ""
    quote: str = ""
    note: str = ""
    assumed: str = ""

    @property
    def is_assumption(self) -> bool:
        return bool(self.assumed)

    @property
    def is_cited(self) -> bool:
        return bool(self.source and self.place and self.quote)


def cited(source: str, place: str, quote: str, note: str = "", assumed: str = "") -> Basis:
    return Basis(source, place, quote, note, assumed)


def assumed(why: str, source: str = "", place: str = "", quote: str = "") -> Basis:
    return Basis(source, place, quote, "", why)


VB_MOTION, VB_SVAR = "vb-motion-2024", "vb-motionssvar"
Z_ARENDE, Z_OVERSYN, U_EVAL = "z-arende-2017", "z-oversyn-2017", "u-utvardering-2025"
