"""The region's outturn (*utfall*): every version of its booked results by year, and for its analysts
an upload form (refused with every problem by cell, like a centre file) and *make current again*
for a version a later upload replaced."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from healthcentres.models import Outturn
from healthcentres.outturns import outturn_import, outturn_publish, years_words
from healthcentres.selectors import outturns_visible
from healthcentres.uploads.limits import body_too_large, limit_upload
from healthcentres.uploads.outturn import OUTTURN_COLUMNS
from healthcentres.uploads.reading import ImportRefused, RowProblem
from regions.access import can_edit_region
from regions.selectors import region_get
from simulation.core.errors import DomainError


class OutturnForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Outturn file (.csv or .xlsx)"))


@csrf_exempt  # checked by _page, once the size limits are in place (the check reads the body)
def outturn_upload(request, code: str):
    """The outturn versions for everyone who may read; the upload for the region's analysts. A
    file over the limit is refused before its body is read (413)."""
    region = region_get(code)
    if not request.user.is_authenticated and (request.method == "POST" or not settings.VARDPENG_PUBLIC_READ):
        return redirect_to_login(request.get_full_path())
    context = {
        "region": region,
        "can_edit": can_edit_region(request.user, region),
        "columns": ";".join(OUTTURN_COLUMNS),
    }
    limit = settings.VARDPENG_MAX_UPLOAD_BYTES
    handler = None
    if request.method == "POST":
        if not context["can_edit"]:
            return _render(request, region, context, status=403)
        if body_too_large(request, limit):
            return _too_large(request, region, context, limit)
        handler = limit_upload(request, limit)
    return _page(request, region, context, handler, limit)


@csrf_protect
def _page(request, region, context: dict, handler, limit: int):
    form = OutturnForm(request.POST or None, request.FILES or None)
    if handler is not None and handler.exceeded:
        return _too_large(request, region, context, limit)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > limit:
            return _too_large(request, region, context, limit)
        try:
            stored = outturn_import(region=region, filename=upload.name, data=upload.read(), uploaded_by=request.user)
        except ImportRefused as refused:
            refusal = {"form": form, "problems": refused.problems, "filename": upload.name}
            return _render(request, region, context | refusal)
        years = years_words(sorted(o.year for o in stored))
        messages.success(request, _("The outturn for %(years)s is stored: the history shows it.") % {"years": years})
        return redirect("region-outturn", region.code)
    return _render(request, region, context | {"form": form})


def _render(request, region, context: dict, status: int = 200):
    context = {"form": OutturnForm(), "outturns": outturns_visible(region)} | context
    return render(request, "healthcentres/outturn.html", context, status=status)


def _too_large(request, region, context: dict, limit: int):
    message = _("The file is larger than %(most)s MB; nothing was stored.") % {"most": limit // (1024 * 1024)}
    problems = [RowProblem(None, None, message)]
    return _render(request, region, context | {"problems": problems, "filename": _("The file")}, status=413)


@require_POST
def outturn_restore(request, code: str, pk: int):
    """Make a previous version of a year's outturn current again (the region's analysts)."""
    region = region_get(code)
    if not request.user.is_authenticated:
        return redirect_to_login(f"/regions/{region.code}/outturn/")
    outturn = get_object_or_404(Outturn, pk=pk, region=region)
    if not can_edit_region(request.user, region):
        messages.error(request, _("Only analysts of this region and administrators may change its data."))
        return redirect("region-outturn", region.code)
    try:
        outturn_publish(outturn=outturn, user=request.user)
    except DomainError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The outturn of %(year)s is current again.") % {"year": outturn.year})
    return redirect("region-outturn", region.code)
