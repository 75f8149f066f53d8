from django.shortcuts import render

from config.access import public_read
from simulation.selectors import region_overview_list


@public_read
def home(request):
    overviews = region_overview_list()
    return render(
        request,
        "regions/home.html",
        {"overviews": overviews, "any_demo": any(o.region.is_demo for o in overviews)},
    )
