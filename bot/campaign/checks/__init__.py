"""What a case checks against the agreement: disclosure on a live caption, and the outcome the
remedy clauses fix."""
