"""Synthetic maps for scale tests: realistic Dutch content with the facet mix of the real map.

``synth_map(n, seed)`` returns a whole map document (the shape ``dumpmap`` writes and
``loadmap --replace`` reads) with ``n`` resources. Everything is derived from one
``random.Random(seed)``, so a seed always gives the same document, and the serialised
text (:func:`synth_map_text`) the same bytes.

How it stays close to the real map (the packaged default map):

- the sections, glossary and help lines are the real ones; the organisations are the
  real ones plus generated Dutch organisation names (a few hundred in all), used with a
  long-tail (Zipf-like) popularity;
- every facet is drawn the way the real map has it: each synthetic resource starts from
  a randomly chosen real resource (its "template") and keeps the template's values of a
  facet with some probability, or else draws that facet afresh from the real map's
  frequencies (how many values, and which), smoothed so that every vocabulary value
  occurs. That keeps both the marginal frequencies and the correlations (theme and
  section, audience and format) of the real map;
- languages are mostly Dutch, with English, Arabic, Turkish, French, Polish, Ukrainian
  and a few others; some resources have an age range, costs and explicitness follow the
  real map, and a few percent are drafts;
- titles and summaries are composed from Dutch word lists: formats, domain terms per
  theme, audiences, skills, cultural contexts, the content words of the real map's own
  summaries and generated Dutch compounds (``ouderavond``, ``schoolbeleid``), so the
  vocabulary grows with the map as real text does.

The document is canonical (the field order and values ``dumpmap`` writes), so loading it
and dumping it back gives the same content.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from bronwijzer.catalog import vocab
from bronwijzer.catalog.services import DEFAULT_MAP_PATH
from bronwijzer.synth.words import (
    AUDIENCE_PHRASES,
    AUDIENCES_EN,
    CLOSINGS,
    COMPOUND_HEADS,
    COMPOUND_TAILS,
    CONTEXT_PHRASES,
    FORMAT_NOUNS,
    FORMAT_NOUNS_EN,
    LANGUAGE_NAMES_NL,
    NON_DUTCH_ONLY_SHARE,
    OPENINGS,
    ORGANISATION_CONCEPTS,
    ORGANISATION_FORMS,
    ORGANISATION_KINDS,
    OTHER_LANGUAGE_PRIOR,
    PLACES,
    RECOGNITION_LEVELS,
    RECOGNITION_SOURCES,
    SKILLS,
    STOPWORDS,
    TITLE_TEMPLATES,
    TOPICS,
    TOPICS_EN,
)

#: Chance that a synthetic resource keeps its template's values for a facet.
KEEP_TEMPLATE = 0.6
#: Added to the real count of every vocabulary value, so that every value occurs.
SMOOTHING = 1.0
DRAFT_SHARE = 0.05
ORGANISATIONS_MAX = 320

# --- word lists ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weighted:
    """Values with cumulative weights, for fast ``random.choices``."""

    values: tuple[Any, ...]
    cum_weights: tuple[float, ...]

    @classmethod
    def of(cls, counts: dict[Any, float]) -> Weighted:
        values, weights = tuple(counts), tuple(counts.values())
        total, cum = 0.0, []
        for weight in weights:
            total += weight
            cum.append(total)
        return cls(values, tuple(cum))

    def draw(self, rng: random.Random) -> Any:
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]

    def draw_distinct(self, rng: random.Random, k: int) -> list[Any]:
        k = min(k, len(self.values))
        chosen: list[Any] = []
        while len(chosen) < k:
            value = self.draw(rng)
            if value not in chosen:
                chosen.append(value)
        return chosen


@dataclass(frozen=True)
class Profile:
    """What the generator learnt from the real map."""

    document: dict[str, Any]  # the real map, canonical (as dumpmap writes it)
    lengths: dict[str, Weighted]  # facet -> how many values a resource has
    values: dict[str, Weighted]  # facet -> which values (smoothed)
    section_by_theme: dict[str, Weighted]
    scalars: dict[str, Weighted]  # cost, explicitness
    age_pairs: tuple[tuple[int, int], ...]
    age_share: float
    url_share: float
    url_verified_share: float
    organisation_count: Weighted
    words: tuple[str, ...]  # content words of the real summaries


_LIST_FACETS = ("themes", "professions", "audiences", "formats", "contexts")


def _smoothed(counter: Counter, allowed: Sequence[str]) -> dict[str, float]:
    return {value: counter.get(value, 0) + SMOOTHING for value in allowed}


@cache
def real_profile(path: Path = DEFAULT_MAP_PATH) -> Profile:
    """Frequencies of the real map (read and validated like ``loadmap`` does)."""
    from bronwijzer.catalog.mapfile.reader import read_map_file

    document = read_map_file(path, 50 * 1024 * 1024).model_dump(mode="json")
    resources = document["resources"]
    lengths, values = {}, {}
    for name in (*_LIST_FACETS, "sections", "languages"):
        lengths[name] = Weighted.of(dict(sorted(Counter(len(r[name]) for r in resources).items())))
    for name in _LIST_FACETS:
        counter = Counter(v for r in resources for v in r[name])
        values[name] = Weighted.of(_smoothed(counter, vocab.BY_FIELD[name].slugs))
    real_other = Counter(v for r in resources for v in r["languages"] if v != "nl")
    values["other_languages"] = Weighted.of(
        {code: real_other.get(code, 0) + prior for code, prior in OTHER_LANGUAGE_PRIOR.items()}
    )
    section_slugs = [s["slug"] for s in document["sections"]]
    values["sections"] = Weighted.of(
        _smoothed(Counter(v for r in resources for v in r["sections"]), section_slugs)
    )
    section_by_theme: dict[str, Weighted] = {}
    for theme in vocab.THEMES.slugs:
        counter = Counter(s for r in resources if theme in r["themes"] for s in r["sections"])
        section_by_theme[theme] = Weighted.of(dict(counter)) if counter else values["sections"]
    scalars = {
        name: Weighted.of(_smoothed(Counter(r[name] for r in resources), vocab.BY_FIELD[name].slugs))
        for name in ("cost", "explicitness")
    }
    aged = [(r["age_min"], r["age_max"]) for r in resources if r["age_min"] is not None]
    text = " ".join(r["summary"] for r in resources).lower()
    words = []
    for word in re.findall(r"[a-zà-ÿ]{6,}", text):
        if word not in STOPWORDS and word not in words:
            words.append(word)
    return Profile(
        document=document,
        lengths=lengths,
        values=values,
        section_by_theme=section_by_theme,
        scalars=scalars,
        age_pairs=tuple(a for a in aged if a[1] is not None),
        age_share=len(aged) / len(resources),
        url_share=sum(1 for r in resources if r["url"]) / len(resources),
        url_verified_share=sum(1 for r in resources if r["url_verified"]) / len(resources),
        organisation_count=Weighted.of(
            dict(sorted(Counter(len(r["organisations"]) for r in resources).items()))
        ),
        words=tuple(words),
    )


# --- generation ----------------------------------------------------------------------------------


def _organisations(rng: random.Random, profile: Profile, count: int) -> list[dict[str, Any]]:
    """The real organisations plus generated ones, ``count`` in all (at least the real ones)."""
    real = [dict(org) for org in profile.document["organisations"]]
    names = {org["name"] for org in real}
    slugs = {org["slug"] for org in real}
    candidates = [f"{kind} {place}" for kind in ORGANISATION_KINDS for place in PLACES]
    candidates += [f"{form} {concept}" for form in ORGANISATION_FORMS for concept in ORGANISATION_CONCEPTS]
    rng.shuffle(candidates)
    generated: list[dict[str, Any]] = []
    for name in candidates:
        if len(real) + len(generated) >= count:
            break
        slug = slugify(name)[:100].strip("-")
        if name in names or slug in slugs:
            continue
        names.add(name)
        slugs.add(slug)
        url = f"https://www.{slug.replace('-', '')[:40]}.nl" if rng.random() < 0.75 else None
        generated.append(
            {"slug": slug, "name": name, "url": url, "url_verified": url is not None and rng.random() < 0.3}
        )
    return real + generated


def _compounds() -> tuple[str, ...]:
    return tuple(head + tail for head in COMPOUND_HEADS for tail in COMPOUND_TAILS if head != tail)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def _short_org(name: str) -> str:
    match = re.search(r"\(([^)]+)\)$", name)
    return match.group(1) if match else name


class _Generator:
    def __init__(self, seed: int, profile: Profile, organisation_count: int):
        self.rng = random.Random(seed)
        self.profile = profile
        self.templates = profile.document["resources"]
        self.organisations = _organisations(self.rng, profile, organisation_count)
        # Long tail: the k-th organisation (in a shuffled order) is chosen with weight 1/k^0.9.
        order = list(range(len(self.organisations)))
        self.rng.shuffle(order)
        self.org_popularity = Weighted.of({i: 1 / (rank + 1) ** 0.9 for rank, i in enumerate(order)})
        self.words = profile.words + _compounds()
        self.slugs: set[str] = set()

    def _facet(self, template: dict, name: str) -> list[str]:
        if self.rng.random() < KEEP_TEMPLATE:
            return list(template[name])
        k = self.profile.lengths[name].draw(self.rng)
        return self.profile.values[name].draw_distinct(self.rng, k)

    def _languages(self, template: dict) -> list[str]:
        rng = self.rng
        if rng.random() < NON_DUTCH_ONLY_SHARE:
            return [self.profile.values["other_languages"].draw(rng)]
        k = self.profile.lengths["languages"].draw(rng)
        if k == 1 and rng.random() < 0.08:  # the real map has few translations; a larger map has more
            k = 2
        return ["nl", *self.profile.values["other_languages"].draw_distinct(rng, k - 1)]

    def _slug(self, title: str, index: int) -> str:
        base = slugify(title)[:80].strip("-") or "bron"
        slug = base
        if slug in self.slugs:
            slug = f"{base}-{index:x}"
        self.slugs.add(slug)
        return slug

    def resource(self, index: int) -> dict[str, Any]:
        rng = self.rng
        profile = self.profile
        template = rng.choice(self.templates)
        themes = self._facet(template, "themes") or [profile.values["themes"].draw(rng)]
        if themes == template["themes"] and rng.random() < 0.8:
            sections = list(template["sections"])
        else:
            sections = profile.section_by_theme[themes[0]].draw_distinct(
                rng, profile.lengths["sections"].draw(rng)
            )
        professions = self._facet(template, "professions")
        audiences = self._facet(template, "audiences") or ["professionals"]
        formats = self._facet(template, "formats")
        contexts = self._facet(template, "contexts")
        languages = self._languages(template)
        cost = template["cost"] if rng.random() < KEEP_TEMPLATE else profile.scalars["cost"].draw(rng)
        explicitness = profile.scalars["explicitness"].draw(rng)
        age_min = age_max = None
        if rng.random() < max(profile.age_share, 0.15):
            if profile.age_pairs and rng.random() < 0.5:
                age_min, age_max = rng.choice(profile.age_pairs)
            else:
                age_min = rng.randint(4, 16)
                age_max = rng.choice((min(age_min + rng.randint(2, 6), 18), 18, 99))
        org_indexes = []
        for _ in range(profile.organisation_count.draw(rng)):
            i = self.org_popularity.draw(rng)
            if i not in org_indexes:
                org_indexes.append(i)
        orgs = [self.organisations[i] for i in org_indexes]

        format_slug = formats[0] if formats else "website"
        format_noun = rng.choice(FORMAT_NOUNS[format_slug])
        topic = rng.choice(TOPICS[themes[0]])
        topic2 = rng.choice(TOPICS[rng.choice(themes)])
        audience = rng.choice(AUDIENCE_PHRASES[audiences[0]])
        org_name = orgs[0]["name"] if orgs else "een landelijke organisatie"
        fill = {
            "Format": format_noun,
            "format": format_noun,
            "format_lower": format_noun[:1].lower() + format_noun[1:],
            "topic": topic,
            "topic2": topic2 if topic2 != topic else rng.choice(self.words),
            "Topic": _capitalise(topic),
            "audience": audience,
            "org": org_name,
            "Org": _short_org(org_name),
            "n": rng.choice((3, 5, 6, 7, 10)),
            "place": rng.choice(PLACES),
            "word": rng.choice(self.words),
        }
        templates = TITLE_TEMPLATES if orgs else TITLE_TEMPLATES[:-1]  # the last one names the organisation
        title = _capitalise(rng.choice(templates).format(**fill)[:300].strip())

        sentences = [_capitalise(rng.choice(OPENINGS).format(**fill))]
        sentences.append("Je leert " + rng.choice(SKILLS).format(topic=topic2) + ".")
        if contexts:
            sentences.append(
                f"Bedoeld voor {audience} {rng.choice(CONTEXT_PHRASES[contexts[0]])}."
                if rng.random() < 0.7
                else f"Geschikt voor {audience}, {rng.choice(CONTEXT_PHRASES[contexts[-1]])}."
            )
        extra = [rng.choice(self.words) for _ in range(rng.randint(2, 4))]
        sentences.append(f"Met aandacht voor {_join(extra)}.")
        if len(languages) > 1 or languages != ["nl"]:
            sentences.append(
                "Beschikbaar in het " + _join([LANGUAGE_NAMES_NL.get(c, c) for c in languages]) + "."
            )
        if age_min is not None:
            sentences.append(
                f"Voor jongeren vanaf {age_min} jaar."
                if age_max == 99
                else f"Voor jongeren van {age_min} tot {age_max} jaar."
            )
        if cost == "free":
            sentences.append(rng.choice(("Gratis te downloaden.", "Gratis te gebruiken.")))
        elif cost == "paid":
            sentences.append(rng.choice(("Er zijn kosten aan verbonden.", "Betaald, op aanvraag.")))
        closing = rng.choice(CLOSINGS)
        if closing:
            sentences.append(closing)
        summary = " ".join(sentences)

        summary_en = ""
        if rng.random() < 0.85:
            noun = FORMAT_NOUNS_EN[format_slug]
            by = f" by {orgs[0]['name']}" if orgs else ""
            summary_en = (
                f"{'An' if noun[0] in 'aeiou' else 'A'} {noun}{by} about "
                f"{rng.choice(TOPICS_EN[themes[0]])}, for {AUDIENCES_EN[audiences[0]]}."
            )

        modes: dict[str, list[str]] = {}
        if len(languages) > 1 and rng.random() < 0.3:
            for code in sorted(languages):  # sorted: PostgreSQL's jsonb keeps keys sorted too
                picked = {rng.choice(vocab.LANGUAGE_MODES.slugs) for _ in range(rng.choice((1, 1, 2)))}
                modes[code] = [mode for mode in vocab.LANGUAGE_MODES.slugs if mode in picked]
        slug = self._slug(title, index)
        url = None
        if orgs and orgs[0]["url"] and rng.random() < profile.url_share + 0.2:
            url = f"{orgs[0]['url']}/{slug}"
        recognition = []
        if rng.random() < 0.04:
            source, source_url = rng.choice(RECOGNITION_SOURCES)
            date = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(2500))
            recognition.append(
                {
                    "source": source,
                    "level": rng.choice(RECOGNITION_LEVELS),
                    "date": date.isoformat() if rng.random() < 0.5 else None,
                    "url": source_url,
                }
            )
        reviewed_at = None
        if rng.random() < 0.2:
            reviewed_at = (dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(600))).isoformat()
        explicit_note = ""
        if explicitness != "none":
            explicit_note = "Bekijk het materiaal eerst zelf; sommige ouders vinden het te expliciet."
        return {
            "slug": slug,
            "title": title,
            "title_descriptive": False,
            "url": url,
            "url_verified": url is not None and rng.random() < profile.url_verified_share,
            "organisations": [{"name": org["name"], "url": org["url"]} for org in orgs],
            "authors": [],
            "summary": summary,
            "summary_en": summary_en,
            "sections": sections,
            "themes": themes,
            "professions": professions,
            "audiences": audiences,
            "formats": formats,
            "languages": languages,
            "language_modes": modes,
            "languages_note": "",
            "languages_note_en": "",
            "contexts": contexts,
            "cost": cost,
            "age_min": age_min,
            "age_max": age_max,
            "explicitness": explicitness,
            "explicitness_note": explicit_note,
            "explicitness_note_en": "",
            "recognition": recognition,
            "reviewed_at": reviewed_at,
            "status": "draft" if rng.random() < DRAFT_SHARE else "published",
        }


def organisation_count_for(resources: int) -> int:
    """A few hundred organisations for a large map, fewer for a small one."""
    return max(40, min(ORGANISATIONS_MAX, resources // 10))


def synth_map(resources: int, seed: int = 0, *, profile: Profile | None = None) -> dict[str, Any]:
    """A whole synthetic map document with ``resources`` resources."""
    if resources < 0:
        raise ValueError("resources must not be negative")
    profile = profile or real_profile()
    generator = _Generator(seed, profile, organisation_count_for(resources))
    real_map = profile.document["map"]
    document = {
        "map": {
            **real_map,
            "slug": f"synthetisch-{resources}-{seed}",
            "title": f"Synthetische kaart ({resources} bronnen)",
            "title_en": f"Synthetic map ({resources} resources)",
            "intro": "Een synthetische kaart om Bronwijzer op schaal te meten. " + real_map["intro"],
            "conversation_guide": None,  # the real map's guide is not among the synthetic resources
        },
        "sections": profile.document["sections"],
        # dumpmap lists organisations by name
        "organisations": sorted(generator.organisations, key=lambda org: org["name"]),
        "resources": [generator.resource(i) for i in range(resources)],
        "glossary": profile.document["glossary"],
        "helplines": profile.document["helplines"],
    }
    return document


def synth_map_text(resources: int, seed: int = 0, fmt: str = "json") -> str:
    """The synthetic map serialised as ``dumpmap`` would write it ("json" or "yaml")."""
    from bronwijzer.catalog.mapfile import writer

    document = synth_map(resources, seed)
    if fmt == "json":
        return writer.to_json(document)
    if fmt == "yaml":
        return writer.to_yaml(document)
    raise ValueError(f"unknown format {fmt!r}; choose json or yaml")
