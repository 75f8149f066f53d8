from django import template

from simulation.core import numbers

register = template.Library()


@register.filter
def mnkr(value, decimals=1):
    return numbers.mnkr(value, int(decimals))


@register.filter
def sv_number(value, decimals=0):
    return numbers.number(value, int(decimals))


@register.filter
def sv_percent(value, decimals=1):
    return numbers.percent(value, int(decimals))


@register.filter
def genitive(value):
    """A name as owner in the page's language ("Region Västerbottens", "Version 3:s")."""
    from simulation.core.scenario.rule_words import genitive as owner

    return owner(str(value), numbers.current_language())


@register.filter
def form_label(value):
    from healthcentres.models import OperatingForm

    return OperatingForm(value).label if value in OperatingForm.values else value


@register.filter
def signed_mnkr(value, decimals=1):
    return numbers.signed_mnkr(value, int(decimals))


@register.filter
def sv_signed_points(value):
    """A change of a share in percentage points: +1,2 p.e. (+1.2 pp in English)."""
    return numbers.points(value)


@register.filter
def unlocalize_number(value):
    """A plain machine-readable number for data attributes (sorting)."""
    return "" if value is None else repr(float(value))


@register.filter
def sv_signed_number(value, decimals=0):
    """A change of a count with its sign: +3 / −1 200."""
    text = numbers.number(value, int(decimals))
    return text if text.startswith("−") or round(value, int(decimals)) == 0 else "+" + text


@register.filter
def cell(value):
    """A centre field's value as a reader expects it: numbers the Swedish way, yes/no, forms by name."""
    from django.utils.translation import gettext as _

    from healthcentres.models import OperatingForm

    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return numbers.number(value, 0 if float(value).is_integer() or abs(value) >= 100 else 2)
    if value in OperatingForm.values:
        return OperatingForm(value).label
    return value or "–"


@register.filter
def index(sequence, position):
    """The item at ``position`` of a list (a table's column for the current scenario)."""
    try:
        return sequence[int(position)]
    except (IndexError, TypeError, ValueError):
        return None


@register.filter
def mnkr_value(value, decimals=1):
    """SEK as a number of millions without the unit (a table whose caption names it): 1 234,5."""
    return "–" if value is None else numbers.number(value / 1e6, int(decimals))


@register.filter
def signed_mnkr_value(value, decimals=1):
    """A change in millions without the unit, with its sign: +12,3 / −4,0."""
    if value is None:
        return "–"
    text = numbers.number(value / 1e6, int(decimals))
    return text if text.startswith("−") or round(value / 1e6, int(decimals)) == 0 else "+" + text


@register.filter
def column_label(column):
    """An upload column by its name and, for a field of the template, its Swedish (or English) label."""
    from common.locale import page_language
    from simulation.core.scenario.fields import CENTRE_FIELDS, centre_field_label

    if not column:
        return "–"
    if column in CENTRE_FIELDS:
        return f"{column} ({centre_field_label(column, page_language())})"
    return column


@register.simple_tag
def figure_label(level, name):
    """An output figure's one label (``simulation.core.outputs``) in the page's language:
    ``{% figure_label "region" "net_cost" %}``."""
    from django.utils.translation import gettext

    from simulation.core import outputs

    return gettext(outputs.label(level, name))
