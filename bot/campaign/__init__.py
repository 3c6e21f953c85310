"""The campaign agreement a brand and a creator keep in their shared chat: its terms (parties,
deliverables, payments, rights, remedies), the file it can be imported from, the life of each
deliverable and payment milestone, and the checks a case runs against it. Pure: no I/O, no
clock (`now` is passed in), like `bot/domain/`."""
