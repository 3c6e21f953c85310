"""`mediator console`: interactive at a terminal, or a script from piped stdin."""

from __future__ import annotations

import asyncio
import io
import sys
from typing import TextIO

from adapters.console.session import ConsoleSession
from adapters.console.translate import CONSOLE_HELP
from adapters.scheduler import Scheduler
from adapters.settings import Settings
from adapters.wiring import build
from bot.domain.text import clean_text


async def run_console(settings: Settings, stdin: TextIO = sys.stdin,
                      stdout: TextIO = sys.stdout, *, strict: bool = False) -> int:
    """Run until end of input or /quit. With `strict`, exit 1 if any move was refused."""
    interactive = stdin.isatty()
    # Bytes that are not UTF-8 (a pipe carries anything) become U+FFFD instead of a crash.
    for stream in (stdin, stdout):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")

    def out(text: str) -> None:
        print(text, file=stdout, flush=True)

    async def ask(prompt: str) -> str | None:
        try:
            # Cleaned at once: no lone surrogates, no control characters (a terminal
            # escape echoed back would act on the terminal).
            return clean_text(await asyncio.to_thread(input, prompt))
        except EOFError:
            return None

    app = await build(settings)
    session = ConsoleSession(app, settings.console_mediators, out, ask if interactive else None)
    # Deadlines fire while the console is open; notices appear in the terminal.
    timers = Scheduler(app.service, [session.courier], sweep_seconds=settings.sweep_seconds)
    try:
        await session.start()
        await timers.start()
        if interactive:
            out("mediation-bot console. Type /help for console commands, "
                "/mediate help for mediation.")
            out(f"Mediators here: {', '.join(settings.console_mediators) or 'none'}. "
                "Start with /as <name>.")
        while True:
            if interactive:
                line = await ask(session.prompt)
                if line is None:
                    break
            else:
                line = await asyncio.to_thread(stdin.readline)
                if not line:
                    break
                line = clean_text(line.rstrip("\n"))
                if line.strip() and not line.lstrip().startswith("#"):
                    out(f"{session.prompt}{line}")
            if not await session.feed(line):
                break
    finally:
        await timers.stop()
        await app.close()
    return 1 if strict and session.refusals else 0


__all__ = ["CONSOLE_HELP", "run_console"]
