"""Discord sharded across processes: two `mediator discord` processes with the same shard
count and shard ids of their own, on one database (a SQLite file, and PostgreSQL). Each
identifies as its shard; Discord routes the server to one of them, which answers and
mediates; the other answers nothing, twice nothing."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.domain import kinds
from bot.domain.journal import verify_chain
from storage.database_url import normalize
from storage.engine import create_engine
from storage.migrate import upgrade
from storage.repository import SqlCaseStore
from tests.adapters.discord.chat import OPEN_FORM, OPEN_OPTIONS
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord
from tests.adapters.discord.test_process import process_env
from tests.conftest import own_postgres_database

ROOT = Path(__file__).resolve().parents[3]


async def test_two_processes_each_run_their_shard_on_one_database(
        fake: FakeDiscord, scene: Scene, tmp_path: Path) -> None:
    env = process_env(fake, tmp_path, "shard-token", "shared.db", DISCORD_SHARD_COUNT="2")
    async with two_shards(fake, env, tmp_path):
        assert sorted(tuple(i["shard"]) for i in fake.identify) == [(0, 2), (1, 2)]
        owner = (int(fake.guild_id) >> 22) % 2
        interaction = await scene.slash(fake.person("Ana"), "help")
        await fake.wait_for(lambda: fake.followups.get(interaction), 30)
        await asyncio.sleep(1)  # the other process would have answered by now
        said = "\n".join(f["content"] for f in fake.followups[interaction])
        assert said.count("/mediate <subcommand>") == 1  # (in as many posts as it needs)
        assert len(fake.callbacks[interaction]) == 1  # acknowledged once, by the owner
        assert [tuple(c.shard) for c in fake.connections if c.ready.is_set()
                and fake._owns(c)] == [(owner, 2)]


@asynccontextmanager
async def two_shards(fake: FakeDiscord, env: dict[str, str], cwd: Path
                     ) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """Shards 0 and 1 of 2, in a process each, both ready; stopped (cleanly) afterwards."""
    processes = []
    try:
        for shard in (0, 1):
            processes.append(await asyncio.create_subprocess_exec(
                sys.executable, "-m", "adapters.cli", "discord", cwd=cwd,
                env={**env, "DISCORD_SHARD_IDS": str(shard)},
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE))
            await fake.wait_for(  # one at a time: a SQLite file is migrated by the first
                lambda n=shard + 1: sum(c.ready.is_set() for c in fake.connections) == n, 60)
        yield processes
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        results = [await asyncio.wait_for(p.communicate(), 30) for p in processes]
    for process, (_, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err.decode()


async def test_two_processes_on_postgresql_mediate_in_the_server_their_shard_holds(
        fake: FakeDiscord, scene: Scene, tmp_path: Path) -> None:
    async with own_postgres_database("shards") as database:
        env = process_env(fake, tmp_path, "shard-token", DISCORD_SHARD_COUNT="2",
                          DATABASE_URL=database)
        ana, ben = fake.person("Ana"), fake.person("Ben")
        engine = create_engine(normalize(database))
        await upgrade(engine)  # the release step, before the processes start
        store = SqlCaseStore(engine)
        async with two_shards(fake, env, tmp_path):
            form = await scene.slash(ana, "open", counterpart=ben, **OPEN_OPTIONS)
            await fake.wait_for(lambda: fake.callbacks.get(form), 30)
            [modal] = fake.callbacks[form]
            await scene.submit(ana, modal["data"]["custom_id"], OPEN_FORM)
            thread_id = await fake.wait_for(lambda: next(iter(fake.threads), None), 30)
            case_id = fake.threads[thread_id]["name"].split()[0]
            for n in range(6):
                await scene.say((ana, ben)[n % 2], thread_id, f"message {n}")

            async def said() -> list[str]:
                return [e.payload["text"] for e in await store.entries(case_id)
                        if e.kind == kinds.MESSAGE_POSTED]

            try:
                for _ in range(300):
                    if len(await said()) == 6:
                        break
                    await asyncio.sleep(0.1)
                await asyncio.sleep(1)  # the other process would have journaled by now
                assert await said() == [f"message {n}" for n in range(6)]
                assert verify_chain(case_id, await store.entries(case_id)) is None
            finally:
                await engine.dispose()
