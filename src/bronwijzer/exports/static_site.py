"""The static site and offline bundle: every public page in both languages, as plain files.

:func:`build_site` renders the published map through Django itself (the site's own
views, templates and middleware, via :class:`~bronwijzer.exports.static_render.SiteRenderer`,
Django's request handler asked with real requests) and writes each page
as ``<path>/index.html``: the map, every resource, the organisations, the glossary,
help, about, safe use, accessibility and the incident route's questions, in Dutch (``/``) and
English (``/en/``), plus ``404.html``. Links are rewritten by
:mod:`~bronwijzer.exports.static_links` (relative, to files; online for what needs
the server), the static assets the pages use are copied from Django's staticfiles
finders into ``static/``, and the search index (:mod:`~bronwijzer.exports.static_index`)
is written as ``search-index.json`` and ``search-index.js``, which the map pages load
with ``static/exports/offline-search.js`` so search and filters work in the browser.

The same folder is the offline bundle: :class:`StaticSiteExporter` (format ``site``)
zips it, and the zip opens from disk.
"""

from __future__ import annotations

import html
import io
import logging
import posixpath
import re
import shutil
import tempfile
import time
import warnings
import zipfile
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from bronwijzer.catalog.models import Organisation
from bronwijzer.exports.base import Exporter, ExportJob, Progress, no_progress
from bronwijzer.exports.static_index import build_index_data, index_json, index_script
from bronwijzer.exports.static_links import LinkRewriter, inject_scripts, page_file
from bronwijzer.exports.static_render import SiteRenderer, plain_static_urls
from bronwijzer.lib.controlchars import printable
from bronwijzer.lib.i18n import SITE_LANGUAGES
from bronwijzer.lib.paths import (
    API_PREFIX,
    DOWNLOAD_PREFIX,
    EMBED_PREFIX,
    KIT_PREFIX,
    SHORT_LINK_PREFIX,
    STAFF_PREFIX,
)
from bronwijzer.lib.siteurl import site_base
from bronwijzer.search.engine import search_index

LANGUAGES = SITE_LANGUAGES
#: The page rendered for ``404.html`` (any path the site does not have).
MISSING_PATH = "/deze-pagina-bestaat-niet/"
#: Scripts of the map page, in order (deferred): stemmers, engine, the index, the page.
MAP_SCRIPTS = (
    "{static}exports/snowball.js",
    "{static}exports/offline-search-engine.js",
    "{static}exports/offline-search-index.js",
    "/search-index.js",
    "{static}exports/offline-search.js",
)
INDEX_FILES = ("/search-index.js", "/search-index.json")
#: A build folder holds this file; only such a folder (or an empty one) is ever replaced.
MARKER = "search-index.json"
#: Site paths (without the /en prefix) that need the server: never rendered, linked online.
SERVER_ONLY = (KIT_PREFIX, API_PREFIX, STAFF_PREFIX, DOWNLOAD_PREFIX, EMBED_PREFIX, SHORT_LINK_PREFIX)
_HREF = re.compile(r'\shref="([^"]*)"')
PAGE_NAMES = (
    "web:glossary",
    "web:help",
    "web:about",
    "web:safe_use",
    "web:accessibility",
    "incident:route",
    "web:organisations",
)


class BuildError(RuntimeError):
    """The site cannot be built or written where asked (the message says why)."""


@dataclass
class BuildReport:
    pages: list[str] = field(default_factory=list)  # site paths written, both languages
    assets: list[str] = field(default_factory=list)  # files under static/
    online: list[str] = field(default_factory=list)  # site paths linked to on the public site
    base_url: str = ""
    seconds: float = 0.0


def site_paths() -> list[str]:
    """The pages the crawl starts from, Dutch first, then English (it finds the rest by following links)."""
    docs = search_index().docs
    organisations = list(Organisation.objects.values_list("slug", flat=True))
    paths: list[str] = []
    for lang in LANGUAGES:
        with translation.override(lang):
            paths.append(reverse("web:map"))
            paths.extend(reverse(name) for name in PAGE_NAMES)
            paths.extend(reverse("web:resource", args=[doc.slug]) for doc in docs)
            paths.extend(reverse("web:organisation", args=[slug]) for slug in organisations)
    return list(dict.fromkeys(paths))


def needs_server(path: str) -> bool:
    """Whether a site path is one of the pages that only work on the server (see SERVER_ONLY)."""
    for lang in LANGUAGES[1:]:
        prefix = f"/{lang}/"
        if path.startswith(prefix):
            path = path[len(prefix) - 1 :]
    return path.startswith(SERVER_ONLY)


def _links(page: str) -> Iterator[str]:
    """The site paths a page links to (no query, no fragment, no static files)."""
    for match in _HREF.finditer(page):
        parts = urlsplit(html.unescape(match.group(1)))
        internal = not parts.scheme and not parts.netloc and parts.path.startswith("/")
        if internal and not parts.path.startswith(settings.STATIC_URL):
            yield parts.path


@contextmanager
def _rendering() -> Iterator[SiteRenderer]:
    """The site as configured, with static URLs that need no collectstatic."""
    with plain_static_urls(), translation.override(settings.LANGUAGE_CODE), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="No directory at")
        requests = logging.getLogger("django.request")
        level = requests.level
        requests.setLevel(logging.ERROR)  # a 404 is expected (404.html, organisations without material)
        try:
            yield SiteRenderer()
        finally:
            requests.setLevel(level)


