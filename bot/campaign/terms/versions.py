"""Versions of an agreement: a canonical form of the terms, its hash, and amendments.

A version is pinned by a SHA-256 over its number, its parent's hash and the canonical JSON of
its terms, so an amendment that restores earlier terms is still a version of its own and a
parent hash always names exactly one version. Nothing in a version can change: every value in
it is frozen, building one with a hash that does not match its content is refused, and
`intact()` recomputes the hash to catch a change forced past the frozen fields.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from bot.campaign.terms.problems import InvalidAgreement, Problem
from bot.campaign.terms.terms import CampaignTerms
from bot.campaign.terms.terms_document import terms_document
from bot.campaign.terms.terms_reading import read_terms


def canonical_json(value: object) -> str:
    """One text for one value: sorted keys, no spaces, UTF-8 as is. The terms' plain form holds
    no floats, so no number can be written two ways."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def canonical_terms(terms: CampaignTerms) -> str:
    """The terms' canonical JSON: what a version's hash covers, and a valid agreement file."""
    return canonical_json(terms_document(terms))


def terms_from_canonical(text: str) -> CampaignTerms:
    """The terms back from their canonical JSON; `InvalidAgreement` if it is not one."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise InvalidAgreement([Problem("", f"not canonical JSON: {error}")]) from None
    return read_terms(document)


def terms_hash(terms: CampaignTerms) -> str:
    """SHA-256 of the terms' canonical JSON, in hex."""
    return hashlib.sha256(canonical_terms(terms).encode()).hexdigest()


def version_hash(number: int, parent: str | None, terms: CampaignTerms) -> str:
    """SHA-256, in hex, of the canonical JSON of a version: number, parent and terms."""
    document = {"number": number, "parent": parent, "terms": terms_document(terms)}
    return hashlib.sha256(canonical_json(document).encode()).hexdigest()


@dataclass(frozen=True)
class AgreementVersion:
    """One accepted (or proposed) version of the terms. Version 1 has no parent; each
    amendment names its parent's hash and comes next in number."""

    number: int
    parent: str | None
    terms: CampaignTerms
    hash: str

    def __post_init__(self) -> None:
        problems = []
        if self.number < 1:
            problems.append(Problem("number", f"versions count from 1, not {self.number}"))
        if (self.number == 1) != (self.parent is None):
            problems.append(Problem("parent", "version 1, and only version 1, has no parent"))
        if not problems and self.hash != version_hash(self.number, self.parent, self.terms):
            problems.append(Problem("hash", "does not match the version's number, parent and "
                                    "terms: this is not the version that was hashed"))
        if problems:
            raise InvalidAgreement(problems)

    def intact(self) -> bool:
        """Whether the version still holds exactly what was hashed."""
        return self.hash == version_hash(self.number, self.parent, self.terms)


def first_version(terms: CampaignTerms) -> AgreementVersion:
    """Version 1 of an agreement."""
    return AgreementVersion(1, None, terms, version_hash(1, None, terms))


def amend(parent: AgreementVersion, terms: CampaignTerms) -> AgreementVersion:
    """A new version pointing at its parent; the parent is left as it was. Refused if the
    parent was tampered with or the terms are unchanged."""
    if not parent.intact():
        raise InvalidAgreement([Problem("parent", f"version {parent.number} no longer matches "
                                        "its hash; it cannot be amended")])
    if canonical_terms(terms) == canonical_terms(parent.terms):
        raise InvalidAgreement([Problem("terms", f"the same as version {parent.number}'s: "
                                        "an amendment changes something")])
    number = parent.number + 1
    return AgreementVersion(number, parent.hash, terms, version_hash(number, parent.hash, terms))


def history_problems(versions: tuple[AgreementVersion, ...]) -> list[Problem]:
    """What breaks a history of versions: a gap in numbers, a wrong parent, a changed version."""
    problems = []
    for index, version in enumerate(versions):
        if not version.intact():
            problems.append(Problem(f"versions[{index}]", "no longer matches its hash"))
        if version.number != index + 1:
            problems.append(Problem(f"versions[{index}].number", f"is {version.number}, "
                                    f"expected {index + 1}"))
        if index and version.parent != versions[index - 1].hash:
            problems.append(Problem(f"versions[{index}].parent",
                                    "is not the hash of the version before it"))
    return problems
