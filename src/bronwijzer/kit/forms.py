"""The guided start: a GET form whose answers become the kit's options."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from bronwijzer.catalog import vocab
from bronwijzer.kit.codec import V1_CONTEXTS, KitCodeError, kit_decode, options_valid
from bronwijzer.kit.handout import HANDOUT_LANGUAGES
from bronwijzer.kit.options import MAX_LANGUAGES, SITUATIONS, WHO, KitOptions
from bronwijzer.lib.languages import LANGUAGE_FREE, language_name
from bronwijzer.search.engine import search_index


def language_choices() -> list[tuple[str, str]]:
    """The handout languages first, then every other language that published material exists in
    (the search index's language facet already knows them: no pass over the resources)."""
    locale = get_language() or "nl"
    codes = list(HANDOUT_LANGUAGES)
    on_map = search_index().facets.values["language"]
    others = sorted(
        (c for c in on_map if c not in codes and c != LANGUAGE_FREE),
        key=lambda c: language_name(c, locale),
    )
    return [(c, language_name(c, locale)) for c in codes + others]


class KitStartForm(forms.Form):
    who = forms.ChoiceField(
        label=_("Met wie is het gesprek?"), choices=WHO, widget=forms.RadioSelect, required=False
    )
    lang = forms.MultipleChoiceField(
        label=_("Welke talen leest of spreekt de ouder?"),
        help_text=_("Kies er hoogstens vier."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    context = forms.MultipleChoiceField(
        label=_("Culturele of religieuze context (als die ertoe doet)"),
        choices=vocab.CONTEXTS.choices(only=V1_CONTEXTS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    age = forms.IntegerField(
        label=_("Leeftijd van het kind"),
        help_text=_("In jaren. Laat leeg als het niet om één kind gaat."),
        min_value=0,
        max_value=25,
        required=False,
    )
    situation = forms.ChoiceField(
        label=_("Waar gaat het gesprek over?"), choices=SITUATIONS, widget=forms.RadioSelect, required=False
    )
    explicit = forms.BooleanField(
        label=_("Ook materiaal dat voor sommige ouders te expliciet kan zijn"), required=False
    )
    kit = forms.CharField(required=False, widget=forms.HiddenInput, max_length=120)
    keep = forms.BooleanField(label=_("Mijn huidige selectie houden"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["lang"]).choices = language_choices()

    def clean_lang(self):
        codes = self.cleaned_data["lang"]
        if len(codes) > MAX_LANGUAGES:
            raise forms.ValidationError(_("Kies hoogstens vier talen."))
        return codes

    def clean_kit(self):
        code = self.cleaned_data["kit"]
        if not code:
            return None
        try:
            return kit_decode(code)
        except KitCodeError as exc:
            raise forms.ValidationError(_("De kitlink is beschadigd.")) from exc

    def options(self) -> KitOptions:
        data = self.cleaned_data
        # A checkbox list has no order of its own: take the form's order, Dutch last, so that
        # the parent's own language comes first (the handout and the ranking start from it).
        # a ChoiceField whose choices were set to a list in __init__ (Field has no choices in the stubs)
        order = [code for code, _label in self.fields["lang"].choices]  # type: ignore[attr-defined]
        languages = tuple(sorted(data["lang"], key=lambda c: (c == "nl", order.index(c))))
        return options_valid(
            KitOptions(
                who=data["who"] or "",
                languages=languages,
                contexts=tuple(data["context"]),
                age=data["age"],
                situation=data["situation"] or "",
                explicit_ok=data["explicit"],
            )
        )

    @classmethod
    def initial_for(cls, options: KitOptions) -> dict:
        return {
            "who": options.who,
            "lang": list(options.languages),
            "context": list(options.contexts),
            "age": options.age,
            "situation": options.situation,
            "explicit": options.explicit_ok,
        }
