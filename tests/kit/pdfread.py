"""Reading rendered PDFs back in tests: page text, text positions and the QR codes on a page."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import pypdfium2 as pdfium
import zxingcpp

DPI = 200


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF points, origin at the bottom left of the page."""

    left: float
    bottom: float
    right: float
    top: float

    def distance(self, other: Box) -> float:
        """The shortest distance between the two rectangles (0 when they touch or overlap)."""
        dx = max(other.left - self.right, self.left - other.right, 0)
        dy = max(other.bottom - self.top, self.bottom - other.top, 0)
        return (dx * dx + dy * dy) ** 0.5


@dataclass(frozen=True)
class QrCode:
    text: str
    box: Box


class Pdf:
    def __init__(self, data: bytes):
        self.data = data
        self.doc = pdfium.PdfDocument(data)

    def __len__(self) -> int:
        return len(self.doc)

    @property
    def objects(self) -> bytes:
        """The PDF's objects with every compressed stream inflated (to look for dictionary entries)."""
        parts = [self.data]
        for match in re.finditer(rb"stream\r?\n", self.data):
            end = self.data.find(b"endstream", match.end())
            try:
                parts.append(zlib.decompress(self.data[match.end() : end]))
            except zlib.error:
                continue  # not a Flate stream (or an image, font program, ...)
        return b"\n".join(parts)

    @property
    def font_names(self) -> set[str]:
        """The embedded fonts' names without their subset prefix (``ABCDEF+``)."""
        names = re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)", self.objects)
        return {name.decode("latin-1") for name in names}

    @property
    def title(self) -> str:
        return self.doc.get_metadata_dict()["Title"]

    def text(self, page: int = 0) -> str:
        return self.doc[page].get_textpage().get_text_range()

    def find(self, needle: str, page: int = 0) -> Box | None:
        """Where ``needle`` starts and ends on the page (the box of its first and last characters)."""
        textpage = self.doc[page].get_textpage()
        searcher = textpage.search(needle, match_case=True)
        found = searcher.get_next()
        if found is None:
            return None
        start, count = found
        first = textpage.get_charbox(start)
        last = textpage.get_charbox(start + count - 1)
        return Box(
            min(first[0], last[0]), min(first[1], last[1]), max(first[2], last[2]), max(first[3], last[3])
        )

    def qr_codes(self, page: int = 0) -> list[QrCode]:
        pdf_page = self.doc[page]
        height = pdf_page.get_height()
        image = pdf_page.render(scale=DPI / 72).to_pil()
        codes = []
        for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
            points = [
                barcode.position.top_left,
                barcode.position.top_right,
                barcode.position.bottom_left,
                barcode.position.bottom_right,
            ]
            xs = [p.x * 72 / DPI for p in points]
            ys = [height - p.y * 72 / DPI for p in points]
            codes.append(QrCode(barcode.text, Box(min(xs), min(ys), max(xs), max(ys))))
        return codes

    @property
    def width(self) -> float:
        return self.doc[0].get_width()
