"""The terms as plain data, the shape of an agreement file: what the canonical form is made of.

Only text, whole numbers, true/false, lists and mappings: amounts and percents are written as
text ("1500.00", "12.5"), so no float can creep in. Absent optional terms are left out; lists
are always written, even empty, so the same terms always give the same document.
"""

from __future__ import annotations

from bot.campaign.terms.deliverables import Anchor, AnchorEvent, Deliverable, Schedule
from bot.campaign.terms.kpis import DEFAULT_TOLERANCE, KpiTarget, Level
from bot.campaign.terms.money import amount_text, number_text
from bot.campaign.terms.payments import Milestone, PaymentTerms
from bot.campaign.terms.span import Span
from bot.campaign.terms.terms import CampaignTerms, Disputes

Plain = dict[str, object]


def terms_document(terms: CampaignTerms) -> Plain:
    """The terms as a mapping `read_terms` reads back into equal terms."""
    currency = terms.payment.currency
    document: Plain = {
        "title": terms.title,
        "parties": [{"user_id": p.user_id, "name": p.name, "role": str(p.role),
                     "duties": sorted(str(d) for d in p.duties)} for p in terms.parties],
        "relationship": str(terms.relationship),
        "deliverables": [_deliverable(d) for d in terms.deliverables],
        "approval": {"required": terms.approval.required,
                     "review_window": _span(terms.approval.review_window),
                     "on_silence": str(terms.approval.on_silence),
                     "edit_rounds": terms.approval.edit_rounds},
        "payment": _payment(terms.payment),
        "disclosure_regime": str(terms.disclosure_regime),
        "time_zone": terms.time_zone,
        "usage_rights": [{"kind": str(u.kind), "days": u.days, "channels": list(u.channels),
                          "territory": list(u.territory), "transfer": str(u.transfer)}
                         for u in terms.usage_rights],
        "ad_access": [{"kind": str(a.kind), "days": a.days, "revocable": a.revocable,
                       "deliverables": list(a.deliverables)} for a in terms.ad_access],
        "clauses": [_without_none({
            "key": c.key, "kind": "late_delivery", "deliverables": list(c.deliverables),
            "percent_per_period": number_text(c.percent_per_period), "period": str(c.period),
            "rounding": str(c.rounding), "cap_percent": number_text(c.cap_percent),
            "force_majeure_suspends": c.force_majeure_suspends,
            "terminate_after_periods": c.terminate_after_periods}) for c in terms.clauses],
        "kpis": [_kpi(k) for k in terms.kpis],
    }
    if terms.disputes is not Disputes.MEDIATION:  # absent by default: earlier hashes hold
        document["disputes"] = str(terms.disputes)
    if terms.exclusivity is not None:
        e = terms.exclusivity
        document["exclusivity"] = _without_none({
            "category": e.category, "competitors": list(e.competitors),
            "days_before": e.days_before, "days_after": e.days_after})
    if terms.cancellation is not None:
        fee = terms.cancellation.kill_fee
        cap = terms.cancellation.product_invoice_cap
        document["cancellation"] = _without_none({
            "kill_fee": {"before_production": number_text(fee.before_production),
                         "after_draft": number_text(fee.after_draft),
                         "after_approval": number_text(fee.after_approval)},
            "product_invoice_cap": None if cap is None else amount_text(cap, currency)})
    return document


def _deliverable(deliverable: Deliverable) -> Plain:
    specs = _without_none({"duration_seconds": deliverable.specs.duration_seconds,
                           "slides": deliverable.specs.slides})
    return _without_none({
        "key": deliverable.key,
        "format": str(deliverable.format),
        "quantity": deliverable.quantity,
        "specs": specs or None,
        "requirements": [{"key": r.key, "kind": str(r.kind), "value": r.value,
                          "objective": r.objective} for r in deliverable.requirements],
        "schedule": _schedule(deliverable.schedule),
    })


def _schedule(schedule: Schedule) -> Plain:
    draft = schedule.draft_due
    return _without_none({
        "anchor": _anchor(schedule.anchor),
        "draft_due": None if draft is None else _span(draft),
        "publish_window": {"start": _span(schedule.publish_window.start),
                           "end": _span(schedule.publish_window.end)},
        "keep_live_days": schedule.keep_live_days,
    })


def _payment(payment: PaymentTerms) -> Plain:
    currency = payment.currency
    document: Plain = {
        "currency": currency,
        "total": amount_text(payment.total, currency),
        "milestones": [_milestone(m, currency) for m in payment.milestones],
    }
    if payment.late_fee is not None:
        document["late_fee"] = {"percent": number_text(payment.late_fee.percent),
                                "per": str(payment.late_fee.per)}
    return document


def _milestone(milestone: Milestone, currency: str) -> Plain:
    amount, percent = milestone.amount, milestone.percent
    return _without_none({
        "key": milestone.key,
        "trigger": str(milestone.trigger),
        "net_days": milestone.net_days,
        "amount": None if amount is None else amount_text(amount, currency),
        "percent": None if percent is None else number_text(percent),
    })


def _anchor(anchor: Anchor) -> str:
    if anchor.event is AnchorEvent.DATE and anchor.on is not None:
        return anchor.on.isoformat()
    return str(anchor.event)


def _span(span: Span) -> str:
    return str(span)


def _without_none(mapping: Plain) -> Plain:
    return {key: value for key, value in mapping.items() if value is not None}


def _kpi(kpi: KpiTarget) -> dict[str, object]:
    """A KPI's canonical form; the optional terms appear only when the agreement states them,
    so versions written before they existed keep their hash."""
    written: dict[str, object] = {
        "metric": str(kpi.metric), "target": number_text(kpi.target),
        "commitment": str(kpi.commitment), "counting": str(kpi.counting),
        "window_days": kpi.window_days, "deliverables": list(kpi.deliverables)}
    if kpi.formula is not None:
        written["formula"] = _without_none({
            "numerator": [str(m) for m in kpi.formula.numerator],
            "denominator": None if kpi.formula.denominator is None
            else str(kpi.formula.denominator),
            "followers_at_publish": None if kpi.formula.followers_at_publish is None
            else number_text(kpi.formula.followers_at_publish)})
    if kpi.definition:
        written["definition"] = kpi.definition
    if kpi.tolerance_percent != DEFAULT_TOLERANCE:
        written["tolerance_percent"] = number_text(kpi.tolerance_percent)
    if kpi.remedy is not None:
        written["remedy"] = {"percent_per_point": number_text(kpi.remedy.percent_per_point),
                             "cap_percent": number_text(kpi.remedy.cap_percent),
                             "make_good_posts": kpi.remedy.make_good_posts}
    if kpi.level is not Level.POSTS:
        written["level"] = str(kpi.level)
    return written
