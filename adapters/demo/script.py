"""The demo's mediation, as console lines: a brand and a creator agree a campaign, its video
goes live a week late, and the case opened on it (the agreement computes a reduced fee) is
settled with a mediator's help. `{assets}` is the folder of the demo's files; `{ref}` the last
message's ref; `{hash}` the hash of the version proposed.

Nora Okafor (Lumen Skincare, the brand) proposes and opens; Theo Marsh (the creator) answers;
Mia mediates.
"""

from __future__ import annotations

BRAND, CREATOR, MEDIATOR = "Nora", "Theo", "Mia"

# What each side tells the mediator in private: a party's export must never show the other's.
BRAND_CAUCUS = "In confidence: we could go to EUR 1,700 if Theo adds one extra story."
CREATOR_CAUCUS = "Honestly, EUR 1,600 paid this week would be fine for me."
MEDIATOR_NOTE = "Both sides overlap between 1,600 and 1,700: nudge towards 1,650 plus a story."
CREATOR_STATEMENT = ("Lumen shipped the serum on 27 February instead of 20 February (clause 2). "
                     "A fair 7-day review needs seven days of use, so it went live on 10 March.")
BRAND_STATEMENT = ("The video went live on 10 March, a week after the agreed 3 March, and "
                   "missed the whole launch weekend.")

LINES = (
    f"/as {BRAND}",
    "/mediate campaign propose {assets}/campaign.yaml",
    "/mediate campaign accept {hash}",
    f"/as {CREATOR}",
    "/mediate campaign accept {hash}",
    "/mediate campaign draft d1 https://drive.example.com/theo/spring-glow-review-draft.mp4",
    f"/as {BRAND}",
    "/mediate campaign approve d1",
    "/wait 21d",
    f"/as {CREATOR}",
    "/mediate campaign live d1 https://www.youtube.com/watch?v=SpringGlow7 caption=\"A week "
    "with Lumen's Spring Glow serum, honestly #ad @lumenskincare\"",
    f"/as {BRAND}",
    f'/mediate open @{CREATOR} Spring Glow review went live a week late items=d1 '
    'category=late_or_missing_deliverable amount=2000 currency=EUR summary="The review video '
    'went live a week after its window closed, after the launch weekend. We put the invoice '
    'on hold under clause 4.2." desired_outcome="A reduced fee that reflects the late '
    'delivery."',
    f"Hi {CREATOR}, I opened this so we can settle the fee for the Spring Glow video calmly.",
    f"/as {CREATOR}",
    "/mediate join",
    "Happy to talk. The delay came from your shipment, and I have not been paid at all.",
    f'/mediate statement what_happened="{CREATOR_STATEMENT}" wants="The full EUR 2,000 fee, '
    'paid now." amount=2000 currency=EUR position=dispute',
    "/mediate evidence {assets}/payment-on-hold.png Lumen's payment portal: my invoice on hold",
    f"/as {BRAND}",
    f'/mediate statement what_happened="{BRAND_STATEMENT}" wants="A fee of EUR 1,200." '
    "amount=1200 currency=EUR",
    "/mediate evidence {assets}/video-published-late.png The video page: published 10 March, "
    "scheduled for 3 March",
    "/mediate evidence {assets}/contract.pdf The signed agreement (clauses 2, 3 and 4.2)",
    "The video went live on 10 March and we lost the launch weekend.",
    "/edit {ref} The video went live on 10 March, seven days after the go-live date in "
    "clause 3, and we lost the launch weekend.",
    '/mediate propose amount=1200 currency=EUR terms="Paid within 7 days of signing."',
    f"/as {CREATOR}",
    "/mediate reject 1 The shipment was late first; 1,200 ignores clause 2.",
    "/mediate mediator We are far apart on the amount.",
    f"/as {MEDIATOR}",
    "/mediate take",
    "Hello both. I have read the statements and the evidence; let me speak to each of you.",
    f"/mediate caucus @{CREATOR}",
    f"{CREATOR}, in confidence: what is the lowest fee you could accept?",
    f"/as {CREATOR}",
    CREATOR_CAUCUS,
    f"/as {MEDIATOR}",
    "/in thread",
    f"/mediate caucus @{BRAND}",
    f"{BRAND}, in confidence: is there room above 1,200?",
    f"/as {BRAND}",
    BRAND_CAUCUS,
    f"/as {MEDIATOR}",
    "/in thread",
    f"/mediate note {MEDIATOR_NOTE}",
    "Thank you both. I suggest one more offer each, with the extra story on the table.",
    f"/as {BRAND}",
    '/mediate propose amount=1500 currency=EUR deliverables="One extra Instagram story in '
    'April" terms="Paid within 7 days of signing."',
    f"/as {CREATOR}",
    '/mediate counter 2 amount=1650 currency=EUR deliverables="One extra Instagram story in '
    'April" terms="Paid within 7 days of signing."',
    f"/as {BRAND}",
    "/mediate accept 3",
    "/mediate sign",
    f"/as {CREATOR}",
    "/mediate sign",
)
