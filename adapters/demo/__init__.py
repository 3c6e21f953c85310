"""`mediator demo`: a campaign and a whole mediation on it in a temporary database, then every
export of the case.

The mediation runs through the console adapter exactly as typed lines would (see
`adapters/demo/script.py`); the exports are written for the brand, the creator, the mediator
and the operator (full view), in JSON, HTML, PDF and as a bundle.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from adapters.console.session import ConsoleSession
from adapters.demo.script import BRAND, CREATOR, LINES, MEDIATOR
from adapters.exporting import FULL, Viewer, export_case, resolve_viewer, write
from adapters.settings import Settings
from adapters.wiring import build
from bot.domain.journal import JournalEntry
from bot.exports import FORMATS
from storage.database_url import normalize

ASSETS = Path(__file__).resolve().parents[2] / "examples" / "demo"
_REF = re.compile(r"\[journal\] (m\d+)")
_HASH = re.compile(r"campaign accept ([0-9a-f]{64})")


class DemoError(RuntimeError):
    """The scripted mediation did not go as written (a refused move, missing assets)."""


@dataclass
class DemoResult:
    case_id: str
    entries: list[JournalEntry]
    exports: dict[str, dict[str, Path]] = field(default_factory=dict)  # view → format → path
    transcript: list[str] = field(default_factory=list)


async def run_demo(out_dir: Path, *, assets: Path = ASSETS, zone: str | None = None,
                   say: Callable[[str], None] = lambda _line: None) -> DemoResult:
    """Run the scripted mediation in a temporary database and write every export."""
    if not (assets / "contract.pdf").is_file():
        raise DemoError(f"the demo's evidence files are missing from {assets}")
    with tempfile.TemporaryDirectory(prefix="mediation-demo-") as scratch:
        settings = Settings(
            database_url=normalize(f"sqlite:///{Path(scratch) / 'demo.db'}"),
            evidence_dir=Path(scratch) / "evidence",
            evidence_max_bytes=25 * 1024 * 1024,
            console_mediators=(MEDIATOR.casefold(),),
            log_level="WARNING",
        )
        app = await build(settings)
        try:
            transcript: list[str] = []
            session = ConsoleSession(app, settings.console_mediators, transcript.append,
                                     export_dir=Path(scratch) / "console-exports")
            await session.start()
            await _play(session, transcript, assets, say)
            if session.case_id is None:
                raise DemoError("the demo opened no case")
            case_id = session.case_id
            case = await app.service.case(case_id)
            viewers: dict[str, Viewer] = {"full": FULL}
            for view, name in (("brand", BRAND), ("creator", CREATOR), ("mediator", MEDIATOR)):
                found = resolve_viewer(case, name)
                if found is None:
                    raise DemoError(f"{name} has no part in the demo case")
                viewers[view] = found
            result = DemoResult(case_id, await app.store.entries(case_id),
                                transcript=transcript)
            for view, viewer in viewers.items():
                result.exports[view] = {}
                (out_dir / view).mkdir(parents=True, exist_ok=True)
                for fmt in FORMATS:
                    rendered = await export_case(app, case_id, viewer, fmt, zone=zone)
                    result.exports[view][fmt] = write(rendered, out_dir / view)
        finally:
            await app.close()
    return result


async def _play(session: ConsoleSession, transcript: list[str], assets: Path,
                say: Callable[[str], None]) -> None:
    ref = version = ""
    for template in LINES:
        line = (template.replace("{assets}", str(assets)).replace("{ref}", ref)
                .replace("{hash}", version))
        before = len(transcript)
        transcript.append(f"{session.prompt}{line}")
        await session.feed(line)
        for printed in transcript[before:]:
            say(printed)
            if match := _REF.search(printed):
                ref = match.group(1)
            if found := _HASH.search(printed):
                version = found.group(1)
        if session.refusals:
            raise DemoError(f"the demo's move was refused: {line}\n"
                            + "\n".join(transcript[before + 1:]))
