"""The `mediator` command: console, migrate, cases, history, verify (and the platform runners)."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
from collections.abc import Sequence

from adapters.settings import Settings, SettingsError, configure_logging
from adapters.wiring import build
from bot.reading import history
from bot.verification import verify_cases

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mediator",
        description="Guided, journaled mediation for brands, agencies and creators. "
        "With no command: the console (unless Slack or Discord tokens are set).",
    )
    sub = parser.add_subparsers(dest="command")
    console = sub.add_parser("console", help="the mediation in this terminal (or a piped script)")
    console.add_argument("--strict", action="store_true",
                         help="exit 1 if any move in the script was refused")
    sub.add_parser("migrate", help="bring the database schema up to date")
    cases = sub.add_parser("cases", help="list cases")
    cases.add_argument("--all", action="store_true", help="closed cases too")
    hist = sub.add_parser("history", help="a case's full history (operator view)")
    hist.add_argument("case")
    verify = sub.add_parser("verify", help="check the hash chains, case rows and evidence files")
    verify.add_argument("case", nargs="?", help="one case (default: all)")
    for platform in PLATFORMS:
        runner = sub.add_parser(platform, help=f"run the {platform.title()} adapter "
                                f"(`mediator {platform} --help` for its options)", add_help=False)
        runner.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


async def _migrate(settings: Settings) -> int:
    app = await build(settings, migrate=True)
    await app.close()
    print("Database is up to date.")
    return 0


async def _cases(settings: Settings, include_closed: bool) -> int:
    app = await build(settings)
    try:
        summaries = await app.store.cases(open_only=not include_closed)
        for s in summaries:
            people = ", ".join(f"{p.name} ({p.role})" for p in s.participants)
            reason = f" ({s.closed_reason})" if s.closed_reason else ""
            print(f"{s.id}  {s.phase}{reason}  {s.title}  [{people}]  v{s.version}")
        if not summaries:
            print("No cases.")
    finally:
        await app.close()
    return 0


async def _history(settings: Settings, case_id: str) -> int:
    app = await build(settings)
    try:
        entries = await app.store.entries(case_id.upper())
        if not entries:
            print(f"There is no case {case_id}.", file=sys.stderr)
            return 1
        print(history(entries))  # the operator sees every entry: no visibility filter
    finally:
        await app.close()
    return 0


async def _verify(settings: Settings, case_id: str | None) -> int:
    app = await build(settings)
    try:
        ids = [case_id.upper()] if case_id else await app.store.case_ids()
        findings = await verify_cases(app.store, app.evidence, ids)
    finally:
        await app.close()
    if findings:
        for finding in findings:
            print(f"MISMATCH {finding}")
        return 1
    print(f"OK: {len(ids)} case(s), every chain, case row and evidence file matches.")
    return 0


PLATFORMS = ("slack", "discord")


def _run_platform(name: str, rest: Sequence[str]) -> int:
    """Hand over to `adapters.<name>.runner.main(argv)`, which reads its own settings."""
    try:
        runner = importlib.import_module(f"adapters.{name}.runner")
    except ModuleNotFoundError as missing:
        if missing.name and missing.name.startswith(("adapters", "slack", "discord")):
            print(f"The {name} adapter is not available: {missing}. Install the extra "
                  f"(`pip install 'mediation-bot[{name}]'`) or use `mediator console`.",
                  file=sys.stderr)
            return 2
        raise
    result: int = runner.main(list(rest))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    # Options after `mediator slack` / `mediator discord` belong to that runner.
    args, extra = parser.parse_known_args(argv)
    if extra and args.command not in PLATFORMS:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        settings = Settings.from_env()
    except SettingsError as problem:
        print(f"Configuration error: {problem}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    command = args.command
    if command is None:
        if settings.slack_bot_token:
            command = "slack"
        elif settings.discord_token:
            command = "discord"
        else:
            command = "console"
    if command == "console":
        from adapters.console.runner import run_console

        return asyncio.run(run_console(settings, strict=getattr(args, "strict", False)))
    if command == "migrate":
        return asyncio.run(_migrate(settings))
    if command == "cases":
        return asyncio.run(_cases(settings, args.all))
    if command == "history":
        return asyncio.run(_history(settings, args.case))
    if command == "verify":
        return asyncio.run(_verify(settings, args.case))
    return _run_platform(command, [*extra, *getattr(args, "rest", [])])


if __name__ == "__main__":
    sys.exit(main())
