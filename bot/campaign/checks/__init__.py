"""What a case checks against the agreement: findings computed from the record (`findings`:
deadlines, requirements on the live caption, disclosure, keep-live, usage and ad access,
payments), and the outcome the remedy clauses fix (`outcome`, with `remedies`' arithmetic)."""
