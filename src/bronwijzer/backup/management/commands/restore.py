"""bronwijzer restore FILE [--check] [--no-input]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bronwijzer.backup import services as backup


class Command(BaseCommand):
    help = (
        "Replace the site's content, edit history, editors' accounts, link checks, reports and search "
        "counts with a backup made by `bronwijzer backup`. The whole file is checked first, then it is "
        "applied in one transaction: if anything fails, nothing changes. Everyone is logged out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a backup written by `bronwijzer backup`")
        parser.add_argument("--check", action="store_true", help="only check the file; change nothing")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(
        self, *args: Any, file: str, check: bool = False, interactive: bool = True, **options: Any
    ) -> None:
        try:
            info = backup.backup_check(file)
            if check:
                self.stdout.write(f"{file} is a usable backup: {info.summary()}")
                return
            if interactive:
                answer = input(
                    f"This replaces everything in the database with {file}\n({info.summary()}).\n"
                    "Type 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            info = backup.map_restore(file)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file}: {info.summary()}")
        if info.migrations_missing_in_backup:
            self.stdout.write(
                "Note: the backup was made before these migrations, so their data changes were not "
                f"applied to it: {', '.join(info.migrations_missing_in_backup)}"
            )
