"""`mediator verify [CASE|BUNDLE]`: check the stored history (every case's and campaign's
chain, its row, the evidence files), or an exported bundle with nothing but its bytes."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from adapters.settings import Settings
from adapters.wiring import build
from bot.checkpoints import covered
from bot.exports import check_bundle
from bot.guidelines.record import is_guidelines
from bot.service.store_audit import verify_cases
from bot.service.streams import is_campaign
from bot.text.witness import MILESTONES, record_fingerprint


def verify(settings: Settings, target: str | None, key: str | None = None) -> int:
    """0 when everything checked holds, 1 when something does not (each mismatch printed)."""
    if is_bundle(target):
        assert target is not None
        return verify_bundle(target, key)
    if key:
        print("--key is for a bundle: the stored history is checked by its hashes.")
        return 2
    return asyncio.run(verify_store(settings, target))


def verify_bundle(path: str, key: str | None = None) -> int:
    """Check an exported bundle with nothing but its bytes (and the public key, if given):
    no database, no settings."""
    report = check_bundle(path, key)
    if report.problem is not None:
        print(f"MISMATCH {report.problem}")
        return 1
    signed = (f" Signed by key {report.signed_by}" + ("" if key else
              ": compare it with the deployment's (`mediator key`), or pass --key.")
              if report.signed_by else " Not signed.")
    print(f"OK: bundle of case {report.case_id}: {report.entries} chained entries "
          f"({report.redacted} redacted for this viewer), {report.files} files match the "
          f"manifest; the chain ends at {report.last_hash}.{signed}")
    if report.checkpoints:
        against = " against the key given" if key else ""
        print(f"{report.checkpoints} signed checkpoint(s) verified{against}. {report.covered}")
    elif report.covered:
        print(report.covered)
    print_milestones(report.milestones)
    return 0


def print_milestones(milestones: Sequence[tuple[int, str, str]]) -> None:
    """The record fingerprints the thread was shown, for a party to compare."""
    if milestones:
        print("Record fingerprints posted in the thread:")
    for seq, kind, entry_hash in milestones:
        print(f"  entry {seq} ({kind.replace('_', ' ')}): {record_fingerprint(entry_hash)}")



def is_bundle(target: str | None) -> bool:
    return target is not None and (target.lower().endswith(".zip") or Path(target).is_file())


async def verify_store(settings: Settings, case_id: str | None) -> int:
    """Check the stored history: every chain (or the one named), its row, the evidence; for
    one case, also print the record fingerprints its thread was shown."""
    app = await build(settings)
    try:
        ids = [case_id.upper()] if case_id else await app.store.case_ids()
        findings = await verify_cases(app.store, app.evidence, ids)
        entries = await app.store.entries(ids[0]) if case_id and not findings else []
        signed = await app.store.checkpoints(ids[0]) if entries else []
    finally:
        await app.close()
    if findings:
        for finding in findings:
            print(f"MISMATCH {finding}")
        return 1
    campaigns = sum(1 for i in ids if is_campaign(i))
    guidelines = sum(1 for i in ids if is_guidelines(i))
    also = f" and {campaigns} campaign(s)" if campaigns else ""
    also += f" and {guidelines} guidelines record(s)" if guidelines else ""
    print(f"OK: {len(ids) - campaigns - guidelines} case(s){also}, every chain, case row and "
          "evidence file matches.")
    if entries:
        print(covered([c.to_json() for c in signed], len(entries)))
    print_milestones([(e.seq, e.kind, e.hash) for e in entries if e.kind in MILESTONES])
    return 0
