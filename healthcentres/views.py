import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from regions.access import can_edit_region
from regions.selectors import region_get

from .importing import ImportRefused, RowProblem
from .services import dataset_import


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Centre file (.csv or .xlsx)"))
    name = forms.CharField(label=_("Name of the dataset"), max_length=200, required=False)
    base_year = forms.IntegerField(
        label=_("Base year (the year the data describes)"),
        min_value=1990,
        max_value=2100,
        initial=datetime.date.today().year - 1,
    )


def dataset_upload(request, code: str):
    """Analysts upload a centre file: stored as a draft and shown on its own page, or refused with
    every problem by row and column (nothing stored)."""
    region = region_get(code)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = {"region": region, "can_edit": can_edit_region(request.user, region)}
    if not context["can_edit"]:
        return render(request, "healthcentres/upload.html", context, status=403)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > settings.VARDPENG_MAX_UPLOAD_BYTES:
                raise ImportRefused([RowProblem(None, None, str(_("The file is larger than 10 MB.")))])
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
