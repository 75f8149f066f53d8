"""Synthetic demo data for four regions, calibrated to public aggregates in ``shared/sources``.

Nothing here is real centre data: names are places in each region, every figure is drawn from a
seeded generator and then calibrated so that the aggregates the source documents state come out
(Västerbotten's 38 centres of which 5 private, all region-run ones in deficit; Närvården's listed,
result, equity, hired-staff share 10,5 % and accessibility in Västmanland; Jämtland Härjedalen's
närvårdsområden, their carry-over rules and central overhead). Where each figure comes from — the
source document and place, or *antagande* — is the profile's ``basis`` of it, and
``demo_parameters`` lists every figure that needs one; "Så räknar vi" shows both.

A module per region holds its profile (``vasterbotten``, ``vastmanland``, ``jamtland``, ``orebro``;
``national`` is the synthetic national-scale region), ``generate`` draws and calibrates the centres,
``presets`` builds the scenario presets and ``parameters`` lists the figures and their bases. This
package has no Django.

``NATIONAL`` (SE, loaded only with ``load_demo --national``) is not a region: 1 200 invented centres
over the country's 21 county seats, for trying national-scale analyses from the pages.
"""

from regions.demo.common import COMMON_BASIS
from regions.demo.generate import (
    BASE_YEAR,
    COMMON_RULES,
    COST_SPLIT,
    DEMO_NOTE,
    LISTED_PER_GP,
    NARVARDEN_LISTED,
    NARVARDEN_START_CAPITAL,
    centres,
    intraprenad_start_capital,
    rules,
)
from regions.demo.history import booked, history_years, year_centres, year_rules
from regions.demo.jamtland import JAMTLAND
from regions.demo.national import NATIONAL
from regions.demo.orebro import OREBRO
from regions.demo.parameters import demo_parameters, parameter_bases
from regions.demo.presets import preset_keys, presets
from regions.demo.profile import GOALS, Profile, Site
from regions.demo.sources import SOURCES, Basis, Source
from regions.demo.vasterbotten import VASTERBOTTEN
from regions.demo.vastmanland import NARVARDEN, VASTMANLAND

PROFILES: tuple[Profile, ...] = (VASTERBOTTEN, VASTMANLAND, JAMTLAND, OREBRO)

__all__ = [
    "BASE_YEAR",
    "COMMON_BASIS",
    "COMMON_RULES",
    "COST_SPLIT",
    "DEMO_NOTE",
    "GOALS",
    "JAMTLAND",
    "LISTED_PER_GP",
    "NARVARDEN",
    "NARVARDEN_LISTED",
    "NARVARDEN_START_CAPITAL",
    "NATIONAL",
    "OREBRO",
    "PROFILES",
    "SOURCES",
    "VASTERBOTTEN",
    "VASTMANLAND",
    "Basis",
    "Profile",
    "Site",
    "Source",
    "booked",
    "centres",
    "demo_parameters",
    "history_years",
    "intraprenad_start_capital",
    "parameter_bases",
    "preset_keys",
    "presets",
    "rules",
    "year_centres",
    "year_rules",
]
