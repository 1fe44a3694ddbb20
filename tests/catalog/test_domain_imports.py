"""The catalog's domain holds no presentation: no forms, admin or HTML, not even inside a function.

Presentation (diffs with labels, Dutch messages, HTML) lives in ``catalog.forms`` and
``catalog.admin*``, which import the domain, never the other way round. The imports of each
domain module, and of every ``bronwijzer`` module it imports in turn, are read with ``ast``
(so an import inside a function counts too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bronwijzer

SRC = Path(bronwijzer.__file__).resolve().parent

#: The catalog's domain: models, rules and services, and the core they share.
DOMAIN = (
    "bronwijzer.catalog.models",
    "bronwijzer.catalog.models.base",
    "bronwijzer.catalog.models.content",
    "bronwijzer.catalog.models.resources",
    "bronwijzer.catalog.models.editorial",
    "bronwijzer.catalog.linklists",
    "bronwijzer.catalog.links",
    "bronwijzer.catalog.history",
    "bronwijzer.catalog.querysets",
    "bronwijzer.catalog.versioning",
    "bronwijzer.catalog.services",
    "bronwijzer.catalog.publishing",
    "bronwijzer.catalog.proposals",
    "bronwijzer.catalog.snapshot",
)

FORBIDDEN = (
    "django.forms",
    "django.contrib.admin",
    "django.utils.html",
    "bronwijzer.catalog.forms",
    "bronwijzer.catalog.admin",  # also admin_changes, admin_review, ...
)


def _path(module: str) -> Path | None:
    parts = module.split(".")[1:]
    for candidate in (SRC.joinpath(*parts).with_suffix(".py"), SRC.joinpath(*parts, "__init__.py")):
        if candidate.is_file():
            return candidate
    return None


def _imports(module: str) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import statement of ``module``."""
    tree = ast.parse(_path(module).read_text("utf-8"))
    found = []

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, inside) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                found.append((child.module, child.lineno, inside))
                # "from bronwijzer.catalog import forms" imports the module catalog.forms
                found.extend((f"{child.module}.{alias.name}", child.lineno, inside) for alias in child.names)
            visit(child, inside)

    visit(tree, False)
    return found


def _forbidden(name: str) -> bool:
    return any(name == bad or name.startswith(bad + ".") or name.startswith(bad + "_") for bad in FORBIDDEN)


def _reached(start: str) -> dict[str, str]:
    """Every bronwijzer module ``start`` imports, directly or through others, with the path to it."""
    seen, todo = {start: start}, [start]
    while todo:
        module = todo.pop()
        for name, _line, _inside in _imports(module):
            if name.startswith("bronwijzer.") and name not in seen and _path(name) is not None:
                seen[name] = f"{seen[module]} -> {name}"
                todo.append(name)
    return seen


@pytest.mark.parametrize("start", DOMAIN)
def test_a_domain_module_imports_no_presentation_directly_or_through_another(start):
    problems = [
        f"{route} imports {name} (line {line})"
        for module, route in _reached(start).items()
        for name, line, _inside in _imports(module)
        if _forbidden(name)
    ]
    assert problems == []


@pytest.mark.parametrize("start", DOMAIN)
def test_a_domain_module_imports_nothing_of_the_catalog_inside_a_function(start):
    """No import inside a function to dodge an import cycle."""
    late = [
        f"{name} (line {line})"
        for name, line, inside in _imports(start)
        if inside and name.startswith("bronwijzer.catalog")
    ]
    assert late == []


def test_the_guard_sees_an_import_inside_a_function(tmp_path, monkeypatch):
    """The guard itself: a presentation import hidden in a function is found."""
    package = tmp_path / "catalog"
    package.mkdir()
    (package / "hidden.py").write_text("def label():\n    from django.utils.html import format_html\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["SRC"]), "SRC", tmp_path)
    assert [(name, inside) for name, _line, inside in _imports("bronwijzer.catalog.hidden")] == [
        ("django.utils.html", True),
        ("django.utils.html.format_html", True),
    ]
