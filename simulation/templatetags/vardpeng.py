from django import template

from simulation import formatting

register = template.Library()


@register.filter
def mnkr(value, decimals=1):
    return formatting.mnkr(value, int(decimals))


@register.filter
def sv_number(value, decimals=0):
    return formatting.number(value, int(decimals))


@register.filter
def sv_percent(value, decimals=1):
    return formatting.percent(value, int(decimals))


@register.filter
def form_label(value):
    from healthcentres.models import OperatingForm

    return OperatingForm(value).label if value in OperatingForm.values else value


@register.filter
def signed_mnkr(value, decimals=1):
    return formatting.signed_mnkr(value, int(decimals))


@register.filter
def sv_signed_points(value):
    """A change of a share in percentage points: +1,2 p.e."""
    text = formatting.number(value * 100, 1)
    return f"{'' if text.startswith('−') or value == 0 else '+'}{text}{formatting.NBSP}p.e."


@register.filter
def unlocalize_number(value):
    """A plain machine-readable number for data attributes (sorting)."""
    return "" if value is None else repr(float(value))


@register.filter
def sv_signed_number(value, decimals=0):
    """A change of a count with its sign: +3 / −1 200."""
    text = formatting.number(value, int(decimals))
    return text if text.startswith("−") or round(value, int(decimals)) == 0 else "+" + text


@register.filter
def cell(value):
    """A centre field's value as a reader expects it: numbers the Swedish way, yes/no, forms by name."""
    from django.utils.translation import gettext as _

    from healthcentres.models import OperatingForm

    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return formatting.number(value, 0 if float(value).is_integer() or abs(value) >= 100 else 2)
    if value in OperatingForm.values:
        return OperatingForm(value).label
    return value or "–"
