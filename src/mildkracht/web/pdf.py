"""What the PDF reports share (fpdf2): the help lines in every footer, headings, paragraphs
and tables.

fpdf2's built-in fonts cover Latin-1 only; characters outside it are transliterated
(a dash for – and —, straight quotes for curly ones, ...) rather than dropped.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _
from fpdf import FPDF

from mildkracht.web.help import HELP

REPLACEMENTS = {
    "–": "-",
    "—": "-",
    "−": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "·": "-",
    "≥": ">=",
    "≤": "<=",
    "√": "sqrt",
    " ": " ",
}


def latin1(text: str) -> str:
    """``text`` with every character outside Latin-1 replaced by a close ASCII form."""
    for character, replacement in REPLACEMENTS.items():
        text = text.replace(character, replacement)
    if all(ord(c) < 256 for c in text):
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c if ord(c) < 256 else "?" for c in decomposed if not unicodedata.combining(c))


class Report(FPDF):
    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Helvetica", size=8)
        lines = "; ".join(
            f"{country.name}: " + ", ".join(line.number for line in country.crisis_lines)
            for country in HELP
        )
        self.cell(0, 5, latin1(_("Help now") + f" - {lines}"), align="C")
        self.ln(4)
        self.cell(0, 5, f"{self.page_no()}", align="C")


def heading(pdf: FPDF, text: str, size: int = 13) -> None:
    """A bold heading on its own lines."""
    pdf.ln(2)
    pdf.set_font("Helvetica", style="B", size=size)
    pdf.multi_cell(0, size * 0.5, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def paragraph(pdf: FPDF, text: str) -> None:
    """A paragraph of running text."""
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def text_table(pdf: FPDF, header: list[str], rows: list[list[str]]) -> None:
    """A table with a header row, every cell as text."""
    pdf.set_font("Helvetica", size=8)
    with pdf.table(text_align="LEFT", first_row_as_headings=True) as table:
        for values in [header, *rows]:
            row = table.row()
            for value in values:
                row.cell(latin1(str(value)))
    pdf.ln(2)
