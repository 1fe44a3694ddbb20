from django.apps import AppConfig


class LinkcheckConfig(AppConfig):
    name = "bronwijzer.linkcheck"
    label = "linkcheck"
    verbose_name = "Linkcontrole"
