"""The "Meld een fout" form: a few checkboxes, an optional remark and a honeypot."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bronwijzer.reports.models import KINDS, REMARK_MAX


class ProblemReportForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Wat is er mis?"),
        choices=KINDS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één van de mogelijkheden.")},
    )
    remark = forms.CharField(
        label=_("Toelichting (mag leeg blijven)"),
        help_text=_("Schrijf geen namen of andere persoonlijke gegevens op."),
        required=False,
        max_length=REMARK_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REMARK_MAX}),
        error_messages={"max_length": _("De toelichting mag hoogstens %(limit_value)d tekens hebben.")},
    )
    #: A honeypot: hidden from people (and from screen readers); bots fill it in.
    website = forms.CharField(required=False, label=_("Laat dit veld leeg"))

    def clean_remark(self) -> str:
        remark = self.cleaned_data["remark"].strip()
        if "\x00" in remark:
            raise forms.ValidationError(_("De toelichting bevat tekens die niet zijn toegestaan."))
        return remark

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website", "").strip())
