"""The history as a PDF: the same sections as the HTML page, for printing and filing."""

from __future__ import annotations

import hashlib
import importlib.util
import io
from collections.abc import Callable, Mapping
from datetime import tzinfo
from typing import Any

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from PIL import Image

# The module, not its function: chart_png reads its font from bot.exports.pdf_text, so
# importing it first comes back here while it is still loading.
from bot.campaign.performance import chart_png as png_chart
from bot.domain.clock import parse_time
from bot.exports.document import Progress
from bot.exports.pdf_text import coverage, fit, font_files
from bot.exports.performance import latest
from bot.exports.words import VISIBILITY_WORDS, describe, proposal_status, stamp, terms_line
from bot.text.phrases import size_words

ReadEvidence = Callable[[str], bytes | None]
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif"})
IMAGE_MAX_BYTES = 2 * 1024 * 1024


def _shaping_available() -> bool:
    """Whether fpdf2's optional shaping engine (uharfbuzz) is installed."""
    return importlib.util.find_spec("uharfbuzz") is not None


class HistoryPdf:
    """A thin writer over fpdf2: every string goes through `fit` for the font in use."""

    def __init__(self, title: str, exported_at: str) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(True, margin=15)
        self.pdf.set_creation_date(parse_time(exported_at))
        faces = font_files()
        if faces is not None:
            for style, path in faces.items():
                family = "mono" if style == "M" else "body"
                self.pdf.add_font(family, "B" if style == "B" else "", str(path))
            self.family, self.mono = "body", "mono"
            self.drawable = coverage(faces[""]) & coverage(faces["B"])
            self.mono_drawable = coverage(faces["M"])
        else:
            self.family, self.mono = "helvetica", "courier"
            self.drawable = self.mono_drawable = coverage(None)
        if faces is not None and _shaping_available():
            # HarfBuzz joins Arabic letters and fpdf2 orders right-to-left runs for display.
            self.pdf.set_text_shaping(use_shaping_engine=True)
        self.pdf.set_title(fit(title, self.drawable))
        self.pdf.add_page()

    def text(self, value: str, size: float = 9.5, bold: bool = False, indent: float = 0,
             mono: bool = False, gray: bool = False) -> None:
        family = self.mono if mono else self.family
        self.pdf.set_font(family, "B" if bold and not mono else "", size)
        self.pdf.set_text_color(90 if gray else 20)
        self.pdf.set_x(self.pdf.l_margin + indent)
        cleaned = fit(value, self.mono_drawable if mono else self.drawable)
        self.pdf.multi_cell(0, size * 0.5, cleaned, align=Align.L, new_x=XPos.LMARGIN,
                            new_y=YPos.NEXT)

    def heading(self, value: str) -> None:
        self.pdf.ln(3)
        self.text(value, size=13, bold=True)
        self.pdf.ln(1)

    def image(self, data: bytes) -> None:
        try:
            self.pdf.image(io.BytesIO(data), x=self.pdf.l_margin + 4, w=45)
        except Exception:  # a hostile or broken image must not stop the export
            self.text("(the image could not be drawn)", gray=True, indent=4)

    def figure(self, data: bytes, width: int, height: int) -> None:
        """A chart across the page's width, smaller only when it would not fit on one page."""
        pdf = self.pdf
        scale = min(pdf.epw / width, (pdf.eph - 2) / height)
        if pdf.get_y() + height * scale > pdf.page_break_trigger:
            pdf.add_page()
        pdf.image(io.BytesIO(data), x=pdf.l_margin, w=width * scale, h=height * scale)
        pdf.ln(2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def render_pdf(doc: Mapping[str, Any], zone: tzinfo | None = None,
               read_evidence: ReadEvidence | None = None,
               progress: Progress | None = None) -> bytes:
    """The PDF of a history document."""
    case, chain, view = doc["case"], doc["chain"], doc["view"]
    out = HistoryPdf(f"Case {case['id']}: {case['title']}", doc["exported_at"])
    out.text(case["title"], size=16, bold=True)
    viewer = view["viewer"]
    side = f", {viewer['side']} side" if viewer["side"] else ""
    who = "the operator (full history)" if view["kind"] == "full" else \
        f"{viewer['name']} ({viewer['role']}{side})"
    closed = f" ({case['closed_reason'].replace('_', ' ')})" if case["closed_reason"] else ""
    for line in (f"Case {case['id']}, phase {case['phase']}{closed}",
                 f"Opened {stamp(case['opened_at'], zone)}",
                 f"Exported for {who} at {stamp(doc['exported_at'], zone)}",
                 f"Journal: {chain['length']} entries, {chain['redacted']} not visible to this "
                 "viewer (redacted, hashes kept in the JSON)"):
        out.text(line, gray=True)
    out.text(f"Last hash {chain['last_hash']}", mono=True, size=8, gray=True)
    out.heading("Participants")
    for p in doc["participants"]:
        kind = f", {p['kind']}" if p["kind"] else ""
        side = f", {p['side']} side" if p["side"] else ""
        out.text(f"{p['name']}: {p['role']}{kind}{side} ({p['user_id']})")
    _agreement(out, doc, zone)
    _proposals(out, doc, zone)
    _evidence(out, doc, zone, read_evidence)
    _performance(out, doc, zone)
    _timeline(out, doc, zone, progress)
    return out.output()


def _agreement(out: HistoryPdf, doc: Mapping[str, Any], zone: tzinfo | None) -> None:
    agreement = doc["agreement"]
    if agreement is None:
        return
    out.heading(f"Agreement (from proposal #{agreement['proposal']})")
    out.text(agreement["text"], indent=4)
    ok = hashlib.sha256(agreement["text"].encode()).hexdigest() == agreement["text_hash"]
    out.text(f"SHA-256 {agreement['text_hash']} "
             f"({'the text matches' if ok else 'THE TEXT DOES NOT MATCH'})", mono=True, size=8)
    for side, at in agreement["signed"].items():
        out.text(f"Signed for the {side} side at {stamp(at, zone)}", bold=True)


def _proposals(out: HistoryPdf, doc: Mapping[str, Any], zone: tzinfo | None) -> None:
    if not doc["proposals"]:
        return
    out.heading("Proposals and counter-offers")
    for p in doc["proposals"]:
        counters = f", countering #{p['answers']}" if p["answers"] else ""
        status = proposal_status(p["status"], p["expires_at"], doc["exported_at"])
        out.text(f"#{p['number']} by the {p['by']} side{counters}: {status}", bold=True)
        out.text(terms_line(p["terms"]), indent=4)


def _evidence(out: HistoryPdf, doc: Mapping[str, Any], zone: tzinfo | None,
              read_evidence: ReadEvidence | None) -> None:
    if not doc["evidence"]:
        return
    out.heading("Evidence")
    for e in doc["evidence"]:
        late = " (late)" if e["late"] else ""
        out.text(f"{e['filename']}{late}: {e['media_type']}, {size_words(e['size'])}, by "
                 f"{e['uploader']['name']} at {stamp(e['at'], zone)} (entry #{e['seq']})",
                 bold=True)
        out.text(f"SHA-256 {e['sha256']}", mono=True, size=8, indent=4)
        if e["description"]:
            out.text(e["description"], indent=4)
        if read_evidence and e["media_type"] in IMAGE_TYPES and e["size"] <= IMAGE_MAX_BYTES \
                and "erased" not in e:  # an erased file is not shown, even before it is deleted
            data = read_evidence(e["sha256"])
            if data is not None and hashlib.sha256(data).hexdigest() == e["sha256"]:
                out.image(data)


def _performance(out: HistoryPdf, doc: Mapping[str, Any], zone: tzinfo | None) -> None:
    """The latest KPI table the viewer may see: its lines, then its chart as an image."""
    table = latest(doc)
    if table is None:
        return
    out.heading("Performance (KPIs)")
    if table.chart is None:
        out.text(f"The KPI table of entry #{table.seq} could not be read ({table.problem}); "
                 "its payload is in the JSON export.", gray=True)
        return
    out.text(f"As the case's thread was told at {stamp(table.at, zone)} (entry #{table.seq}):",
             gray=True)
    for line in table.lines:
        out.text(line, indent=4)
    out.pdf.ln(2)
    png = png_chart.chart_png(table.chart)
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    out.figure(png, width, height)
    out.text(f"{table.chart.title}, drawn from the table above", size=8, gray=True)


def _timeline(out: HistoryPdf, doc: Mapping[str, Any], zone: tzinfo | None,
              progress: Progress | None) -> None:
    out.heading("Timeline")
    items = doc["entries"]
    hidden: list[int] = []
    for done, item in enumerate([*items, None], start=1):
        if item is not None and item.get("redacted"):
            hidden.append(item["seq"])
            continue
        if hidden:
            span = f"#{hidden[0]}" if len(hidden) == 1 else f"#{hidden[0]}–#{hidden[-1]}"
            out.text(f"{span}: not visible to this viewer (redacted)", gray=True)
            hidden.clear()
        if item is None:
            break
        words = describe(item)
        private = "" if item["visibility"] == "all" else \
            f" [{VISIBILITY_WORDS.get(item['visibility'], item['visibility'])}]"
        out.pdf.ln(1)
        out.text(f"#{item['seq']} {stamp(item['at'], zone)}{private}", size=8, gray=True)
        out.text(f"{item['actor']['name']} ({item['actor']['role']}): {words.headline}",
                 bold=True)
        for label, value in words.fields:
            out.text(f"{label}: {value}", indent=4)
        if words.text is not None:
            out.text(words.text, indent=4)
        if progress is not None and (done % 200 == 0 or done == len(items)):
            progress("pdf", done, len(items))
