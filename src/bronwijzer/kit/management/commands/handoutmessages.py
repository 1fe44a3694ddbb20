"""bronwijzer handoutmessages [--check]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from bronwijzer.kit.messages import catalogue_problems, catalogues_update


class Command(BaseCommand):
    help = "Bring the parent handout's gettext catalogues in step with kit/handout_text.py and compile them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="change nothing; fail if anything is out of step"
        )

    def handle(self, *args, check=False, **options):
        if not check:
            for line in catalogues_update():
                self.stderr.write(line)
        problems = catalogue_problems()
        for line in problems:
            self.stderr.write(line)
        if problems and check:
            raise CommandError(f"{len(problems)} problems in the handout catalogues")
        if not problems:
            self.stderr.write("Handout catalogues are complete and compiled.")
