"""What was agreed: the terms' typed parts, their one validation path, the canonical form and
versions, and the agreement file (YAML or JSON, with its JSON Schema)."""
