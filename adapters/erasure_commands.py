"""The operator's erasure and legal holds: `mediator erase` and `mediator hold`.

    mediator erase MB-7K2Q9X --person slack:T1:U2 --reason "GDPR Art. 17 request of 3 Dec"
    mediator erase --finish                  # delete erased files, flush the database's log
    mediator hold MB-7K2Q9X --reason "litigation hold, claim 2026-114"
    mediator hold MB-7K2Q9X --lift --reason "claim settled"

Each is journaled in the case with who did it (`--by`, default the login name) and why, and
announced in the case's thread.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Awaitable, Callable

from adapters.settings import Settings
from adapters.wiring import build
from bot.domain.errors import Refusal
from bot.exchange import Outcome
from bot.service.mediation import MediationService


def add_parsers(add_parser: Callable[..., argparse.ArgumentParser]) -> None:
    erase = add_parser("erase", help="erase one person's content in a case (journaled, "
                       "with a reason); the chain keeps verifying")
    erase.add_argument("case", nargs="?", help="e.g. MB-7K2Q9X")
    erase.add_argument("--person", help="their id, as `mediator history` shows it "
                       "(e.g. slack:T1:U2, discord:42, console:cleo)")
    erase.add_argument("--reason", help="why (journaled, and shown where the content was)")
    erase.add_argument("--finish", action="store_true",
                       help="only finish earlier erasures: delete the files only erased "
                       "entries recorded, and flush the database's log")
    erase.add_argument("--by", default=None, help="who asks (default: your login name)")
    hold = add_parser("hold", help="place or lift a legal hold: while it holds, nothing in "
                      "the case is erased, by retention or by request")
    hold.add_argument("case")
    hold.add_argument("--reason", required=True)
    hold.add_argument("--lift", action="store_true", help="lift the hold")
    hold.add_argument("--by", default=None, help="who asks (default: your login name)")


def _who(given: str | None) -> str:
    if given and given.strip():
        return given.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "operator"


async def erase(settings: Settings, args: argparse.Namespace) -> int:
    if not args.finish and not (args.case and args.person and args.reason is not None):
        print("Give the case, --person and --reason (or --finish alone).", file=sys.stderr)
        return 2
    if args.finish:
        return await _with_service(settings, _finish)
    return await _with_service(settings, lambda service: service.erasing.erase(
        args.case, args.person, args.reason, _who(args.by)))


async def hold(settings: Settings, args: argparse.Namespace) -> int:
    return await _with_service(settings, lambda service: service.erasing.hold(
        args.case, args.reason, _who(args.by), lift=args.lift))


async def _finish(service: MediationService) -> int:
    removed = await service.erasing.finish()
    print(f"Erasures finished: {removed} file(s) deleted, the database's log flushed.")
    return 0


async def _with_service(settings: Settings,
                        act: Callable[[MediationService], Awaitable[Outcome | int]]) -> int:
    """Run `act` on the deployment's service: a refusal is printed, exit 1."""
    app = await build(settings)
    try:
        done = await act(app.service)
    except Refusal as refusal:
        print(refusal.reason, file=sys.stderr)
        return 1
    finally:
        await app.close()
    return done if isinstance(done, int) else _told(done)


def _told(outcome: Outcome) -> int:
    for entry in outcome.entries:
        print(f"{outcome.case_id} entry {entry.seq}: {entry.kind}")
    print("The case's thread is told.")
    return 0
