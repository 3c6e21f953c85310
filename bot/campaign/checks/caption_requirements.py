"""An objective requirement checked on the live caption, read the way the disclosure checks
read it (`disclosure_text`): look-alike characters as what they show, invisible ones ignored,
case folded, and a hashtag, mention or code only as a word of its own, so `#GlowPartner` is
not met by `#GlowPartnerships` nor `GLOW15` by `GLOW150`.

Hashtags, mentions, brand tags, promo codes and links are checked mechanically; a disclosure
requirement runs the regime's disclosure checks; what a caption cannot show (the product on
screen, what is said, a call to action, what must not be there) is for the parties to look
at, and is indeterminate until they do. Subjective requirements are for the edit rounds, not
for findings.
"""

from __future__ import annotations

import re

from bot.campaign.checks.disclosure import NOT_LEGAL_ADVICE, Regime, check_disclosure
from bot.campaign.checks.disclosure_text import Caption, fold, label_pattern, read_caption
from bot.campaign.checks.finding import Citation, Evidence, Finding, FindingKind, Verdict
from bot.campaign.life.deliverable_life import Publication
from bot.campaign.terms.deliverables import Requirement, RequirementKind

_K = RequirementKind
MECHANICAL = frozenset({_K.HASHTAG, _K.MENTION, _K.BRAND_TAG, _K.PROMO_CODE, _K.LINK})
# What the parties look at for what a caption cannot show.
TO_LOOK_AT = {
    _K.PRODUCT_VISIBLE: "Look at the post itself for {value}.",
    _K.TALKING_POINT: "Watch or listen for {value}.",
    _K.CALL_TO_ACTION: "Look for the call to action: {value}.",
    _K.MUST_NOT: "Check the post does not {value}.",
}
_NAMES = {_K.HASHTAG: "hashtag", _K.MENTION: "mention", _K.BRAND_TAG: "brand tag",
          _K.PROMO_CODE: "promo code", _K.LINK: "link"}
_URL_START = re.compile(r"^(?:https?://)?(?:www\.)?")


def requirement_finding(requirement: Requirement, path: str, version: str, item: str,
                        publication: Publication, regime: Regime) -> Finding | None:
    """What the live caption shows of one requirement; None for a subjective one."""
    if not requirement.objective:
        return None
    term = Citation(path, version)
    post = Evidence("the live caption", publication.permalink, publication.published_at)
    value = requirement.value.strip()
    if requirement.kind is _K.DISCLOSURE:
        report = check_disclosure(publication.caption, regime)
        failed = " ".join(check.explanation.removesuffix(NOT_LEGAL_ADVICE).strip()
                          for check in report.failed)
        words = (f"The caption is marked as advertising under {regime.value}: every check "
                 "passes." if report.passed else f"Disclosure under {regime.value}: {failed}")
        words += f" {NOT_LEGAL_ADVICE}"
        return Finding(FindingKind.DISCLOSURE, item, term, (post,),
                       Verdict.MET if report.passed else Verdict.BREACH, words,
                       disclosure=report)
    if requirement.kind not in MECHANICAL:
        look = TO_LOOK_AT[requirement.kind].format(value=value)
        return Finding(FindingKind.REQUIREMENT_NEEDS_REVIEW, item, term, (post,),
                       Verdict.INDETERMINATE, f"A caption cannot show this. {look}",
                       settle=look)
    name = _NAMES[requirement.kind]
    found = _found(read_caption(publication.caption), requirement.kind, value)
    if found is None:
        return Finding(FindingKind.REQUIREMENT_MISSING, item, term, (post,), Verdict.BREACH,
                       f"The live caption lacks the {name} {value}.")
    return Finding(FindingKind.REQUIREMENT_MISSING, item, term, (post,), Verdict.MET,
                   f"The live caption carries the {name} {value} ({found}).")


def _found(caption: Caption, kind: RequirementKind, value: str) -> str | None:
    """Where the caption shows `value` ("character 12, line 1"), or None."""
    if kind is _K.LINK:
        return _link(caption, value)
    pattern = _pattern(kind, value)
    hits = caption.find(pattern) if pattern is not None else []
    if not hits:
        return None
    return f"character {hits[0].position.character}, line {hits[0].position.line}"


def _pattern(kind: RequirementKind, value: str) -> re.Pattern[str] | None:
    bare = "".join(fold(value).split())
    if kind is _K.HASHTAG:
        return label_pattern("#" + bare.lstrip("#")) if bare.lstrip("#") else None
    if kind in (_K.MENTION, _K.BRAND_TAG):
        name = bare.lstrip("@")
        return re.compile("@" + re.escape(name)) if name else None
    return re.compile("#?" + re.escape(bare)) if bare else None  # a code, or its hashtag


def _link(caption: Caption, value: str) -> str | None:
    wanted = _bare_link(fold(value).strip())
    if not wanted:
        return None
    for line, text in enumerate(caption.folded.split("\n"), start=1):
        for token in text.split():
            seen = _bare_link(token.rstrip(".,;:!?)]}>\"'"))
            if seen == wanted or seen.startswith((wanted + "?", wanted + "#")):
                return f"line {line}"
    return None


def _bare_link(link: str) -> str:
    """A link without its scheme, `www.` or final slash: how two writings of it compare."""
    return _URL_START.sub("", link).rstrip("/")
