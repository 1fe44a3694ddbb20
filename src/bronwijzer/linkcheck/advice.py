"""What a link-check result means for an editor, in plain Dutch: which group it belongs to,
what to do about it, and where in the map to do it.

The groups follow the verdict code's own sets (``classify``): *werkt niet* is exactly
``FAILING``, the rule the exit code, ``LinkState.failing`` and the kit's link trust
(``kit.links``: a confirmed link that fails gets a search hint instead of a QR code) all
use, so the back office never calls a link broken that the rest of the product trusts, or
the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bronwijzer.catalog.models import HelpLine, Map, Organisation, Resource
from bronwijzer.linkcheck import classify
from bronwijzer.linkcheck.models import LinkCheck, LinkCheckRun, LinkState
from bronwijzer.linkcheck.services import link_statuses_for

BROKEN, CHANGED, LOOK, FINE = "broken", "changed", "look", "fine"

#: The groups in the order editors see them: what needs work first, healthy links last.
GROUPS: tuple[tuple[str, object], ...] = (
    (BROKEN, gettext_lazy("Werkt niet")),
    (CHANGED, gettext_lazy("Verwijst door naar een nieuw adres")),
    (LOOK, gettext_lazy("Zelf even nakijken")),
    (FINE, gettext_lazy("In orde")),
)

_MODELS: dict[str, type[Resource | Organisation | HelpLine | Map]] = {
    "resource": Resource,
    "organisation": Organisation,
    "helpline": HelpLine,
    "map": Map,
}
_KIND_NAMES = {
    "resource": gettext_lazy("bron"),
    "organisation": gettext_lazy("organisatie"),
    "helpline": gettext_lazy("hulplijn"),
    "map": gettext_lazy("kaart"),
}


def group_of(status: str) -> str:
    if status in classify.FAILING:
        return BROKEN
    if status == classify.REDIRECT_PERMANENT:
        return CHANGED
    if status in (classify.BLOCKED, classify.INTERNAL):
        return LOOK
    return FINE


def what_to_do(status: str, final_url: str = "") -> str:
    """One or two short sentences: what this result means and what an editor does about it."""
    if status == classify.REDIRECT_PERMANENT:
        return _(
            "Verwijst door naar %(address)s: controleer of dit dezelfde pagina is "
            "en neem het nieuwe adres over."
        ) % {"address": final_url or _("een ander adres")}
    if status == classify.REDIRECT_TEMPORARY:
        return _("Verwijst tijdelijk door naar %(address)s. Laat het adres zoals het is.") % {
            "address": final_url or _("een ander adres")
        }
    advice = {
        classify.BROKEN: _(
            "Adres werkt niet meer: zoek de nieuwe pagina bij de organisatie en pas het adres aan."
        ),
        classify.SOFT_404: _(
            "De pagina zegt dat ze niet (meer) bestaat: zoek de nieuwe pagina bij de organisatie "
            "en pas het adres aan."
        ),
        classify.TIMEOUT: _(
            "De website gaf geen antwoord op tijd. Open de link zelf. Werkt hij ook morgen niet, "
            "zoek dan de nieuwe pagina bij de organisatie."
        ),
        classify.DNS: _(
            "De naam van de website (zoals www.voorbeeld.nl) bestaat niet meer: zoek de nieuwe "
            "website van de organisatie en pas het adres aan."
        ),
        classify.CONNECTION: _(
            "De website is niet bereikbaar. Open de link zelf. Werkt hij ook morgen niet, zoek "
            "dan de nieuwe pagina bij de organisatie."
        ),
        classify.TLS: _(
            "De beveiliging van de website (https) klopt niet, dus de browser geeft een waarschuwing. "
            "Open de link zelf. Zie je die waarschuwing, zoek dan een ander adres."
        ),
        classify.BLOCKED: _(
            "De website laat onze automatische controle niet toe. Open de link zelf: werkt hij, "
            "dan hoef je niets te doen."
        ),
        classify.OK: _("In orde. Je hoeft niets te doen."),
        classify.NOT_CHECKABLE: _(
            "Geen webpagina (bijvoorbeeld e-mail of telefoon): wordt niet gecontroleerd."
        ),
        classify.INTERNAL: _(
            "Dit adres, of een doorverwijzing ervan, wijst naar een intern netwerk (zoals de eigen "
            "computer of een bedrijfsnetwerk). Daarom is het niet gecontroleerd. Bezoekers kunnen "
            "zo'n adres meestal niet openen: zoek het openbare adres bij de organisatie."
        ),
    }
    return advice.get(status, "")


def http_answer(code: int | None) -> str:
    """The website's answer code with what it means, e.g. "404 (niet gevonden)"; empty without one."""
    if code is None:
        return ""
    if 200 <= code < 300:
        meaning = _("in orde")
    elif code in (301, 308):
        meaning = _("blijvend verhuisd")
    elif 300 <= code < 400:
        meaning = _("tijdelijk verhuisd")
    elif code in (401, 403):
        meaning = _("geen toegang")
    elif code in (404, 410):
        meaning = _("niet gevonden")
    elif code == 429:
        meaning = _("te veel verzoeken")
    elif 400 <= code < 500:
        meaning = _("verzoek geweigerd")
    else:
        meaning = _("storing bij de website")
    return f"{code} ({meaning})"


