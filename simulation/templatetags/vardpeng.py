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
