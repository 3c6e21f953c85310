"""Checking stored history: every record's chain (cases, campaigns, guidelines records), its
row, and a case's evidence files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.checkpoints import problem_of
from bot.domain.case import Case
from bot.domain.erasure import is_erased
from bot.domain.journal import verify_chain
from bot.guidelines.kinds import REPORT_MADE
from bot.guidelines.record import GuidelinesRecord
from bot.ports import EvidenceStore, Journal
from bot.service.streams import Streams


@dataclass(frozen=True)
class Finding:
    case_id: str
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"case {self.case_id}" + (f" entry {self.seq}" if self.seq is not None else "")
        return f"{where}: {self.problem}"


async def verify_case(store: Journal, evidence: EvidenceStore | None,
                      case_id: str) -> list[Finding]:
    """Everything wrong with one case's stored history (empty when it all holds)."""
    entries = await store.entries(case_id)
    head = await store.head(case_id)
    if not entries and head is None:
        return [Finding(case_id, None, "no such case")]
    problem = verify_chain(case_id, entries)
    if problem is not None:
        return [Finding(case_id, problem.seq, problem.reason)]
    findings: list[Finding] = []
    last = entries[-1] if entries else None
    if head is None:
        findings.append(Finding(case_id, None, "journal entries without a case row"))
    elif last is None or head.version != last.seq or head.last_hash != last.hash:
        findings.append(Finding(
            case_id, head.version,
            "the case row does not match the end of the journal (entries missing at the end?)"))
    hashes = [e.hash for e in entries]
    for checkpoint in await store.checkpoints(case_id):
        # Each stored checkpoint: signed by the key it names, over this chain's entry.
        wrong = problem_of(checkpoint.to_json(), case_id, hashes, None)
        if wrong is not None:
            findings.append(Finding(case_id, checkpoint.seq, f"signed checkpoint: {wrong}"))
    stream = Streams().of(case_id)  # a case, a campaign's record or a guidelines record
    state = None
    try:
        for entry in entries:  # a campaign's terms and a rulebook are checked by their hash
            state = stream.apply(state, entry)
    except (KeyError, ValueError, TypeError) as error:
        return [*findings, Finding(case_id, None,
                                   f"entries do not fold into a {stream.noun}: {error}")]
    if evidence is None:
        return findings
    erased = {e.seq for e in entries if is_erased(e)}  # their files went with them
    files: list[tuple[int, str]] = []
    if isinstance(state, Case):
        files = [(item.seq, item.sha256) for item in state.evidence]
    elif isinstance(state, GuidelinesRecord):  # files brought with reports
        seqs = {e.payload["number"]: e.seq for e in entries if e.kind == REPORT_MADE}
        files = [(seqs[r.number], r.file.sha256) for r in state.reports if r.file]
    for seq, sha256 in files:
        if seq not in erased and not await evidence.check(sha256):
            findings.append(Finding(case_id, seq,
                                    f"evidence file {sha256} is missing or altered"))
    return findings


async def verify_cases(store: Journal, evidence: EvidenceStore | None,
                       case_ids: Iterable[str]) -> list[Finding]:
    findings: list[Finding] = []
    for case_id in case_ids:
        findings += await verify_case(store, evidence, case_id)
    return findings
