"""At scale: a database of many cases and a million journal entries (`scale_build.py`), then
the p50 and p99 of each command kind under a mixed load (the kinds interleaved in a random
order), the memory of a process holding every open case, the time to start, and the
throughput of 1, 2 and 4 worker processes on PostgreSQL.

    .venv/bin/python bench/scale.py [--cases 10000] [--entries 1000000] [--ops 200]

SQLite always; PostgreSQL too when TEST_DATABASE_URL or BENCH_DATABASE_URL is set. Each
figure is printed next to its baseline from the same run: the raw driver doing the same reads
and writes (status: the case's row and entries; a message: an entry's row and the case row;
history: the latest entries it reads), the process before it held the cases, an interpreter
that imports nothing, one worker for scaling. Last line:
`scale: p99 <X> ms at <N> entries; 4 workers = <R>x one`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scale_build import ANA, BEN, build, context, live_cases
from bench.scale_raw import raw_steps
from bot.domain.commands import PostMessage
from bot.input.grammar import parse
from bot.service.mediation import MediationService
from storage.database_url import normalize
from storage.engine import create_engine
from storage.evidence_store import FileEvidenceStore
from storage.migrate import upgrade
from storage.repository import SqlCaseStore

ROOT = Path(__file__).resolve().parents[1]
# What each measuring process (memory, start-up, a worker) imports first.
PRELUDE = (f"import asyncio, sys, time; sys.path.insert(0, {str(ROOT)!r})\n"
           "from bot.service.mediation import MediationService\n"
           "from storage.engine import create_engine\n"
           "from storage.evidence_store import FileEvidenceStore\n"
           "from storage.repository import SqlCaseStore\n")


def quantiles(times: list[float]) -> tuple[float, float]:
    """p50 and p99, in milliseconds."""
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


async def timed(step: Callable[[int], Awaitable[object]], ops: int) -> list[float]:
    times = []
    for i in range(ops):
        start = time.perf_counter()
        await step(i)
        times.append(time.perf_counter() - start)
    return times


async def mixed(steps: dict[str, Callable[[int], Awaitable[object]]], ops: int,
                first: dict[str, str]) -> dict[str, list[float]]:
    """Each kind's `ops` steps, all kinds interleaved in a random order (step i of kind k
    after step i of `first[k]`); each kind's times."""
    order = [(name, i) for name in steps for i in range(ops)]
    random.Random(7).shuffle(order)
    at = {step: n for n, step in enumerate(order)}
    for later, earlier in first.items():
        for i in range(ops):
            a, b = at[(earlier, i)], at[(later, i)]
            if b < a:
                order[a], order[b] = order[b], order[a]
    times: dict[str, list[float]] = {name: [] for name in steps}
    for name, i in order:
        start = time.perf_counter()
        await steps[name](i)
        times[name].append(time.perf_counter() - start)
    return times


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def latencies(url: str, args: argparse.Namespace, folder: Path) -> float:
    """Each command kind's p50 and p99 on the big database, next to the raw driver's; the
    worst p99."""
    engine = create_engine(url)
    store = SqlCaseStore(engine)
    service = MediationService(store, FileEvidenceStore(folder / "evidence", 1 << 20),
                               cache_size=args.cases + 1000)
    ids = [s.id for s in await store.cases(community_id="bench", open_only=False)]
    ids.sort()
    history_case, cases = ids[0], ids[1:]
    live = await live_cases(service, args.ops)
    chosen = random.sample(cases, min(args.ops, len(cases)))
    worst = 0.0
    runs: dict[str, Callable[[int], Awaitable[object]]] = {
        "status": lambda i: service.handle(parse("status"), context(ANA, chosen[i])),
        "message": lambda i: service.act(context(BEN, chosen[i]), chosen[i],
                                         PostMessage(f"a message {i}")),
        "counter (propose)": lambda i: service.handle(parse("counter 1 amount=650 currency=EUR"),
                                            context(BEN, live[i])),
        "accept": lambda i: service.handle(parse("accept 2"), context(ANA, live[i])),
        "history 1,000": lambda i: service.handle(parse("history"),
                                                  context(ANA, history_case)),
    }
    raw = await raw_steps(url, chosen, history_case)
    times = await mixed(runs, args.ops, first={"accept": "counter (propose)"})
    for name in runs:
        p50, p99 = quantiles(times[name])
        worst = max(worst, p99)
        line = f"  {name:<17} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms"
        if name in raw:
            r50, r99 = quantiles(await timed(raw[name], args.ops))
            line += f"   raw p50 {r50:6.2f} ms  p99 {r99:6.2f} ms"
        print(line, flush=True)
    await store.close()
    return worst


