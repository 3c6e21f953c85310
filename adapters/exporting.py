"""Exports from storage to files: used by `mediator export` and `mediator demo`.

Reads the case, its whole journal and its evidence files (asynchronously, up front), then
renders in a thread: PDF rendering and hashing must not block the event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from adapters.wiring import App
from bot.domain.case import Case
from bot.domain.identity import Actor, Role
from bot.exports import OPERATOR, Rendered, evidence_needed, render
from bot.exports.document import Progress


@dataclass(frozen=True)
class Viewer:
    actor: Actor
    role: Role
    full: bool = False


def resolve_viewer(case: Case, reference: str) -> Viewer | None:
    """`--as`: a party by name, id or side (`brand`, `creator`), an observer by name or id,
    or the case's mediator
    (by name, id, or the word `mediator`). None for anyone else."""
    wanted = reference.strip().lstrip("@").casefold()
    for party in case.parties():
        if wanted == party.side.value:
            return Viewer(Actor(party.user_id, party.name), case.role_of(Actor(party.user_id,
                                                                                party.name)))
    party = case.find_party(reference)
    if party is not None:
        actor = Actor(party.user_id, party.name)
        return Viewer(actor, case.role_of(actor))
    for observer in case.observers.values():  # reads what their side reads
        if wanted in (observer.name.casefold(), observer.user_id.casefold()):
            actor = Actor(observer.user_id, observer.name)
            return Viewer(actor, case.role_of(actor))
    mediator = case.mediator
    if mediator is not None and wanted in (mediator.name.casefold(), mediator.user_id.casefold(),
                                           "mediator"):
        return Viewer(Actor(mediator.user_id, mediator.name, is_mediator=True), Role.MEDIATOR)
    if wanted == "mediator":  # no mediator took the case: a mediator's view all the same
        return Viewer(Actor("mediators", "a mediator", is_mediator=True), Role.MEDIATOR)
    return None


FULL = Viewer(OPERATOR, Role.SYSTEM, full=True)


async def export_case(app: App, case_id: str, viewer: Viewer, fmt: str, *,
                      zone: str | None = None, progress: Progress | None = None,
                      now: datetime | None = None) -> Rendered:
    """One export of a stored case, rendered off the event loop."""
    entries = await app.store.entries(case_id)
    case = await app.service.case(case_id)
    files: dict[str, bytes | None] = {}
    for sha256 in evidence_needed(entries):
        try:
            files[sha256] = await app.evidence.read(sha256)
        except (OSError, ValueError):
            files[sha256] = None  # reported as missing; the export goes on
    moment = now or datetime.now(UTC)
    checkpoints = await app.store.checkpoints(case_id) if fmt == "bundle" else None
    return await asyncio.to_thread(render, fmt, case, entries, viewer.actor, viewer.role,
                                   moment, files.get, full=viewer.full, zone=zone,
                                   progress=progress, signer=app.service.signer,
                                   checkpoints=checkpoints)


def write(rendered: Rendered, out: str | Path | None, default_dir: Path = Path(".")) -> Path:
    """Write an export: into `out` if it is a folder (or ends with `/`), else as `out`."""
    if out is None:
        target = default_dir / rendered.filename
    elif Path(out).is_dir() or str(out).endswith(("/", "\\")):
        target = Path(out) / rendered.filename
    else:
        target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(rendered.content)
    return target


