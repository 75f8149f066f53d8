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
