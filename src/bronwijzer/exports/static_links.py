"""Links in the static site: relative to the page, to files, and online for what needs the server.

Every page of the static site is a file ``<path>/index.html``. A link from one built
page to another becomes relative and names the file (``../../bron/x/index.html``), so
the same folder works from any static host, under any sub-path, and opened from disk
(file:// has no directory index). Static assets keep their URLs under ``static/``.
Anything else on the site (the gesprekskit, the API, downloads, the editors' back
office, short links, ...) needs the server: links to it become absolute links on the
public site, and forms that need the server submit there. Elements that only make
sense on the server ("Voeg toe aan gesprekskit") are left out.

The 404 page is served for missing paths at any depth, so its links are root-relative
(``/bron/x/index.html``) instead.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

#: Elements left out of the static copy (by class): they only work on the server.
DROP_CLASSES = ("kit-add",)

_ATTRIBUTE = re.compile(r'(?P<before>\s)(?P<name>href|src|action)="(?P<value>[^"]*)"')
_DROP = re.compile(
    r'<(?P<tag>p|li|div|span)\b[^>]*\bclass="(?:[^"]*\s)?(?:'
    + "|".join(map(re.escape, DROP_CLASSES))
    + r')(?:\s[^"]*)?"[^>]*>.*?</(?P=tag)>',
    re.S,
)
_HEAD_END = re.compile(r"</head>", re.I)


def page_file(path: str) -> str:
    """The file a site path is written to: ``/bron/x/`` -> ``bron/x/index.html``, ``/`` -> ``index.html``."""
    relative = path.lstrip("/")
    return relative + "index.html" if relative == "" or relative.endswith("/") else relative


@dataclass
class LinkRewriter:
    """Rewrites the links of pages rendered by the site into those of the static copy.

    ``pages`` are the site paths that are built (``/``, ``/en/bron/x/``, ...), ``static_url``
    is ``settings.STATIC_URL`` and ``base_url`` the public site for everything else.
    ``assets`` collects the static files the pages use (paths under ``static_url``).
    """

    pages: Collection[str]
    static_url: str
    base_url: str
    map_paths: Collection[str] = ()
    assets: set[str] = field(default_factory=set)
    online: set[str] = field(default_factory=set)

    def target(self, path: str) -> str | None:
        """The file in the static copy for a site path, or None when the path needs the server."""
        if path in self.pages:
            return page_file(path)
        if path.startswith(self.static_url):
            asset = path[len(self.static_url) :]
            if asset and ".." not in asset.split("/"):
                self.assets.add(asset)
                return "static/" + asset
        return None

    def link(self, url: str, from_file: str, *, form: bool = False, root_relative: bool = False) -> str:
        """One link as it must read in the file ``from_file`` of the static copy."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return url  # external, or relative to the page already ("#top", "?q=...")
        file = self.target(parts.path)
        if form and parts.path not in self.map_paths:
            file = None  # only the map's search and filters work in the static copy
        if file is None:
            self.online.add(parts.path)
            return self.base_url + urlunsplit(("", "", parts.path, parts.query, parts.fragment))
        if root_relative:
            relative = "/" + file
        else:
            relative = posixpath.relpath(file, posixpath.dirname(from_file) or ".")
        return urlunsplit(("", "", relative, parts.query, parts.fragment))

    def rewrite(self, page: str, from_file: str, *, root_relative: bool = False) -> str:
        """Every href, src and action of ``page`` (written to ``from_file``), minus the dropped elements."""
        page = _DROP.sub("", page)

        def replace(match: re.Match) -> str:
            value = html.unescape(match["value"])
            new = self.link(value, from_file, form=match["name"] == "action", root_relative=root_relative)
            return f'{match["before"]}{match["name"]}="{html.escape(new, quote=True)}"'

        return _ATTRIBUTE.sub(replace, page)


def inject_scripts(page: str, sources: list[str]) -> str:
    """Add deferred external scripts (no inline code: the site's CSP forbids it) before ``</head>``."""
    tags = "".join(f'<script src="{html.escape(src, quote=True)}" defer></script>\n' for src in sources)
    new, count = _HEAD_END.subn(lambda m: tags + m.group(0), page, count=1)
    if not count:
        raise ValueError("page has no </head>")
    return new
