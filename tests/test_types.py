"""Guards on the type checking that `make test` runs (mypy, configured in pyproject.toml).

mypy itself runs in `make test` and in the pre-commit hook; these tests keep its configuration
honest: nothing is ignored wholesale, and every ignore in the code says what and why.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "bronwijzer"

#: `# type: ignore[code, code]` followed by a reason on the same line, or preceded by a comment line.
_IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[a-z0-9-]+(?:,\s*[a-z0-9-]+)*\])?(?P<rest>.*)$")


def _mypy() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mypy"]


def test_mypy_checks_the_package_with_the_django_plugin_and_ignores_nothing_wholesale():
    config = _mypy()
    assert config["files"] == ["src"]
    assert "mypy_django_plugin.main" in config["plugins"]
    for blanket in ("ignore_missing_imports", "ignore_errors", "follow_imports"):
        assert blanket not in config, f"a blanket {blanket} in [tool.mypy]"
    for override in config.get("overrides", []):
        assert not override.get("ignore_errors"), f"ignore_errors for {override['module']}"


def test_each_package_whose_missing_types_are_ignored_is_named_and_really_has_none():
    """Only third-party packages, by name; once a package ships types, its ignore must go."""
    named = [
        module
        for override in _mypy().get("overrides", [])
        if override.get("ignore_missing_imports")
        for module in override["module"]
    ]
    assert named, "no override names the untyped packages"
    for module in named:
        package = module.removesuffix(".*")
        assert "*" not in package and not package.startswith("bronwijzer"), module
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.origin, f"{package} is not installed: drop its override"
        folder = Path(spec.origin).parent
        assert not (folder / "py.typed").exists(), f"{package} ships its types now: drop its override"
        assert importlib.util.find_spec(f"{package}-stubs".replace("-", "_")) is None


def test_every_type_ignore_in_the_code_names_its_error_code_and_a_reason():
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        lines = path.read_text("utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            found = _IGNORE.search(line)
            if found is None:
                continue
            where = f"{path.relative_to(ROOT)}:{number}"
            if not found["codes"]:
                problems.append(f"{where}: no error code")
            reason_here = found["rest"].strip().lstrip("#").strip()
            reason_above = number > 1 and lines[number - 2].strip().startswith("#")
            if not reason_here and not reason_above:
                problems.append(f"{where}: no reason (a comment after it or on the line above)")
    assert problems == []
