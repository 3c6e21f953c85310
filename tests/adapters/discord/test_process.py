"""`mediator discord` as a user runs it: a subprocess pointed at the fake Discord by
DISCORD_API_URL and DISCORD_GATEWAY_URL logs in, publishes `/mediate`, and answers help."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord

ROOT = Path(__file__).resolve().parents[3]


def process_env(fake: FakeDiscord, tmp_path: Path, token: str, database: str = "p.db",
                **extra: str) -> dict[str, str]:
    """The environment of a `mediator discord` process pointed at the fake, on a SQLite file
    in `tmp_path`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "DISCORD_", "DATABASE_URL"))}
    env.update({
        "PYTHONPATH": str(ROOT), "DISCORD_TOKEN": token,
        "DISCORD_API_URL": fake.api_url, "DISCORD_GATEWAY_URL": fake.gateway_url,
        "DISCORD_GUILD_IDS": fake.guild_id, "DATABASE_URL": f"sqlite:///{tmp_path / database}",
        "EVIDENCE_DIR": str(tmp_path / "evidence"), **extra,
    })
    return env


async def test_mediator_discord_logs_in_and_answers_help(
        fake: FakeDiscord, scene: Scene, tmp_path: Path) -> None:
    env = process_env(fake, tmp_path, "process-token")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "discord", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await fake.wait_for(lambda: any(c.ready.is_set() for c in fake.connections), 60)
        assert fake.identify[0]["token"] == "process-token"
        synced = [c for c in fake.calls if c.method == "PUT" and "/commands" in c.path]
        assert synced and synced[0].path.endswith(f"/guilds/{fake.guild_id}/commands")
        assert [c["name"] for c in synced[0].body] == ["mediate", "campaign", "bidding", "review",
                                                     "guidelines"]

        ana = fake.person("Ana")
        interaction = await scene.slash(ana, "help")
        [answer] = await fake.wait_for(lambda: fake.followups.get(interaction), 30)
        assert "/mediate <subcommand>" in answer["content"]
        assert answer["_body"]["allowed_mentions"] == {"parse": []}
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
