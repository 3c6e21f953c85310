"""The platform-agnostic mediation core; `docs/architecture.md` says what each folder holds."""
