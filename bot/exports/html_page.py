"""The history as one self-contained HTML page: a readable timeline for one viewer.

Every piece of user content is hostile input: it is escaped, wrapped in `<bdi>` so direction
overrides stay inside it, and the page forbids scripts and outside requests twice over (no
script is ever written, and a Content-Security-Policy refuses any that slipped in).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from datetime import tzinfo
from html import escape
from typing import Any

from bot.campaign.performance.chart_svg import chart_svg
from bot.exports.document import Progress
from bot.exports.html_style import CSS
from bot.exports.performance import latest
from bot.exports.words import (
    VISIBILITY_WORDS,
    describe,
    proposal_status,
    stamp,
    terms_line,
    zone_name,
)
from bot.text.phrases import size_words

ReadEvidence = Callable[[str], bytes | None]

THUMBNAIL_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
THUMBNAIL_MAX_BYTES = 2 * 1024 * 1024
LATE = ' <span class="tag">late</span>'
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'"


def user(text: Any) -> str:
    """A person's words, escaped and isolated."""
    return f"<bdi>{escape(str(text))}</bdi>"


def block(text: Any) -> str:
    return f'<div class="text" dir="auto">{escape(str(text))}</div>'


def _fields(pairs: list[tuple[str, str]]) -> str:
    if not pairs:
        return ""
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{user(v)}</dd>" for k, v in pairs)
    return f'<dl class="meta">{rows}</dl>'


def render_html(doc: Mapping[str, Any], zone: tzinfo | None = None,
                read_evidence: ReadEvidence | None = None,
                progress: Progress | None = None) -> str:
    """The page for a history document; times in UTC and, when given, in `zone`."""
    case = doc["case"]
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Case {escape(case['id'])}: history</title><style>{CSS}</style></head><body>",
        _header(doc, zone),
        _parties(doc),
        _agreement(doc, zone),
        _proposals(doc, zone),
        _evidence(doc, zone, read_evidence),
        _performance(doc, zone),
        _messages(doc, zone),
        _timeline(doc, zone, progress),
        _footer(doc),
        "</body></html>\n",
    ]
    return "\n".join(parts)


def _header(doc: Mapping[str, Any], zone: tzinfo | None) -> str:
    case, view, chain = doc["case"], doc["view"], doc["chain"]
    viewer = view["viewer"]
    if view["kind"] == "full":
        who = "the operator: the full history, nothing left out"
    else:
        side = f", {viewer['side']} side" if viewer["side"] else ""
        who = f"{user(viewer['name'])} ({escape(viewer['role'])}{escape(side)})"
    closed = f" ({escape(case['closed_reason'].replace('_', ' '))})" if case["closed_reason"] \
        else ""
    redacted = (f"; {chain['redacted']} not visible to this viewer (shown as redacted, their "
                "hashes kept)") if chain["redacted"] else ""
    return (
        f"<header><h1>{user(case['title'])}</h1>"
        f'<dl class="meta"><dt>Case</dt><dd>{escape(case["id"])}</dd>'
        f"<dt>Phase</dt><dd>{escape(case['phase'])}{closed}</dd>"
        f"<dt>Opened</dt><dd>{escape(stamp(case['opened_at'], zone))}</dd>"
        f"<dt>Exported for</dt><dd>{who}</dd>"
        f"<dt>Exported at</dt><dd>{escape(stamp(doc['exported_at'], zone))}</dd>"
        f"<dt>Times shown in</dt><dd>UTC{escape(', and ' + zone_name(zone)) if zone else ''}"
        f"</dd><dt>Journal</dt><dd>{chain['length']} entries{escape(redacted)}</dd>"
        f'<dt>Last hash</dt><dd class="hash">{escape(chain["last_hash"])}</dd></dl></header>'
    )


