import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from healthcentres.models import DATA_YEARS
from healthcentres.services import dataset_import
from healthcentres.uploads.limits import body_too_large, limit_upload
from healthcentres.uploads.reading import ImportRefused, RowProblem
from regions.access import can_edit_region
from regions.selectors import region_get


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Centre file (.csv or .xlsx)"))
    name = forms.CharField(label=_("Name of the dataset"), max_length=200, required=False)
    base_year = forms.IntegerField(
        label=_("Base year (the year the data describes)"),
        min_value=DATA_YEARS[0],
        max_value=DATA_YEARS[1],
        initial=datetime.date.today().year - 1,
    )


@csrf_exempt  # checked by _upload, once the size limits are in place (the check reads the body)
def dataset_upload(request, code: str):
    """Analysts upload a centre file: stored as a draft and shown on its own page, or refused with
    every problem by row and column (nothing stored). A file over the limit is refused before its
    body is read (413)."""
    region = region_get(code)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = {"region": region, "can_edit": can_edit_region(request.user, region)}
    if not context["can_edit"]:
        return render(request, "healthcentres/upload.html", context, status=403)
    limit = settings.VARDPENG_MAX_UPLOAD_BYTES
    if request.method == "POST":
        if body_too_large(request, limit):
            return _too_large(request, context, limit)
        handler = limit_upload(request, limit)
    else:
        handler = None
    return _upload(request, region, context, handler, limit)


@csrf_protect
def _upload(request, region, context: dict, handler, limit: int):
    form = UploadForm(request.POST or None, request.FILES or None)
    if handler is not None and handler.exceeded:
        return _too_large(request, context, limit)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > limit:
                return _too_large(request, context, limit)
            dataset = dataset_import(
                region=region,
                filename=upload.name,
                data=upload.read(),
                base_year=form.cleaned_data["base_year"],
                name=form.cleaned_data["name"],
                uploaded_by=request.user,
            )
        except ImportRefused as refused:
            # Re-rendered with 200 like any invalid Django form; the error table says what was wrong.
            return render(
                request,
                "healthcentres/upload.html",
                context | {"form": form, "problems": refused.problems, "filename": upload.name},
            )
        # The draft's own page: what it would change, and Publish when it looks right.
        return redirect("region-dataset", region.code, dataset.pk)
    return render(request, "healthcentres/upload.html", context | {"form": form})


def _too_large(request, context: dict, limit: int):
    message = _("The file is larger than %(most)s MB; nothing was stored.") % {"most": limit // (1024 * 1024)}
    problems = [RowProblem(None, None, str(message))]
    return render(
        request,
        "healthcentres/upload.html",
        context | {"form": UploadForm(), "problems": problems, "filename": _("The file")},
        status=413,
    )
