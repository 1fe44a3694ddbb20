"""Problems found in a map file, each naming where it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    where: str  # e.g. "resources entry 12 (slug 'escaperoom')", "line 4"
    field: str | None
    message: str

    def __str__(self) -> str:
        field = f", field '{self.field}'" if self.field else ""
        return f"{self.where}{field}: {self.message}"


class MapFileError(Exception):
    """The map file cannot be loaded; nothing was written."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        super().__init__(self.render())

    def render(self, limit: int = 50) -> str:
        lines = [f"{self.source}: {len(self.problems)} problem(s); nothing was loaded."]
        lines += [f"  - {problem}" for problem in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  ... and {len(self.problems) - limit} more")
        return "\n".join(lines)
