"""A community's policy as stored: defaults, round trip, and what is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.policy import OnSilence, Policy

WINDOWS = (
    "response_window",
    "statement_window",
    "evidence_window",
    "proposal_window",
    "reminder_lead",
)


def test_the_defaults_follow_the_product() -> None:
    policy = Policy()
    assert policy.response_window == timedelta(hours=72)
    assert policy.statement_window == timedelta(days=5)
    assert policy.proposal_window == timedelta(hours=72)
    assert policy.reminder_lead == timedelta(hours=24)


def test_a_policy_round_trips_and_missing_or_unknown_keys_are_harmless() -> None:
    policy = Policy(response_window=timedelta(hours=12), on_silence=OnSilence.CLOSE)
    assert Policy.from_json(policy.to_json()) == policy
    assert Policy.from_json({}) == Policy()
    assert Policy.from_json({"archive_days": 30, "proposal_window": 3600}) == Policy(
        proposal_window=timedelta(hours=1)
    )
    assert Policy.from_json({"retention_days": 30}) == Policy(retention_days=30)


@pytest.mark.parametrize("raw", [-1, "-1", 3651, "1.5", "30d", True, None, "٣"])
def test_a_retention_that_is_not_whole_days_within_ten_years_is_refused(raw: object) -> None:
    with pytest.raises(ValueError, match="days"):
        Policy.from_json({"retention_days": raw})
    with pytest.raises(ValueError, match="retention_days"):
        Policy().with_settings({"retention_days": str(raw)})


@pytest.mark.parametrize("name", WINDOWS)
@pytest.mark.parametrize("seconds", [-1, 0, -86400.5, "-3600"])
def test_negative_or_zero_windows_are_refused(name: str, seconds: object) -> None:
    with pytest.raises(ValueError, match=name):
        Policy.from_json({name: seconds})


@pytest.mark.parametrize("rule", ["ignore", "", "ESCALATE ", None])
def test_an_unknown_silence_rule_is_refused(rule: object) -> None:
    with pytest.raises(ValueError):
        Policy.from_json({"on_silence": rule})


def test_the_silence_rules() -> None:
    assert Policy.from_json({"on_silence": "close"}).on_silence is OnSilence.CLOSE
    assert Policy.from_json({"on_silence": "escalate"}).on_silence is OnSilence.ESCALATE


def test_a_window_beyond_the_calendar_is_refused_when_read() -> None:
    with pytest.raises(ValueError, match="response_window"):
        Policy.from_json({"response_window": 10**13})  # about 317,000 years
