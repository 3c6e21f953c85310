"""tools/verify_bundle.py, the verifier written from the docs alone, agrees with
`check_bundle` on every bundle the suite builds cheaply and on every damaged one.

It runs as a person would run it: a subprocess, from a folder outside the project, with no
PYTHONPATH, so nothing of the bot can leak into it.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.exports import check_bundle
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore
from tests.exports.bundles import flip_byte, make_bundle, members, rewritten
from tests.exports.damage import DAMAGES, mutated, mutation
from tests.exports.test_bundle_checkpoints import SIGNED as WITH_CHECKPOINTS
from tests.kpi_campaign import export
from tests.service import test_figures as figures
from tests.service.desk import ANA, CLEO, Clock, Desk

TOOL = Path(__file__).resolve().parents[1] / "tools" / "verify_bundle.py"
BRAND = make_bundle("brand")
BUILT = {
    "whole mediation, full view": lambda: make_bundle("mediator", full=True),
    "brand: the other caucus and sealed statement as stubs": lambda: BRAND,
    "creator: caucus, evidence": lambda: make_bundle("creator"),
    "the case's mediator": lambda: make_bundle("mediator"),
    "signed, with checkpoints.json": lambda: WITH_CHECKPOINTS,
}


def independent(bundle: bytes, folder: Path) -> tuple[bool, str]:
    path = folder / "bundle.zip"
    path.write_bytes(bundle)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run([sys.executable, str(TOOL), str(path)], cwd=folder, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.stderr == "", run.stderr
    assert run.stdout.count("\n") == 1, run.stdout
    assert run.returncode in (0, 1)
    assert run.stdout.startswith("OK: " if run.returncode == 0 else "FAILED "), run.stdout
    return run.returncode == 0, run.stdout


def assert_agree(bundle: bytes, folder: Path) -> bool:
    ours = check_bundle(io.BytesIO(bundle))
    theirs, said = independent(bundle, folder)
    assert ours.ok == theirs, (ours.problem, said)
    return ours.ok


def test_it_uses_the_standard_library_alone() -> None:
    tree = ast.parse(TOOL.read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported - {"__future__"} <= set(sys.stdlib_module_names), imported


@pytest.mark.parametrize("name", sorted(BUILT))
def test_it_agrees_on_bundles_as_exported(name: str, tmp_path: Path) -> None:
    assert assert_agree(BUILT[name](), tmp_path), "an untouched export must verify"


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_it_agrees_on_each_damage(name: str, tmp_path: Path) -> None:
    assert not assert_agree(DAMAGES[name][0](BRAND), tmp_path)


@pytest.mark.parametrize("bundle", [BRAND, WITH_CHECKPOINTS], ids=["brand", "checkpoints"])
def test_it_agrees_on_a_flipped_byte_in_each_member(bundle: bytes, tmp_path: Path) -> None:
    for name in members(bundle):
        def flipped(member: str, data: bytes, name: str = name) -> bytes:
            return flip_byte(data, len(data) // 2) if member == name else data
        assert not assert_agree(rewritten(bundle, flipped), tmp_path), name


async def test_it_agrees_on_a_case_on_a_campaign_with_analytics_figures(
        store: SqlCaseStore, evidence_store: FileEvidenceStore, tmp_path: Path) -> None:
    desk = await Desk.over(store, evidence_store, Clock())
    campaign_id = await figures.campaign_with_a_live_reel(desk)
    case_id = await figures.case_on(desk, campaign_id)
    desk.clock.advance(days=8)
    await desk.attach(CLEO, case_id, export("84,200"), "posts.csv")
    desk.clock.advance(hours=1)
    await desk.attach(ANA, case_id, export("61,000"), "brand-posts.csv")
    for who in (ANA, CLEO):
        [reply] = (await desk.say(who, "export bundle", case_id)).replies
        assert reply.attachment is not None
        bundle = reply.attachment.content
        assert assert_agree(bundle, tmp_path), who
        with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
            assert sum(n.endswith(".csv") for n in archive.namelist()) == 2


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_bundle", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps=st.lists(mutation, min_size=1, max_size=3))
def test_both_agree_on_bytes_mutated_at_random(steps: list[tuple[str, int, int]],
                                               tmp_path: Path) -> None:
    """In process, for speed: the tool names its failure (never its last-resort line) and
    says OK exactly when `check_bundle` does."""
    tool = load_tool()
    data = mutated(BRAND, steps)
    path = tmp_path / "mutated.zip"
    path.write_bytes(data)
    try:
        said = tool.check(str(path))
    except tool.Failure as failure:
        said = None
        assert "could not be checked" not in str(failure)
    assert check_bundle(io.BytesIO(data)).ok == (said is not None), said


def test_it_keeps_what_erasure_keeps() -> None:
    """The keys whose values an erased entry keeps: the tool holds remains to the same rule."""
    from bot.domain import erasure

    assert load_tool().KEPT == erasure._KEPT
