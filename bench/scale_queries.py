"""The fixed query mix of the scale benchmark, as Bronwijzer and as Datasette requests.

Thirty searches as professionals and parents type them: free text (one word, several
words, compounds, English), typos, facet filters alone, and text and filters combined.
Each is sent to Bronwijzer's API (``/api/v1/resources``, or the HTML map page ``/``
when the API is not there) and, translated, to Datasette's table JSON API over the
same data: ``_search`` (SQLite FTS5 over title and summary) for the text, column
filters for the facets (``__arraycontains`` for one value of a list column, a
``_where`` clause for several values, which Bronwijzer ORs), and the same facets
(``_facet_array`` for the list columns, ``_facet`` for cost and age).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

PAGE_SIZE = 20

#: Bronwijzer facet parameter -> column of the Datasette table.
LIST_COLUMNS = {
    "theme": "themes",
    "profession": "professions",
    "audience": "audiences",
    "format": "formats",
    "language": "languages",
    "context": "contexts",
}
DATASETTE_ARRAY_FACETS = ("themes", "professions", "audiences", "formats", "languages", "contexts")
DATASETTE_FACETS = ("cost", "age_min")


@dataclass(frozen=True)
class Query:
    label: str
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def params(self) -> list[tuple[str, str]]:
        pairs = [("q", self.q)] if self.q else []
        for name, values in self.filters.items():
            pairs += [(name, value) for value in values]
        return pairs

    def bronwijzer_url(self, path: str = "/api/v1/resources") -> str:
        pairs = self.params()
        if path.startswith("/api/"):
            pairs.append(("limit", str(PAGE_SIZE)))
        return f"{path}?{urlencode(pairs)}" if pairs else path

    def datasette_url(self, database: str = "bench", table: str = "resources") -> str:
        pairs: list[tuple[str, str]] = [("_size", str(PAGE_SIZE))]
        if self.q:
            pairs.append(("_search", self.q))
        wheres = []
        for name, values in self.filters.items():
            if name in LIST_COLUMNS:
                column = LIST_COLUMNS[name]
                if len(values) == 1:
                    pairs.append((f"{column}__arraycontains", values[0]))
                else:
                    quoted = ", ".join(f"'{value}'" for value in values)
                    wheres.append(f"exists (select 1 from json_each({column}) where value in ({quoted}))")
            elif name == "cost":
                if len(values) == 1:
                    pairs.append(("cost", values[0]))
                else:
                    pairs.append(("cost__in", ",".join(values)))
            elif name == "age":
                ors = []
                for value in values:
                    low, _, high = value.partition("-")
                    high = high or low
                    ors.append(
                        f"(coalesce(age_min, 0) <= {int(high)} and coalesce(age_max, 99) >= {int(low)})"
                    )
                wheres.append("(" + " or ".join(ors) + ")")
            else:
                raise ValueError(f"no Datasette translation for {name!r}")
        pairs += [("_where", where) for where in wheres]
        pairs += [("_facet_array", column) for column in DATASETTE_ARRAY_FACETS]
        pairs += [("_facet", column) for column in DATASETTE_FACETS]
        return f"/{database}/{table}.json?{urlencode(pairs)}"


def _q(label: str, q: str = "", **filters: str | tuple[str, ...]) -> Query:
    return Query(label, q, {k: (v,) if isinstance(v, str) else tuple(v) for k, v in filters.items()})


MIX: tuple[Query, ...] = (
    _q("one word", "sexting"),
    _q("two words", "sexting misbruik"),
    _q("colloquial", "nudes doorgestuurd"),
    _q("typo", "weerbaarheid trainng"),
    _q("English", "online safety parents"),
    _q("compound", "ouderavond"),
    _q("split compound", "ouder avond"),
    _q("loan word", "sextortion"),
    _q("two words", "eergerelateerd geweld"),
    _q("sentence", "iets voor een turkse moeder"),
    _q("three words", "aangifte doen politie"),
    _q("two words", "beelden verwijderen"),
    _q("three words", "lesmateriaal voortgezet onderwijs"),
    _q("theme", theme="preventie"),
    _q("format", format="video"),
    _q("language", language="ar"),
    _q("theme + audience", theme="melden-en-hulp", audience="ouders"),
    _q("profession + age", profession="voortgezet-onderwijs", age="12-14"),
    _q("cost + 2 formats", cost="free", format=("brochure", "handreiking")),
    _q("2 contexts", context=("islamitisch", "migratieachtergrond")),
    _q("text + theme + audience", "sexting", theme="preventie", audience="ouders"),
    _q("text + language", "gesprek ouders", language="tr"),
    _q("text + 2 formats + cost", "training", format=("online-training", "e-learning"), cost="free"),
    _q("text + age", "grooming", age="15-17"),
    _q("text + context", "religie", context="christelijk"),
    _q("typo + audience", "weerbaarhied", audience="jongeren"),
    _q("text + profession", "shame sexting school", profession="voortgezet-onderwijs"),
    _q("everything", ""),
    _q("3 facets", theme="diversiteit", language="en", context="nieuwkomers"),
    _q("text + format + language", "podcast", format="podcast", language="nl"),
)