def _crawl(site: SiteRenderer, *, secure: bool, progress: Progress) -> tuple[dict[str, bytes], set[str]]:
    """Every page of the static site: the start pages and whatever public page they link to.

    Returns the content per site path and which of them are HTML pages (the others, such as
    a feed, are copied as they are). Paths that answer other than 200 are left out (their
    links go online); a server error stops the build.
    """
    queue = deque(p for p in site_paths() if not needs_server(p))
    seen = set(queue)
    rendered: dict[str, bytes] = {}
    pages: set[str] = set()
    while queue:
        path = queue.popleft()
        response = site.get(path, secure=secure)
        if response.status_code >= 500:
            raise BuildError(f"{path} answered {response.status_code}")
        if response.status_code == 200 and not response.streaming:
            rendered[path] = response.content
            if response.get("Content-Type", "").startswith("text/html"):
                pages.add(path)
                for link in _links(response.content.decode(response.charset or "utf-8")):
                    if link not in seen and not needs_server(link):
                        seen.add(link)
                        queue.append(link)
        progress(len(seen) - len(queue), len(seen) + 2, path)
    return rendered, pages


def _copy_assets(assets: set[str], dest: Path) -> None:
    for asset in sorted(assets):
        source = finders.find(asset)
        if source is None:
            raise BuildError(f"static file {asset!r} is used by a page but not found")
        target = dest / "static" / asset
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def build_site(dest: Path | str, *, base_url: str = "", progress: Progress = no_progress) -> BuildReport:
    """Render the site into the empty folder ``dest`` (made if missing)."""
    started = time.perf_counter()
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    base = (base_url or site_base()).rstrip("/")
    with _rendering() as site:
        rendered, pages = _crawl(site, secure=base.startswith("https:"), progress=progress)
        steps = len(rendered) + 2
        missing = site.get(MISSING_PATH)
        maps = {lang: _reverse_in("web:map", lang) for lang in LANGUAGES}
        links = LinkRewriter(
            pages=set(rendered) | set(INDEX_FILES),
            static_url=settings.STATIC_URL,
            base_url=base,
            map_paths=set(maps.values()),
        )
        for path, content in rendered.items():
            file = page_file(path)
            if path not in pages:
                (dest / file).parent.mkdir(parents=True, exist_ok=True)
                (dest / file).write_bytes(content)
                continue
            page = content.decode("utf-8")
            if path in maps.values():
                page = inject_scripts(page, [src.format(static=settings.STATIC_URL) for src in MAP_SCRIPTS])
            _write(dest / file, links.rewrite(page, file))
        _write(dest / "404.html", links.rewrite(missing.content.decode(), "404.html", root_relative=True))
        progress(steps - 1, steps, "search index")
        data = build_index_data(
            search_index(),
            page_href=lambda slug, lang: _relative(
                page_file(_reverse_in("web:resource", lang, slug)), page_file(maps[lang])
            ),
            glossary_href=lambda slug, lang: (
                _relative(page_file(_reverse_in("web:glossary", lang)), page_file(maps[lang])) + "#" + slug
            ),
            rewrite=lambda html, lang: links.rewrite(html, page_file(maps[lang])),
        )
        _write(dest / "search-index.json", index_json(data))
        _write(dest / "search-index.js", index_script(data))
    _copy_assets(links.assets, dest)
    progress(steps, steps, "assets")
    return BuildReport(
        pages=list(rendered),
        assets=sorted(links.assets),
        online=sorted(links.online),
        base_url=base,
        seconds=time.perf_counter() - started,
    )


def _reverse_in(name: str, lang: str, *args: str) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def _relative(file: str, from_file: str) -> str:
    return posixpath.relpath(file, posixpath.dirname(from_file) or ".")


def _write(path: Path, text: str) -> None:
    """Write a page or index file; stored text may hold control characters, which no file keeps."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(printable(text), encoding="utf-8")


def write_site(dest: Path | str, *, base_url: str = "", progress: Progress = no_progress) -> BuildReport:
    """Build into a fresh folder beside ``dest``, then put it in place of ``dest``.

    ``dest`` may be missing, empty, or an earlier build (it has ``search-index.json``);
    anything else is refused, so a typo never replaces someone's folder.
    """
    dest = Path(dest).resolve()
    if dest.exists() and (not dest.is_dir() or (any(dest.iterdir()) and not (dest / MARKER).is_file())):
        raise BuildError(f"{dest} exists and is not an empty folder or an earlier static build")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        report = build_site(fresh, base_url=base_url, progress=progress)
        fresh.chmod(0o755)
        if dest.exists():
            old = dest.with_name(f".{dest.name}.old-{time.time_ns()}")
            dest.rename(old)
            fresh.rename(dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            fresh.rename(dest)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return report


def zip_folder(folder: Path) -> bytes:
    """The folder as a zip, files at its root in a stable order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


class StaticSiteExporter(Exporter):
    """The static site as an offline bundle (zip); :meth:`write_directory` writes the folder."""

    name = "site"
    media_type = "application/zip"
    extension = "zip"
    label = "ZIP"

    def filename(self, job: ExportJob) -> str:
        return f"bronwijzer-site.{self.extension}"

    def render(self, job: ExportJob, progress: Progress = no_progress) -> bytes:
        with tempfile.TemporaryDirectory(prefix="bronwijzer-site-") as folder:
            build_site(Path(folder), base_url=job.base_url, progress=progress)
            return zip_folder(Path(folder))

    def write_directory(
        self, job: ExportJob, directory: Path, progress: Progress = no_progress
    ) -> BuildReport:
        """Write the static site into ``directory`` (see :func:`write_site`)."""
        return write_site(directory, base_url=job.base_url, progress=progress)
