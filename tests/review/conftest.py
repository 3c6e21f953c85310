"""The review's attacks run on the service fixtures."""

from tests.service.conftest import clock, desk

__all__ = ["clock", "desk"]
