"""CHECKPOINT_EVERY: how many entries may pass between signed checkpoints."""

from __future__ import annotations

import pytest

from adapters.settings import Settings, SettingsError


def test_checkpoint_every_defaults_to_100_and_reads_a_positive_whole_number() -> None:
    assert Settings.from_env({}).checkpoint_every == 100
    assert Settings.from_env({"CHECKPOINT_EVERY": " 25 "}).checkpoint_every == 25


@pytest.mark.parametrize("bad", ["0", "-5", "ten", "2.5", "1e3"])
def test_a_bad_checkpoint_every_is_named(bad: str) -> None:
    with pytest.raises(SettingsError,
                       match=f"CHECKPOINT_EVERY must be a positive whole number, not '{bad}'"):
        Settings.from_env({"CHECKPOINT_EVERY": bad})
