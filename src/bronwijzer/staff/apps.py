from django.apps import AppConfig
from django.db.models.signals import post_migrate


class StaffConfig(AppConfig):
    name = "bronwijzer.staff"
    label = "staff"
    verbose_name = "Redactie-accounts"

    def ready(self):
        from bronwijzer.staff.roles import roles_after_migrate  # models are ready only now

        # every `migrate` (and a test database's) creates or corrects the three roles' groups
        post_migrate.connect(roles_after_migrate, dispatch_uid="bronwijzer-staff-roles")
