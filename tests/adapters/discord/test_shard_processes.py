"""Discord sharded across processes: two `mediator discord` processes with the same shard
count and shard ids of their own, on one database. Each identifies as its shard; Discord
routes the server to one of them, which answers; the other answers nothing, twice nothing."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord
from tests.adapters.discord.test_process import process_env

ROOT = Path(__file__).resolve().parents[3]


async def test_two_processes_each_run_their_shard_on_one_database(
        fake: FakeDiscord, scene: Scene, tmp_path: Path) -> None:
    base = process_env(fake, tmp_path, "shard-token", "shared.db", DISCORD_SHARD_COUNT="2")
    processes = []
    for shard in (0, 1):
        processes.append(await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters.cli", "discord", cwd=tmp_path,
            env={**base, "DISCORD_SHARD_IDS": str(shard)},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE))
        if shard == 0:  # the first migrates the SQLite file; then the second starts
            await fake.wait_for(lambda: any(c.ready.is_set() for c in fake.connections), 60)
    try:
        await fake.wait_for(lambda: sum(c.ready.is_set() for c in fake.connections) == 2, 60)
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
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        results = [await asyncio.wait_for(p.communicate(), 30) for p in processes]
    for process, (_, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err.decode()
