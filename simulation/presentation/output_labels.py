"""The labels of the output figures in the reader's language, from the one table of figures
(``simulation.core.outputs``): every table, chart and sentence that names a figure reads it here,
so a figure has one label wherever it is shown."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_lazy

from simulation.core import outputs


def figure_label(level: str, name: str) -> Any:
    """The label of figure ``name`` at ``level``, translated when it is shown (lazy: module tables
    may hold it)."""
    return gettext_lazy(outputs.label(level, name))


def part_label(level: str, name: str) -> str:
    """The label of a figure shown as a part of the row above it ("of which: write-offs")."""
    text = gettext(outputs.label(level, name))
    return gettext("of which: %(figure)s") % {"figure": text[:1].lower() + text[1:]}