def held_memory(url: str, cases: int) -> None:
    """The resident memory of a process holding every case, folded, in its cache."""
    code = (
        PRELUDE + "from bench.scale import rss_mib\n"
        "async def main():\n"
        f"    store = SqlCaseStore(create_engine({url!r}))\n"
        "    service = MediationService(store, FileEvidenceStore('/tmp', 1), "
        f"cache_size={cases + 10})\n"
        "    ids = [s.id for s in await store.cases(community_id='bench', open_only=False)]\n"
        "    before = rss_mib()\n"
        "    for start in range(0, len(ids), 500):\n"
        "        await service.journaling.read_cases(ids[start:start + 500])\n"
        "    print(before, rss_mib(), len(ids))\n"
        "    await store.close()\n"
        "asyncio.run(main())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    before, after, held = float(out[0]), float(out[1]), int(out[2])
    print(f"  memory: {after:.0f} MiB holding {held} cases (baseline: {before:.0f} MiB before "
          f"them; {(after - before) * 1024 / max(1, held):.1f} KiB a case)", flush=True)


def start_up(url: str) -> None:
    """Time to ready: storage built and the first deadline sweep done, as a bot starts."""
    code = ("import time; t = time.perf_counter()\n" + PRELUDE +
            "async def main():\n"
            f"    store = SqlCaseStore(create_engine({url!r}))\n"
            "    await MediationService(store, FileEvidenceStore('/tmp', 1)).fire_due()\n"
            "    await store.close()\n"
            "asyncio.run(main()); print(time.perf_counter() - t)\n")
    ready = min(float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                     text=True, check=True).stdout) for _ in range(3))
    bare = min(_seconds([sys.executable, "-c", "pass"]) for _ in range(3))
    print(f"  start-up to ready: {ready * 1000:.0f} ms (baseline: the bare interpreter "
          f"{bare * 1000:.0f} ms)", flush=True)


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def throughput(url: str, workers: int, seconds: float, cases: list[str]) -> float:
    """Messages journaled per second by `workers` processes, each on cases of its own."""
    per = len(cases) // workers
    code = (PRELUDE + "from bench.scale_build import BEN, context\n"
            "from bot.domain.commands import PostMessage\n"
            "async def main(ids, start, seconds):\n"
            f"    store = SqlCaseStore(create_engine({url!r}))\n"
            "    service = MediationService(store, FileEvidenceStore('/tmp', 1))\n"
            "    await asyncio.sleep(max(0, start - time.time()))\n"
            "    done, end = 0, time.time() + seconds\n"
            "    async def one(case_id):\n"
            "        nonlocal done\n"
            "        while time.time() < end:\n"
            "            await service.act(context(BEN, case_id), case_id, PostMessage('x'))\n"
            "            done += 1\n"
            "    await asyncio.gather(*(one(c) for c in ids))\n"
            "    print(done); await store.close()\n"
            "asyncio.run(main(sys.argv[1].split(','), float(sys.argv[2]), "
            "float(sys.argv[3])))\n")
    start = time.time() + 3
    children = [subprocess.Popen([sys.executable, "-c", code,
                                  ",".join(cases[w * per:(w + 1) * per][:8]), str(start),
                                  str(seconds)], stdout=subprocess.PIPE, text=True)
                for w in range(workers)]
    total = sum(int((child.communicate()[0] or "0").strip() or 0) for child in children)
    return total / seconds


async def fresh_postgres(base: str) -> str:
    from sqlalchemy import text

    name = f"scale_{os.getpid()}_{random.randrange(10**6)}"
    admin = create_engine(normalize(base)).execution_options(isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f"CREATE DATABASE {name}"))
    await admin.dispose()
    return normalize(base).rsplit("/", 1)[0] + f"/{name}"


async def drop_postgres(base: str, name: str) -> None:
    from sqlalchemy import text

    admin = create_engine(normalize(base)).execution_options(isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    await admin.dispose()


async def one_backend(name: str, url: str, args: argparse.Namespace, folder: Path
                      ) -> tuple[float, float | None]:
    engine = create_engine(url)
    await upgrade(engine)
    store = SqlCaseStore(engine)
    start = time.perf_counter()
    ids = await build(store, args.cases, args.entries, args.history)
    built = time.perf_counter() - start
    entries = args.entries
    await store.close()
    print(f"{name}: {len(ids)} cases, {entries:,} entries built in {built:.0f} s "
          f"({entries / built:,.0f} entries/s through the store's batch path)", flush=True)
    worst = await latencies(url, args, folder)
    held_memory(url, args.cases)
    start_up(url)
    scaling = None
    if name == "postgresql":
        rates = {n: throughput(url, n, args.seconds, ids[1:]) for n in (1, 2, 4)}
        scaling = rates[4] / rates[1]
        print("  throughput on distinct cases: " + ", ".join(
            f"{n} worker{'s' if n > 1 else ''} {rate:,.0f}/s" for n, rate in rates.items())
            + f" (4 workers = {scaling:.2f}x one)", flush=True)
    return worst, scaling


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--history", type=int, default=1_000)
    parser.add_argument("--ops", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    base = (os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
            or "").strip()
    with tempfile.TemporaryDirectory() as folder:
        worst, _ = await one_backend("sqlite", normalize(f"sqlite:///{folder}/scale.db"),
                                     args, Path(folder))
        scaling = None
        if base:
            url = await fresh_postgres(base)
            try:
                worst_pg, scaling = await one_backend("postgresql", url, args, Path(folder))
            finally:
                await drop_postgres(base, url.rsplit("/", 1)[1])
            worst = max(worst, worst_pg)
    said = f"{scaling:.2f}x one" if scaling is not None else "not measured (no PostgreSQL)"
    print(f"scale: p99 {worst:.1f} ms at {args.entries:,} entries; 4 workers = {said}")


if __name__ == "__main__":
    asyncio.run(main())
