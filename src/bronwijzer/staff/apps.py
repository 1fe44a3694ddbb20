from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "bronwijzer.staff"
    label = "staff"
    verbose_name = "Redactie-accounts"
