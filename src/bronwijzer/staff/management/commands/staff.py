"""bronwijzer staff USER --role editor|publisher|administrator: create or update a staff account."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bronwijzer.staff import roles


class Command(BaseCommand):
    help = (
        "Create or update a staff account with one role: editor (writes drafts and proposals), "
        "publisher (reviews and publishes) or administrator (everything). Without --role, list the accounts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?")
        parser.add_argument("--role", choices=sorted(roles.ROLES))
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input instead of asking twice",
        )
        parser.add_argument("--keep-password", action="store_true", help="change the role only")

    def handle(
        self,
        *args: Any,
        username: str | None = None,
        role: str | None = None,
        email: str = "",
        password_stdin: bool = False,
        **options: Any,
    ) -> None:
        if username is None or role is None:
            if username is not None or role is not None:
                raise CommandError("give both a user name and --role, or neither to list the accounts")
            self._list()
            return
        password = None
        if not options["keep_password"]:
            password = self._password(password_stdin)
            try:
                password_validation.validate_password(password)
            except ValidationError as error:
                raise CommandError("password refused: " + " ".join(error.messages)) from None
        try:
            user = roles.staff_assign(username, role, email=email, password=password)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{user.get_username()}: {roles.ROLES[role].group} ({roles.ROLES[role].description})"
        )

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            line = sys.stdin.readline().rstrip("\n")
            if not line:
                raise CommandError("no password on standard input")
            return line
        first = getpass.getpass("Wachtwoord: ")
        if first != getpass.getpass("Nog een keer: "):
            raise CommandError("the two passwords differ; nothing was changed")
        return first

    def _list(self) -> None:
        for user in get_user_model().objects.filter(is_staff=True).order_by("username"):
            role = roles.role_of(user)
            label = roles.ROLES[role].group if role else ("superuser" if user.is_superuser else "geen rol")
            self.stdout.write(f"{user.get_username()}\t{label}\t{'actief' if user.is_active else 'uit'}")
