"""Screenshots of the journey tests' steps, for people to look at (``make screenshots``).

Off unless pytest runs with ``--screens DIR``: then every step a journey test names is saved as
``DIR/<journey>-<language>-<width>-<nn>-<step>.png``, full page, cut at ``MAX_HEIGHT`` pixels,
in 256 colours to keep the committed pictures small. A PDF step is rendered page by page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2
from PIL import Image
from playwright.sync_api import Page

MAX_HEIGHT = 6000


def _save(image: Image.Image, path: Path) -> None:
    if image.height > MAX_HEIGHT:
        image = image.crop((0, 0, image.width, MAX_HEIGHT))
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


@dataclass
class Screens:
    folder: Path | None
    prefix: str
    taken: list[Path] = field(default_factory=list)

    def _next(self, name: str) -> Path | None:
        if self.folder is None:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / f"{self.prefix}-{len(self.taken) + 1:02d}-{name}.png"

    def page(self, page: Page, name: str) -> None:
        """The whole page, from the top."""
        self._shot(page, name, full_page=True)

    def viewport(self, page: Page, name: str) -> None:
        """Only what is on screen: where the browser landed."""
        self._shot(page, name, full_page=False)

    def _shot(self, page: Page, name: str, full_page: bool) -> None:
        path = self._next(name)
        if path is None:
            return
        if full_page:  # else sticky bars are drawn where the page was scrolled
            page.evaluate("window.scrollTo(0, 0)")
        png = page.screenshot(full_page=full_page, animations="disabled", caret="hide")
        _save(Image.open(io.BytesIO(png)), path)
        self.taken.append(path)

    def pdf(self, content: bytes, name: str) -> None:
        path = self._next(name)
        if path is None:
            return
        document = pypdfium2.PdfDocument(content)
        try:
            pages = [document[i].render(scale=1.4).to_pil() for i in range(len(document))]
        finally:
            document.close()
        width = max(p.width for p in pages)
        sheet = Image.new("RGB", (width, sum(p.height for p in pages)), "white")
        top = 0
        for rendered in pages:
            sheet.paste(rendered, (0, top))
            top += rendered.height
        _save(sheet, path)
        self.taken.append(path)
