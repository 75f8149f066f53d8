from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthcentresConfig(AppConfig):
    name = "healthcentres"
    verbose_name = _("Health centres and datasets")