@dataclass
class Place:
    """An entry of the map that uses a link, with its edit page in the back office (if it still exists)."""

    kind: str
    name: str
    edit_url: str
    kit_hint: bool = False  # a confirmed resource link that fails: the kit prints a search hint instead

    @property
    def kind_name(self) -> str:
        return str(_KIND_NAMES.get(self.kind, self.kind))


@dataclass
class Result:
    url: str
    status: str
    label: str
    final_url: str
    http_answer: str
    what_to_do: str
    since: object
    new: bool  # the outcome began at this check
    places: list[Place] = field(default_factory=list)

    @property
    def is_web(self) -> bool:
        """Safe to offer as a link to open (never a ``javascript:`` or other scheme)."""
        return self.url.lower().startswith(("https://", "http://"))

    @property
    def kit_hints(self) -> list[Place]:
        return [place for place in self.places if place.kit_hint]


@dataclass
class Group:
    slug: str
    title: str
    results: list[Result]


def places_for(used_by_lists: list[list[dict]], failing: set[int] | None = None) -> list[list[Place]]:
    """The edit pages for each ``used_by`` list (one query per kind of entry)."""
    wanted: dict[str, set[str]] = {}
    for used_by in used_by_lists:
        for place in used_by:
            wanted.setdefault(place.get("kind", ""), set()).add(place.get("slug", ""))
    found: dict[tuple[str, str], tuple[int, bool]] = {}
    for kind, slugs in wanted.items():
        model = _MODELS.get(kind)
        if model is None:
            continue
        verified = "url_verified" if kind == "resource" else "pk"
        for slug, pk, trusted in model.objects.filter(slug__in=slugs).values_list("slug", "pk", verified):
            found[(kind, slug)] = (pk, kind == "resource" and trusted is True)
    result = []
    for index, used_by in enumerate(used_by_lists):
        places = []
        for place in used_by:
            kind, slug = place.get("kind", ""), place.get("slug", "")
            pk, trusted = found.get((kind, slug), (None, False))
            try:
                edit_url = reverse(f"admin:catalog_{kind}_change", args=[pk]) if pk is not None else ""
            except NoReverseMatch:
                edit_url = ""
            kit_hint = trusted and failing is not None and index in failing
            places.append(Place(kind, place.get("name") or slug, edit_url, kit_hint))
        result.append(places)
    return result


def run_results(run: LinkCheckRun) -> list[Group]:
    """The results of a finished run, grouped: broken, changed, to look at, healthy; by address within."""
    checks = list(run.checks.order_by("url"))
    return _grouped(checks, link_statuses_for(c.url for c in checks))


def _grouped(checks: list[LinkCheck], states: dict[str, LinkState]) -> list[Group]:
    used_by = [states[c.url].used_by if c.url in states else [] for c in checks]
    failing = {i for i, c in enumerate(checks) if c.failing}
    all_places = places_for(used_by, failing)
    groups = {slug: Group(slug, str(title), []) for slug, title in GROUPS}
    for check, places in zip(checks, all_places, strict=True):
        state = states.get(check.url)
        current = state is not None and state.latest_id == check.pk  # no later run checked it again
        since = state.since if state is not None and current else check.checked_at
        groups[group_of(check.status)].results.append(
            Result(
                url=check.url,
                status=check.status,
                label=check.label,
                final_url=check.final_url,
                http_answer=http_answer(check.http_status),
                what_to_do=what_to_do(check.status, check.final_url),
                since=since,
                new=current and state is not None and state.since == check.checked_at,
                places=places,
            )
        )
    return list(groups.values())
