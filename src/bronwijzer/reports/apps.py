from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "bronwijzer.reports"
    label = "reports"
    verbose_name = "Meldingen van bezoekers"