def _parties(doc: Mapping[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{user(p['name'])}</td><td>{escape(p['role'])}</td>"
        f"<td>{escape(p['kind'] or '')}</td><td>{escape(p['side'] or '')}</td>"
        f'<td class="hash">{escape(p["user_id"])}</td></tr>'
        for p in doc["participants"])
    return ('<section id="participants"><h2>Participants</h2><table><tr><th>Name</th>'
            f"<th>Role</th><th>Kind</th><th>Side</th><th>Id</th></tr>{rows}</table></section>")


def _agreement(doc: Mapping[str, Any], zone: tzinfo | None) -> str:
    agreement = doc["agreement"]
    if agreement is None:
        return ""
    matches = hashlib.sha256(agreement["text"].encode("utf-8")).hexdigest() == \
        agreement["text_hash"]
    check = "the text matches this hash" if matches else "THE TEXT DOES NOT MATCH THIS HASH"
    signed = "".join(
        f'<li class="signed">Signed for the {escape(side)} side at '
        f"{escape(stamp(at, zone))}</li>" for side, at in agreement["signed"].items()
    ) or "<li>Not signed yet</li>"
    return (f'<section id="agreement"><h2>Agreement (from proposal #{agreement["proposal"]})'
            f"</h2>{block(agreement['text'])}"
            f'<p>SHA-256 <span class="hash">{escape(agreement["text_hash"])}</span> ({check})'
            f"</p><ul>{signed}</ul></section>")


def _proposals(doc: Mapping[str, Any], zone: tzinfo | None) -> str:
    if not doc["proposals"]:
        return ""
    rows = "".join(
        f"<tr><td>#{p['number']}</td><td>{escape(p['by'])}</td>"
        f"<td>{'#' + str(p['answers']) if p['answers'] else ''}</td>"
        f"<td>{user(terms_line(p['terms']))}</td><td>{escape(stamp(p['expires_at'], zone))}</td>"
        f"<td>{escape(proposal_status(p['status'], p['expires_at'], doc['exported_at']))}</td>"
        "</tr>" for p in doc["proposals"])
    return ('<section id="proposals"><h2>Proposals and counter-offers</h2><table><tr>'
            "<th>#</th><th>By</th><th>Counters</th><th>Terms</th><th>Expires</th>"
            f"<th>Outcome</th></tr>{rows}</table></section>")


def _thumbnail(item: Mapping[str, Any], read_evidence: ReadEvidence | None) -> str:
    if read_evidence is None or item["media_type"] not in THUMBNAIL_TYPES or "erased" in item:
        return ""  # an erased file is not shown, even before it is deleted
    if item["size"] > THUMBNAIL_MAX_BYTES:
        return ""
    data = read_evidence(item["sha256"])
    if data is None or hashlib.sha256(data).hexdigest() != item["sha256"]:
        return '<p class="deleted">The stored file is missing or does not match its hash.</p>'
    encoded = base64.b64encode(data).decode("ascii")
    source = f"data:{item['media_type']};base64,{encoded}"
    return f'<img alt="{escape(item["filename"])}" src="{source}">'


def _evidence(doc: Mapping[str, Any], zone: tzinfo | None,
              read_evidence: ReadEvidence | None) -> str:
    if not doc["evidence"]:
        return ""
    items = "".join(
        f'<div class="evidence">{_thumbnail(e, read_evidence)}<div>'
        f"<strong>{user(e['filename'])}</strong>{LATE if e['late'] else ''}"
        f"<br>{escape(e['media_type'])}, {escape(size_words(e['size']))}; added by "
        f"{user(e['uploader']['name'])} at {escape(stamp(e['at'], zone))} (entry #{e['seq']})"
        f'<br>SHA-256 <span class="hash">{escape(e["sha256"])}</span>'
        f"{block(e['description']) if e['description'] else ''}</div></div>"
        for e in doc["evidence"])
    return f'<section id="evidence"><h2>Evidence</h2>{items}</section>'


def _performance(doc: Mapping[str, Any], zone: tzinfo | None) -> str:
    """The latest KPI table the viewer may see, in words and as its chart (an inline SVG,
    which escapes its own text and asks for nothing outside the page)."""
    table = latest(doc)
    if table is None:
        return ""
    heading = '<section id="performance"><h2>Performance (KPIs)</h2>'
    if table.chart is None:
        return (f'{heading}<p class="note">The KPI table of entry #{table.seq} could not be '
                f"read ({escape(table.problem)}); its payload is in the JSON export.</p>"
                "</section>")
    when = f"{escape(stamp(table.at, zone))} (entry #{table.seq})"
    return (f"{heading}<p>As the case's thread was told at {when}:</p>"
            f"{block(chr(10).join(table.lines))}"
            f'<figure class="chart">{chart_svg(table.chart)}'
            f"<figcaption>{user(table.chart.title)}, drawn from the table above</figcaption>"
            "</figure></section>")


def _messages(doc: Mapping[str, Any], zone: tzinfo | None) -> str:
    edited = [m for m in doc["messages"] if len(m["versions"]) > 1 or m["deleted"]]
    if not edited:
        return ""
    parts = []
    for m in edited:
        versions = "".join(
            f'<div class="version"><span class="when">version {v["version"]}, '
            f"{escape(stamp(v['at'], zone))} (entry #{v['seq']})</span>{block(v['text'])}</div>"
            for v in m["versions"])
        deleted = (f'<p class="deleted">Deleted at {escape(stamp(m["deleted"]["at"], zone))} '
                   f"(entry #{m['deleted']['seq']})</p>") if m["deleted"] else ""
        parts.append(f"<div><strong>{escape(m['ref'])}</strong> by {user(m['author']['name'])}"
                     f"{versions}{deleted}</div>")
    return ('<section id="edits"><h2>Edited and deleted messages, every version</h2>'
            f"{''.join(parts)}</section>")


def _entry(item: Mapping[str, Any], zone: tzinfo | None) -> str:
    words = describe(item)
    actor = item["actor"]
    private = item["visibility"] != "all"
    tag = (f' <span class="tag private">{escape(VISIBILITY_WORDS.get(item["visibility"], ""))}'
           "</span>") if private else ""
    text = block(words.text) if words.text is not None else ""
    return (f'<li id="e{item["seq"]}" class="{"private" if private else "entry"}">'
            f'<span class="when">#{item["seq"]} · {escape(stamp(item["at"], zone))}</span>{tag}'
            f"<br><strong>{user(actor['name'])}</strong> ({escape(actor['role'])}): "
            f"{user(words.headline)}{_fields(words.fields)}{text}</li>")


def _timeline(doc: Mapping[str, Any], zone: tzinfo | None, progress: Progress | None) -> str:
    items = doc["entries"]
    parts: list[str] = []
    run: list[int] = []  # consecutive hidden entries read as one line

    def close_run() -> None:
        if run:
            span = f"#{run[0]}" if len(run) == 1 else f"#{run[0]}–#{run[-1]}"
            parts.append(f'<li class="redacted">{span}: not visible to this viewer '
                         "(redacted; the hashes are in the JSON)</li>")
            run.clear()

    for done, item in enumerate(items, start=1):
        if item.get("redacted"):
            run.append(item["seq"])
        else:
            close_run()
            parts.append(_entry(item, zone))
        if progress is not None and (done % 500 == 0 or done == len(items)):
            progress("html", done, len(items))
    close_run()
    return ('<section id="timeline"><h2>Timeline</h2><ol class="timeline">'
            f"{''.join(parts)}</ol></section>")


def _footer(doc: Mapping[str, Any]) -> str:
    return (f"<footer>Schema {escape(doc['schema'])}. Every entry is linked to the one before it "
            "by SHA-256; the JSON export holds every hash, and <code>mediator verify</code> checks "
            "a bundle offline (docs/exports.md).</footer>")
