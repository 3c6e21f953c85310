"""Who may use which subcommand in which phase: one table, used to gate and to explain."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.errors import Refusal
from bot.domain.identity import PARTY_ROLES, Role
from bot.domain.phases import ALL_PHASES, BEFORE_SIGNATURES, OPEN_PHASES, Phase

PARTIES = PARTY_ROLES
MEDIATOR = frozenset({Role.MEDIATOR})
READERS = PARTY_ROLES | {Role.MEDIATOR, Role.OBSERVER}
ANYONE = frozenset(Role)


@dataclass(frozen=True)
class Rule:
    subcommand: str
    usage: str
    summary: str
    roles: frozenset[Role]
    phases: frozenset[Phase] | None  # None: does not act on one case
    changes_case: bool = True


def _rule(
    usage: str,
    summary: str,
    roles: frozenset[Role],
    phases: frozenset[Phase] | None,
    changes_case: bool = True,
) -> Rule:
    return Rule(usage.split()[0], usage, summary, roles, phases, changes_case)


RULES: tuple[Rule, ...] = (
    _rule("open [@counterpart] [title]", "open a case (a form)", ANYONE, None),
    _rule("join", "agree to mediate", frozenset({Role.RESPONDENT}),
          frozenset({Phase.AWAITING_RESPONSE})),
    _rule("decline [reason]", "refuse to mediate", frozenset({Role.RESPONDENT}),
          frozenset({Phase.AWAITING_RESPONSE})),
    _rule("statement", "submit your sealed statement (a form)", PARTIES,
          frozenset({Phase.STATEMENTS})),
    _rule("evidence [description]", "attach a file as evidence", PARTIES, OPEN_PHASES),
    _rule("propose", "propose settlement terms (a form)", PARTIES,
          frozenset({Phase.NEGOTIATION})),
    _rule("counter N", "answer proposal N with new terms (a form)", PARTIES,
          frozenset({Phase.NEGOTIATION})),
    _rule("accept N", "accept proposal N", PARTIES, frozenset({Phase.NEGOTIATION})),
    _rule("reject N [reason]", "reject proposal N", PARTIES, frozenset({Phase.NEGOTIATION})),
    _rule("withdraw-proposal N", "withdraw your proposal N", PARTIES,
          frozenset({Phase.NEGOTIATION})),
    _rule("bidding <propose|accept|decline> [tolerance=10%] [split=50] [rounds=3]",
          "double-blind bidding on the amount (sealed demands and offers, up to three rounds)",
          PARTIES, frozenset({Phase.NEGOTIATION})),
    _rule("bid <amount>", "seal your demand (claimant) or offer (respondent) for this round",
          PARTIES, frozenset({Phase.NEGOTIATION})),
    _rule("sign", "sign the agreement", PARTIES, frozenset({Phase.AGREEMENT})),
    _rule("confirm N", "confirm follow-up N of the signed agreement (or decision) was done",
          PARTIES, frozenset({Phase.COMPLIANCE, Phase.DECIDED})),
    _rule("mediator [reason]", "ask for a mediator", PARTIES, OPEN_PHASES),
    _rule("take", "take the case as its mediator", frozenset({Role.MEDIATOR}), OPEN_PHASES),
    _rule("caucus @party", "talk in private with one side", frozenset({Role.MEDIATOR}),
          OPEN_PHASES),
    _rule("note <text>", "leave a note only mediators see", frozenset({Role.MEDIATOR}),
          OPEN_PHASES),
    _rule("close <impasse|closed_by_mediator> [note]", "close the case",
          frozenset({Role.MEDIATOR}), OPEN_PHASES),
    _rule("handoff @mediator <reason>", "hand the case to another mediator, who is briefed",
          MEDIATOR, OPEN_PHASES),
    _rule("observer <add|remove> @person [brand|creator] [act]", "let someone read along "
          "with a side (with `act`, act for it too)", PARTIES | MEDIATOR, OPEN_PHASES),
    _rule("review", "open the review (each side's final position, sealed)",
          PARTIES | MEDIATOR, frozenset({Phase.NEGOTIATION})),
    _rule("position", "submit your final position, sealed until both are in (a form)",
          PARTIES, frozenset({Phase.REVIEW})),
    _rule("recommend [computed]", "recommend terms with reasons and citations (a form)",
          MEDIATOR, frozenset({Phase.REVIEW, Phase.RECOMMENDATION})),
    _rule("recommendation <accept|reject> [reason]", "answer the mediator's recommendation",
          PARTIES, frozenset({Phase.RECOMMENDATION})),
    _rule("decide [recommended|computed]", "a binding decision, where decisions bind (a form)",
          MEDIATOR, frozenset({Phase.REVIEW, Phase.RECOMMENDATION, Phase.APPEAL})),
    _rule("appeal <new information>", "appeal the decision to another mediator",
          PARTIES, frozenset({Phase.DECIDED})),
    _rule("uphold <reasons>", "uphold the decision appealed", MEDIATOR,
          frozenset({Phase.APPEAL})),
    _rule("reopen <reason>", "reopen a closed case", MEDIATOR, frozenset({Phase.CLOSED})),
    _rule("withdraw [reason]", "withdraw your case", frozenset({Role.CLAIMANT}),
          BEFORE_SIGNATURES),
    _rule("status", "where the case stands", READERS, ALL_PHASES, changes_case=False),
    _rule("history", "the latest of the case's history you may see (all with `export`)",
          READERS, ALL_PHASES, changes_case=False),
    _rule("evidence-list", "the evidence so far", READERS, ALL_PHASES, changes_case=False),
    _rule("export [json|html|pdf|bundle]", "the history as a file", READERS, ALL_PHASES,
          changes_case=False),
    _rule("cases", "your open cases", ANYONE, None, changes_case=False),
    _rule("campaign <move> [CP-XXXXXX] ...", "a campaign's agreement, deliverables and "
          "payments (`campaign help`)", ANYONE, None, changes_case=False),
    _rule("config [setting=value ...]", "this community's windows, reminders and what "
          "silence leads to (mediators)", frozenset({Role.MEDIATOR}), None, changes_case=False),
    _rule("rules [file|set|reset]", "this community's guidelines: its rules and what each "
          "breach leads to (mediators set them)", ANYONE, None, changes_case=False),
    _rule("report @member <what happened>", "tell the moderators about a problem, in "
          "private", ANYONE, None, changes_case=False),
    _rule("reports [R2 dismiss|remind|warn|strike ...]", "the reports waiting for the "
          "moderators, and their triage", MEDIATOR, None, changes_case=False),
    _rule("penalize @member <rule> <case MB-…|finding …|seen …>", "apply a rule of the "
          "guidelines to a member, on evidence", MEDIATOR, None, changes_case=False),
    _rule("standing [@member] [appeal|uphold|overturn I3 ...]", "a member's record under the "
          "guidelines, and appeals", ANYONE, None, changes_case=False),
    _rule("help", "what you can do here, now", ANYONE, None, changes_case=False),
)

RULES_BY_NAME = {rule.subcommand: rule for rule in RULES}
SUBCOMMANDS = tuple(RULES_BY_NAME)

_ROLE_WORDS = {
    Role.CLAIMANT: "the party who opened the case",
    Role.RESPONDENT: "the respondent",
    Role.MEDIATOR: "a mediator",
    Role.OBSERVER: "an observer",
}


def possible_now(phase: Phase, role: Role) -> tuple[str, ...]:
    """The subcommands `role` may use on a case in `phase`."""
    return tuple(
        rule.subcommand
        for rule in RULES
        if rule.phases is not None and role in rule.roles and phase in rule.phases
    )


def check(rule: Rule, phase: Phase, role: Role, case_id: str) -> None:
    """Refuse `rule` for `role` in `phase`, saying why and what is possible instead."""
    if rule.phases is None or (role in rule.roles and phase in rule.phases):
        return
    possible = possible_now(phase, role)
    if role is Role.OUTSIDER and role not in rule.roles:
        raise Refusal(
            f"You are not a party to case {case_id}: only its parties and mediators can act in it."
        )
    if role is Role.OBSERVER and role not in rule.roles:
        raise Refusal(f"You read along in case {case_id} and cannot use `{rule.subcommand}`: an "
                      "observer acts only as a side's delegate (`observer add @you act`).",
                      possible)
    if role not in rule.roles:
        who = " or ".join(_ROLE_WORDS[r] for r in sorted(rule.roles, key=list(Role).index)
                          if r in _ROLE_WORDS)
        raise Refusal(f"Only {who} can use `{rule.subcommand}` in case {case_id}.", possible)
    if phase not in rule.phases:
        raise Refusal(
            f"`{rule.subcommand}` is not possible while case {case_id} is {phase_words(phase)}.",
            possible,
        )


def phase_words(phase: Phase) -> str:
    return {
        Phase.AWAITING_RESPONSE: "awaiting the respondent's answer",
        Phase.STATEMENTS: "collecting statements",
        Phase.NEGOTIATION: "in negotiation",
        Phase.AGREEMENT: "awaiting signatures on the agreement",
        Phase.COMPLIANCE: "signed; awaiting the follow-ups",
        Phase.REVIEW: "under review: final positions",
        Phase.RECOMMENDATION: "awaiting answers to the mediator's recommendation",
        Phase.DECIDED: "decided",
        Phase.APPEAL: "under appeal",
        Phase.CLOSED: "closed",
    }[phase]
