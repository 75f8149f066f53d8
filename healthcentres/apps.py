from django.apps import AppConfig


class HealthcentresConfig(AppConfig):
    name = "healthcentres"
    verbose_name = "Health centres and datasets"
