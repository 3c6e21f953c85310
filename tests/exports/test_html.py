"""The HTML export treats every piece of user content as hostile, and stays self-contained."""

from __future__ import annotations

import base64
from html.parser import HTMLParser
from typing import Any

import pytest

from bot.domain.identity import Role
from bot.exports import render
from tests.domain.session import ANA, MO, T0
from tests.exports.hostile import HOSTILE, LONG, RLO
from tests.exports.story import SCREENSHOT, evidence_reader, story

ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "dl",
                "dt", "dd", "section", "table", "tr", "th", "td", "bdi", "div", "p", "ul",
                "li", "ol", "span", "strong", "br", "img", "footer", "code"}
ISOLATING = {"bdi", "div"}  # `.text` blocks are divs with unicode-bidi: isolate


class Page(HTMLParser):
    """Every tag, attribute and text node of a page, and where direction overrides sit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.loose_overrides = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "br", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if RLO in data and not ISOLATING & set(self.stack):
            self.loose_overrides += 1


def page_of(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def hostile_html() -> str:
    s = story(HOSTILE)
    return render("html", s.state, s.journal, MO, Role.MEDIATOR, T0, evidence_reader,
                  zone="America/New_York").content.decode()


def test_only_known_tags_and_no_event_handlers_or_outside_urls(hostile_html: str) -> None:
    page = page_of(hostile_html)
    tags = {tag for tag, _ in page.tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert "script" not in tags and "svg" not in tags and "link" not in tags
    for tag, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert "href" not in attrs
        if tag == "img":
            assert (attrs["src"] or "").startswith("data:image/png;base64,")
    assert [tag for tag, _ in page.tags].count("style") == 1


def test_hostile_text_arrives_as_text(hostile_html: str) -> None:
    text = "".join(page_of(hostile_html).text)
    for message in HOSTILE:
        assert message in text, message[:40]


def test_a_content_security_policy_forbids_scripts_and_requests(hostile_html: str) -> None:
    metas = [a for t, a in page_of(hostile_html).tags if t == "meta"]
    policy = next(a["content"] for a in metas
                  if a.get("http-equiv") == "Content-Security-Policy")
    assert policy is not None and "default-src 'none'" in policy
    assert "script-src" not in policy


def test_direction_overrides_stay_inside_isolated_elements(hostile_html: str) -> None:
    page = page_of(hostile_html)
    assert page.loose_overrides == 0
    assert RLO in "".join(page.text)
    assert "unicode-bidi: isolate" in hostile_html


def test_a_long_message_is_whole_and_wraps(hostile_html: str) -> None:
    assert LONG in "".join(page_of(hostile_html).text)
    assert "overflow-wrap: anywhere" in hostile_html


def test_edits_show_every_version_and_deletions_show(hostile_html: str) -> None:
    assert "The video went live on 10 March.</div>" in hostile_html
    assert "The video went live on 10 March, a week late.</div>" in hostile_html
    assert "Edited and deleted messages, every version" in hostile_html
    assert 'class="deleted">Deleted at' in hostile_html


def test_image_evidence_has_a_thumbnail_and_its_hash(hostile_html: str) -> None:
    assert base64.b64encode(SCREENSHOT).decode() in hostile_html
    from tests.exports.story import SCREENSHOT_SHA

    assert SCREENSHOT_SHA in hostile_html


def test_a_file_that_no_longer_matches_its_hash_gets_no_thumbnail() -> None:
    s = story()
    html = render("html", s.state, s.journal, ANA, Role.CLAIMANT, T0,
                  lambda sha: b"tampered").content.decode()
    assert "data:image" not in html
    assert "does not match its hash" in html


def test_times_are_in_utc_and_the_viewers_zone(hostile_html: str) -> None:
    assert "2026-11-21 09:00:00 UTC (2026-11-21 04:00:00 EST)" in hostile_html
    assert "Times shown in</dt><dd>UTC, and America/New_York" in hostile_html


def test_without_a_zone_times_are_utc_only() -> None:
    s = story()
    html = render("html", s.state, s.journal, ANA, Role.CLAIMANT, T0).content.decode()
    assert "2026-11-21 09:00:00 UTC<" in html and "EST" not in html


def test_a_party_page_names_the_redacted_entries_without_their_content() -> None:
    s = story()
    html: Any = render("html", s.state, s.journal, ANA, Role.CLAIMANT, T0).content.decode()
    assert "not visible to this viewer" in html
    assert "CREATOR-CAUCUS-SECRET" not in html
