"""The Datasette side of the scale benchmark: a SQLite copy of the published resources.

One table ``resources`` with the facet columns as JSON arrays (as Bronwijzer stores
them), organisation names, cost and ages, an FTS5 table over title and summary
(``content="resources"``, so Datasette finds it and ``_search`` uses it), and indexes
on the scalar facet columns.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
create table resources (
    id integer primary key,
    slug text not null unique,
    title text not null,
    summary text not null,
    organisations text not null,
    url text,
    sections text not null,
    themes text not null,
    professions text not null,
    audiences text not null,
    formats text not null,
    languages text not null,
    contexts text not null,
    cost text not null,
    age_min integer,
    age_max integer
);
"""

COPY = """
insert into resources (slug, title, summary, organisations, url, sections, themes, professions,
                       audiences, formats, languages, contexts, cost, age_min, age_max)
select r.slug, r.title, r.summary,
       (select json_group_array(o.name) from json_each(r.organisations) j
        join src.catalog_organisation o on o.slug = j.value),
       r.url, r.sections, r.themes, r.professions, r.audiences, r.formats, r.languages, r.contexts,
       r.cost, r.age_min, r.age_max
from src.catalog_resource r
where r.status = 'published'
order by r.position, r.slug;
"""

FTS = """
create virtual table resources_fts using fts5(
    title, summary, content="resources", content_rowid="id", tokenize="unicode61 remove_diacritics 2"
);
insert into resources_fts (resources_fts) values ('rebuild');
create index resources_cost on resources (cost);
create index resources_age on resources (age_min, age_max);
"""


def build(source: Path, target: Path) -> int:
    """Copy the published resources of Bronwijzer's SQLite database ``source`` into ``target``."""
    target.unlink(missing_ok=True)
    db = sqlite3.connect(target)
    try:
        db.execute("attach database ? as src", (str(source),))
        db.executescript(SCHEMA)
        db.execute(COPY)
        db.commit()
        db.execute("detach database src")
        db.executescript(FTS)
        db.commit()
        db.execute("analyze")
        db.commit()
        count = db.execute("select count(*) from resources").fetchone()[0]
    finally:
        db.close()
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("vacuum")
    db.close()
    return count
