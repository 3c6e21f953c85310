"""The platform-agnostic mediation core: domain rules, parsing, forms and the service."""
