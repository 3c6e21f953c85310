"""Each community's policy as this process last read it, kept true across workers: a batch's
writes commit only while the community's stored settings are still those its commands were
decided by (`Transaction.hold_policy`). When another worker changed them in the meantime,
the write fails with PolicyChanged, the settings are read again and the batch is decided
again on them, as when the case itself moved on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.domain.policy import Policy
from bot.ports import Communities


@dataclass(frozen=True)
class InForce:
    """A community's policy, and its settings as stored (`{}`: none of its own)."""

    policy: Policy
    stored: Mapping[str, Any]


class Policies:
    def __init__(self, store: Communities, default: Policy) -> None:
        self.store = store
        self.default = default
        self._read: dict[str, InForce] = {}

    async def of(self, community_id: str) -> InForce:
        """The community's policy as last read here (read now if it was not). A community
        not saved yet has the default policy, and is read again next time."""
        found = self._read.get(community_id)
        if found is None:
            community = await self.store.community(community_id)
            stored = dict(community.policy) if community is not None else {}
            policy = Policy.from_json({**self.default.to_json(), **stored}) if stored \
                else self.default
            found = InForce(policy, stored)
            if community is not None:
                self._read[community_id] = found
        return found

    async def current(self, community_id: str) -> Policy:
        """The community's policy as stored now: what a mediator is shown."""
        self.forget(community_id)
        return (await self.of(community_id)).policy

    def known(self, community_id: str) -> bool:
        """Whether the community's saved settings were read here (so it exists)."""
        return community_id in self._read

    def forget(self, community_id: str) -> None:
        self._read.pop(community_id, None)
