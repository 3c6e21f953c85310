"""The `mediator` command: console, migrate, cases, history, export, verify, demo (and the
platform runners)."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from adapters import (
    agreement_command,
    erasure_commands,
    key_command,
    operator_commands,
    verify_command,
)
from adapters.scheduler import run_worker
from adapters.settings import Settings, SettingsError, configure_logging
from adapters.wiring import build
from bot.domain.errors import Refusal
from bot.exports import FORMATS
from bot.exports.document import Progress
from bot.text.status import history

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
    export = sub.add_parser("export", help="a case's history as one viewer may see it")
    export.add_argument("case")
    export.add_argument("--format", choices=FORMATS, default="json")
    who = export.add_mutually_exclusive_group(required=True)
    who.add_argument("--as", dest="viewer", metavar="VIEWER",
                     help="a party (name, id, or brand/creator) or the mediator")
    who.add_argument("--full", action="store_true", help="the operator's view: every entry")
    export.add_argument("--out", help="a file, or a folder (an existing one, or ending in /); "
                        "default: here")
    export.add_argument("--zone", default="UTC", help="the viewer's time zone, e.g. Europe/Paris")
    export.add_argument("--progress", action="store_true",
                        help="show progress even when stderr is not a terminal")
    verify = sub.add_parser("verify", help="check the hash chains, case rows and evidence "
                            "files, or an exported bundle (offline)")
    verify.add_argument("case", nargs="?", help="one case, or a bundle's .zip (default: all)")
    verify.add_argument("--key", help="for a bundle: the deployment's public key or its "
                        "fingerprint (`mediator key`); the bundle must be signed by it")
    demo = sub.add_parser("demo", help="a whole mediation in a temporary database, and every "
                          "export of it")
    demo.add_argument("--out", type=Path, default=Path("mediation-demo"),
                      help="where the exports go (default: ./mediation-demo)")
    demo.add_argument("--zone", default="UTC", help="time zone shown beside UTC")
    demo.add_argument("--screenshot", type=Path,
                      help="also draw the brand's HTML export to this PNG (needs chromium)")
    demo.add_argument("--quiet", action="store_true", help="do not print the transcript")
    operator_commands.add_parsers(sub.add_parser)
    erasure_commands.add_parsers(sub.add_parser)
    agreement_command.add_parser(sub.add_parser)
    key_command.add_parser(sub.add_parser)
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


class ProgressBar:
    """A one-line bar on stderr, redrawn in place; only for exports long enough to wait for."""

    def __init__(self, stream: TextIO, forced: bool, minimum: int = 1000) -> None:
        self.stream, self.forced, self.minimum = stream, forced, minimum
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.forced and total < self.minimum:
            return
        if self.stage and stage != self.stage:
            self.stream.write("\n")  # each stage keeps its own finished line
        self.stage = stage
        filled = 30 * done // max(total, 1)
        self.stream.write(f"\r{stage:>7} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        self.stream.flush()

    def finish(self) -> None:
        if self.stage:
            self.stream.write("\n")
            self.stream.flush()


async def _export(settings: Settings, case_id: str, fmt: str, viewer_ref: str | None,
                  out: str | None, zone: str, show_progress: bool) -> int:
    from adapters.exporting import FULL, export_case, resolve_viewer, write

    app = await build(settings)
    bar = ProgressBar(sys.stderr, show_progress) \
        if show_progress or sys.stderr.isatty() else None
    try:
        case = await app.service.case(case_id.upper())
        viewer = FULL if viewer_ref is None else resolve_viewer(case, viewer_ref)
        if viewer is None:
            print(f"{viewer_ref} is neither a party nor the mediator of case {case.id}.",
                  file=sys.stderr)
            return 2
        progress: Progress | None = bar
        rendered = await export_case(app, case.id, viewer, fmt, zone=zone, progress=progress)
    except Refusal as refusal:
        print(refusal.message, file=sys.stderr)
        return 1
    except ValueError as problem:
        print(f"Cannot export: {problem}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.finish()
        await app.close()
    try:
        target = write(rendered, out)
    except OSError as problem:
        print(f"Cannot write the export: {problem}", file=sys.stderr)
        return 1
    for sha256 in rendered.missing_evidence:
        print(f"WARNING evidence {sha256} is missing or altered in the store: "
              "not in the bundle (run `mediator verify`)", file=sys.stderr)
    print(f"Wrote {target} ({len(rendered.content)} bytes).")
    return 0


async def _demo(settings: Settings, out: Path, zone: str, screenshot: Path | None,
                quiet: bool) -> int:
    from adapters.demo import DemoError, run_demo

    try:
        result = await run_demo(out, zone=zone, say=(lambda _line: None) if quiet else print)
    except (DemoError, ValueError) as problem:
        print(f"The demo failed: {problem}", file=sys.stderr)
        return 1
    print(f"\nCase {result.case_id}: {len(result.entries)} journal entries. Exports:")
    for view, paths in result.exports.items():
        for fmt, path in paths.items():
            print(f"  {view:<9}{fmt:<7}{path}")
    bundle = result.exports["brand"]["bundle"]
    print(f"Check a bundle offline: mediator verify {bundle}")
    if screenshot is not None:
        from adapters.demo.browser import screenshot as draw

        try:
            print(f"Screenshot: {draw(result.exports['brand']['html'], screenshot)}")
        except (FileNotFoundError, RuntimeError) as problem:
            print(f"No screenshot: {problem}", file=sys.stderr)
            return 1
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
    try:
        return _main(argv)
    except SettingsError as problem:  # found once running, e.g. a database not migrated
        print(f"Configuration error: {problem}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # piped into `head` and the like: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    # Options after `mediator slack` / `mediator discord` belong to that runner.
    args, extra = parser.parse_known_args(argv)
    if extra and args.command not in PLATFORMS:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "agreement":  # offline: no settings, no database
        return agreement_command.check_file(args.file, args.format, args.accepted)
    if args.command == "key":  # the key file or setting alone
        return key_command.run(args.rotate)
    if args.command == "verify" and verify_command.is_bundle(args.case):
        return verify_command.verify_bundle(args.case, args.key)  # the bundle alone
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
    if command == "export":
        return asyncio.run(_export(settings, args.case, args.format, args.viewer, args.out,
                                   args.zone, args.progress))
    if command == "verify":
        return verify_command.verify(settings, args.case, args.key)
    if command == "demo":
        return asyncio.run(_demo(settings, args.out, args.zone, args.screenshot, args.quiet))
    if command == "config":
        return asyncio.run(operator_commands.configure(settings, args.community, args.settings))
    if command == "outbox":
        return asyncio.run(operator_commands.show_outbox(settings, args.state, args.platform,
                                                  args.limit))
    if command == "erase":
        return asyncio.run(erasure_commands.erase(settings, args))
    if command == "hold":
        return asyncio.run(erasure_commands.hold(settings, args))
    if command == "deadlines":
        asyncio.run(run_worker(settings))
        return 0
    return _run_platform(command, [*extra, *getattr(args, "rest", [])])


if __name__ == "__main__":
    sys.exit(main())
