"""The signing key: made once with owner-only permissions, read back the same, rotated with the
old public key kept, taken from the setting when given; bad settings and files are refused
with a sentence; the private key is never shown."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.key_command import run
from bot.signatures import fingerprint, key_id
from storage.signing_keys import SigningKeyProblem, load_keys, rotate


def env(tmp_path: Path, **more: str) -> dict[str, str]:
    return {"SIGNING_KEY_FILE": str(tmp_path / "keys.json"), **more}


def test_a_key_is_made_once_readable_by_its_owner_alone(tmp_path: Path) -> None:
    ring, made = load_keys(env(tmp_path))
    assert f"id {ring.current.id}" in made and "backups" in made
    mode = stat.S_IMODE((tmp_path / "keys.json").stat().st_mode)
    assert mode == 0o600
    again, made_again = load_keys(env(tmp_path))
    assert (again.current.raw, made_again) == (ring.current.raw, "")
    signature = ring.sign(b"head 41 a1b2")
    assert ring.public_key == ring.current.raw
    assert again.current.verifies(b"head 41 a1b2", signature)
    assert not again.current.verifies(b"head 41 a1b3", signature)


def test_a_rotation_keeps_the_old_public_key_so_old_signatures_still_verify(
        tmp_path: Path) -> None:
    first, _ = load_keys(env(tmp_path))
    old_signature = first.sign(b"checkpoint 1")
    second = rotate(tmp_path / "keys.json")
    assert second.current.id != first.current.id
    old = second.public(first.current.id)
    assert old is not None and old.retired and old.verifies(b"checkpoint 1", old_signature)
    assert not second.current.verifies(b"checkpoint 1", old_signature)
    text = (tmp_path / "keys.json").read_text()
    assert text.count('"private"') == 1  # only the signing key keeps its private half


def test_the_setting_wins_and_a_bad_one_is_refused_by_name(tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    given = base64.b64encode(key.private_bytes_raw()).decode()
    ring, made = load_keys(env(tmp_path, SIGNING_KEY=given))
    assert made == "" and not (tmp_path / "keys.json").exists()
    assert ring.current.id == key_id(key.public_key().public_bytes_raw())
    with pytest.raises(SigningKeyProblem, match="SIGNING_KEY: not an Ed25519 private key"):
        load_keys(env(tmp_path, SIGNING_KEY="not-base64!"))


@pytest.mark.parametrize("content", [
    "", "{}", '{"keys": []}', "[1]", "\x00\xff",
    '{"keys": [{"private": "AAAA", "created": "x"}]}',
    '{"keys": [{"private": 5, "created": "x"}]}', "[" * 100_000 + "]" * 100_000])
def test_a_damaged_key_file_is_refused_with_a_sentence(tmp_path: Path, content: str) -> None:
    (tmp_path / "keys.json").write_text(content)
    with pytest.raises(SigningKeyProblem, match=r"keys\.json: not"):
        load_keys(env(tmp_path))


def test_mediator_key_shows_the_public_half_and_never_the_private(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(False, env(tmp_path)) == 0
    shown = capsys.readouterr()
    data = json.loads((tmp_path / "keys.json").read_text())
    private = data["keys"][-1]["private"]
    public = base64.b64decode(data["keys"][-1]["public"])
    assert private not in shown.out + shown.err
    assert fingerprint(public) in shown.out and "Made a new signing key" in shown.err
    assert run(True, env(tmp_path)) == 0
    assert "Retired key" in capsys.readouterr().out
    assert run(True, env(tmp_path, SIGNING_KEY=private)) == 2
    assert repr(load_keys(env(tmp_path))[0]).startswith("KeyRing(current=")


def test_a_rotation_leaves_the_key_file_owner_only_and_no_temporary_behind(
        tmp_path: Path) -> None:
    load_keys(env(tmp_path))
    rotate(tmp_path / "keys.json")
    assert stat.S_IMODE((tmp_path / "keys.json").stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keys.json"]
