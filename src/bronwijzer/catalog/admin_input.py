"""Text typed in the back office holds no control characters (``bronwijzer.lib.controlchars``).

Every admin form gets the check through :class:`PlainTextAdmin`: each text field of the
form (a model field or a field the form declares itself) refuses control characters, and
a field shown as one line also refuses tab and line breaks. The message names the field.
What is already stored is not touched and still shows; it is checked when someone saves it.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bronwijzer.lib.controlchars import control_characters

MESSAGE_ONE_LINE = _(
    "“%(field)s” bevat een onzichtbaar stuurteken (%(chars)s). Zo’n teken komt vaak mee bij "
    "kopiëren en plakken. Typ de tekst op die plek opnieuw. In dit veld past één regel: "
    "ook een tab of een nieuwe regel mag niet."
)
MESSAGE_LINES = _(
    "“%(field)s” bevat een onzichtbaar stuurteken (%(chars)s). Zo’n teken komt vaak mee bij "
    "kopiëren en plakken. Typ de tekst op die plek opnieuw. Tabs en nieuwe regels mogen wel."
)
#: One control character, where it is: "U+001B op plaats 12".
WHERE = _("%(code)s op plaats %(position)s")


class ControlCharacterValidator:
    """Refuses control characters in a text (or in each text of a list), naming the field."""

    def __init__(self, label: str, *, multiline: bool):
        self.label = label
        self.multiline = multiline

    def __call__(self, value) -> None:
        texts = value if isinstance(value, list | tuple) else [value]
        for text in texts:
            if not isinstance(text, str):
                continue
            found = control_characters(text, multiline=self.multiline)
            if found:
                chars = ", ".join(
                    str(WHERE % {"code": item.code, "position": item.position + 1}) for item in found[:3]
                )
                message = MESSAGE_LINES if self.multiline else MESSAGE_ONE_LINE
                raise ValidationError(
                    message, code="control_character", params={"field": self.label, "chars": chars}
                )


def _checks_text(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


class PlainTextForm(forms.BaseForm):
    """A form mixin: every text field refuses control characters (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if _checks_text(field) and not isinstance(field.widget, forms.HiddenInput):
                label = str(field.label or name)
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators.append(ControlCharacterValidator(label, multiline=multiline))


class PlainTextAdmin:
    """A ModelAdmin mixin: its add, change and revert forms refuse control characters."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        # a mixin: ModelAdmin follows it in every admin that uses it
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        if issubclass(form, PlainTextForm):
            return form
        return type(form.__name__, (PlainTextForm, form), {"__module__": form.__module__})
