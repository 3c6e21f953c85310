"""The KPI table in a case's HTML and PDF exports: a case on a campaign gets two analytics
exports through the real service, and each export shows the latest table the thread was told,
in words and as its chart; hostile labels stay text, and a damaged table is a plain note."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adapters.demo.browser import dump_dom, find_chromium
from bot.domain import kinds
from bot.domain.identity import Role
from bot.exports import render
from bot.exports.html_page import render_html
from bot.exports.pdf_page import HistoryPdf, render_pdf
from bot.exports.performance import UnreadableTable, chart_of, latest, table_lines
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore
from tests.domain.session import MO, T0
from tests.exports.hostile import HOSTILE, LONG
from tests.exports.story import story
from tests.exports.test_html import ALLOWED_TAGS, page_of
from tests.service import test_figures as figures
from tests.service.desk import ANA, CLEO, Clock, Desk

SVG_TAGS = {"svg", "title", "rect", "line", "polyline", "text", "figure", "figcaption"}
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


@dataclass
class Exported:
    """A case with the creator's report and the brand's counter-report, as Ana exports it."""

    html: str
    pdf: bytes
    doc: dict[str, Any]
    judged: dict[str, Any]  # the latest table, as journaled


async def export_as_ana(desk: Desk, case_id: str, fmt: str) -> bytes:
    [reply] = (await desk.say(ANA, f"export {fmt}", case_id)).replies
    assert reply.attachment is not None
    return reply.attachment.content


@pytest.fixture
async def exported(store: SqlCaseStore, evidence_store: FileEvidenceStore) -> Exported:
    desk = await Desk.over(store, evidence_store, Clock())
    campaign_id = await figures.campaign_with_a_live_reel(desk)
    case_id = await figures.case_on(desk, campaign_id)
    desk.clock.advance(days=8)
    await desk.attach(CLEO, case_id, figures.export("84,200"), "posts.csv")
    desk.clock.advance(hours=1)
    await desk.attach(ANA, case_id, figures.export("61,000"), "brand-posts.csv")
    journal = await desk.journal(case_id)
    reports = [e.payload for e in journal if e.kind == kinds.METRICS_REPORTED]
    assert len(reports) == 2
    doc = json.loads(await export_as_ana(desk, case_id, "json"))
    return Exported((await export_as_ana(desk, case_id, "html")).decode(),
                    await export_as_ana(desk, case_id, "pdf"), doc, reports[-1]["judged"])


def section(html: str) -> str:
    start = html.index('<section id="performance">')
    return html[start:html.index("</section>", start)]


def with_judged(doc: dict[str, Any], judged: Any) -> dict[str, Any]:
    """The document with its latest KPI table replaced (as a damaged or older journal has it)."""
    changed = copy.deepcopy(doc)
    [*_, last] = [e for e in changed["entries"] if e.get("kind") == kinds.METRICS_REPORTED]
    last["payload"]["judged"] = judged
    return changed


def test_the_html_shows_the_latest_table_and_its_chart_inline(exported: Exported) -> None:
    part = section(exported.html)
    assert "<h2>Performance (KPIs)</h2>" in part
    [kpi] = exported.judged["kpis"]
    text = "".join(page_of(part).text)
    for line in kpi["lines"]:
        assert line in text, line
    assert "Disputed: views of instagram:GLOW1abcd" in text  # the counter-report's table
    assert "84,200 of 100,000" not in text  # not the first report's
    assert "2026-12-" in text and "(entry #" in text  # its moment
    figure = part[part.index("<figure"):]
    assert figure.count("<svg") == 1 and "</figcaption></figure>" in figure
    svg_text = "".join(page_of(figure).text)
    assert kpi["verdict"] in svg_text and "target 100,000" in svg_text
    assert "disputed: the two sides' reports differ" in svg_text
    assert "KPIs as judged on 2026-12-" in svg_text


def test_the_html_with_a_chart_stays_self_contained(exported: Exported) -> None:
    page = page_of(exported.html)
    tags = {tag for tag, _ in page.tags}
    assert "svg" in tags and tags <= ALLOWED_TAGS | SVG_TAGS, tags - ALLOWED_TAGS - SVG_TAGS
    for tag, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert "href" not in attrs and "xlink:href" not in attrs and "src" not in attrs
        urls = [v for v in attrs.values() if v and "://" in v]
        assert urls in ([], [SVG_NAMESPACE]), (tag, attrs)  # a namespace name, never fetched
    assert "default-src 'none'" in exported.html


def test_the_pdf_embeds_the_chart_and_writes_the_lines(
        exported: Exported, monkeypatch: pytest.MonkeyPatch) -> None:
    assert exported.pdf.startswith(b"%PDF-") and b"/Subtype /Image" in exported.pdf
    written: list[str] = []
    original = HistoryPdf.text

    def text(self: HistoryPdf, value: str, *args: Any, **kwargs: Any) -> None:
        written.append(value)
        original(self, value, *args, **kwargs)

    monkeypatch.setattr(HistoryPdf, "text", text)
    images: list[tuple[int, int]] = []
    original_figure = HistoryPdf.figure

    def figure(self: HistoryPdf, data: bytes, width: int, height: int) -> None:
        images.append((width, height))
        original_figure(self, data, width, height)

    monkeypatch.setattr(HistoryPdf, "figure", figure)
    render_pdf(exported.doc)
    assert "Performance (KPIs)" in written
    for line in exported.judged["kpis"][0]["lines"]:
        assert line in written, line
    [(width, height)] = images
    assert width > 1000 and height > 100  # the PNG as the thread gets it


def test_a_hostile_label_and_long_lines_are_text(exported: Exported) -> None:
    judged = copy.deepcopy(exported.judged)
    judged["kpis"][0]["label"] = HOSTILE[0]
    judged["kpis"][0]["lines"] = [*HOSTILE, LONG]
    doc = with_judged(exported.doc, judged)
    html = render_html(doc)
    part = section(html)
    assert "<script" not in part and "<img" not in part and "<link" not in part
    text = "".join(page_of(part).text)
    for line in (*HOSTILE, LONG):
        assert line in text, line[:40]
    assert "&lt;script&gt;document.title" in part[part.index("<svg"):]  # the label, cut to fit
    assert render_pdf(doc).startswith(b"%PDF-")


MALFORMED: list[Any] = [
    None,
    "a table",
    {"kpis": []},
    {"at": "yesterday", "kpis": []},
    {"at": "2026-12-01T10:00:00.000000Z"},
    {"at": "2026-12-01T10:00:00.000000Z", "kpis": ["views"]},
]
BROKEN_KPI: list[dict[str, Any]] = [
    {"target": "a lot"},
    {"target": None},
    {"figure": "NaN"},
    {"figure": "1E+999999999"},
    {"low": 5},
    {"verdict": "<b>won</b>"},
    {"disputed": "no"},
    {"lines": "one line"},
    {"lines": [1, 2]},
    {"label": None},
]


def broken(exported: Exported) -> list[Any]:
    kpi = exported.judged["kpis"][0]
    kpis = [{**kpi, **change} for change in BROKEN_KPI]
    kpis.append({k: v for k, v in kpi.items() if k != "high"})
    return [*MALFORMED, *({**exported.judged, "kpis": [k]} for k in kpis)]


def test_a_damaged_table_is_a_note_and_the_export_goes_on(exported: Exported) -> None:
    for judged in broken(exported):
        doc = with_judged(exported.doc, judged)
        read = latest(doc)
        assert read is not None and read.chart is None and read.problem, judged
        part = section(render_html(doc))
        assert "could not be read" in part and "<svg" not in part, judged
        assert render_pdf(doc).startswith(b"%PDF-")
        with pytest.raises(UnreadableTable):
            chart_of(judged), table_lines(judged)


def test_reports_without_a_table_add_nothing(exported: Exported) -> None:
    doc = copy.deepcopy(exported.doc)
    for item in doc["entries"]:
        if item.get("kind") == kinds.METRICS_REPORTED:
            del item["payload"]["judged"]
    assert latest(doc) is None
    assert "Performance (KPIs)" not in render_html(doc)
    s = story()  # a case off any campaign
    html = render("html", s.state, s.journal, MO, Role.MEDIATOR, T0).content.decode()
    assert "Performance (KPIs)" not in html


def test_the_chart_reads_back_the_journaled_values(exported: Exported) -> None:
    chart = chart_of(exported.judged)
    [bar] = chart.bars
    [kpi] = exported.judged["kpis"]
    assert (bar.label, str(bar.target), bar.verdict, bar.disputed) == (
        kpi["label"], kpi["target"], kpi["verdict"], kpi["disputed"])
    assert kpi["figure"] is None and bar.figure is None  # disputed: neither report counts
    assert chart.title.startswith("KPIs as judged on 2026-12-") and chart.title.endswith("UTC")


@pytest.mark.skipif(find_chromium() is None,
                    reason="chromium is not installed (Debian: apt-get install chromium)")
def test_chromium_draws_the_charts_text(exported: Exported, tmp_path: Path) -> None:
    page = tmp_path / "history.html"
    page.write_text(exported.html, encoding="utf-8")
    dom = dump_dom(page)
    assert "<svg" in dom and "disputed: the two sides' reports differ" in dom
    assert exported.judged["kpis"][0]["lines"][0] in dom


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdf_text_reads_back(exported: Exported, tmp_path: Path) -> None:
    pdf = tmp_path / "history.pdf"
    pdf.write_bytes(exported.pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Performance (KPIs)" in text and "KPIs as judged on 2026-12-" in text
    assert "neither counts until a better source comes" in " ".join(text.split())
