"""Signatures a verifier can check with a public key alone: Ed25519, the deployment's key
(kept by `storage.signing_keys`). A key is named by its id, the first 16 hex characters of the
SHA-256 of its 32-byte public key, and shown to people as its fingerprint, the first 32 hex
characters in groups of four (`a1b2 c3d4 …`)."""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Signer(Protocol):
    """The deployment's signing key, as the core uses it."""

    @property
    def public_key(self) -> bytes: ...  # the raw 32 bytes

    def sign(self, data: bytes) -> bytes: ...


def key_id(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


def grouped(hex_digest: str) -> str:
    """The first 32 hex characters (128 bits) of a digest, in groups of four, as people
    compare them: `a1b2 c3d4 …`."""
    return " ".join(hex_digest[i:i + 4] for i in range(0, 32, 4))


def fingerprint(public: bytes) -> str:
    return grouped(hashlib.sha256(public).hexdigest())


def verifies(public: bytes, data: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def public_key_of(given: str) -> bytes | None:
    """A public key written in base64 (32 bytes), else None."""
    try:
        raw = base64.b64decode(given.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 32 else None


def names_key(given: str, public: bytes) -> bool:
    """Whether `given` (a public key in base64, a key id, or a fingerprint, spaces or not)
    names the key `public`."""
    raw = public_key_of(given)
    if raw is not None:
        return raw == public
    compact = "".join(given.split()).lower()
    digest = hashlib.sha256(public).hexdigest()
    return len(compact) >= 16 and digest.startswith(compact)
