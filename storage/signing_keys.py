"""The deployment's signing keys: Ed25519 keys that sign exported bundles, so a bundle
rebuilt by anyone else (content edited, every hash recomputed) is refused for its signature.

The private key comes from the `SIGNING_KEY` setting (the key's 32 bytes in base64, for hosts
whose only persistent storage is their settings) or from a key file (`SIGNING_KEY_FILE`,
default `signing-keys.json`), made on first use with permissions 0600. The file keeps every
key the deployment ever had: the newest signs, the older ones keep only their public half, so
checkpoints signed before a rotation still verify. A key is named by its id, the first 16 hex
characters of the SHA-256 of its public key; people compare its fingerprint, the same digest
written in groups of four.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from bot.signatures import fingerprint, key_id, verifies

DEFAULT_FILE = "signing-keys.json"
FILE_FORMAT = 1


class SigningKeyProblem(Exception):
    """A key setting or key file that cannot be used; the message says which and why."""


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class PublicKey:
    raw: bytes
    created: str
    retired: str | None = None

    @property
    def id(self) -> str:
        return key_id(self.raw)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)

    def verifies(self, data: bytes, signature: bytes) -> bool:
        return verifies(self.raw, data, signature)


@dataclass(frozen=True)
class KeyRing:
    """The key that signs now, and every public key that ever signed here."""

    signer: Ed25519PrivateKey
    current: PublicKey
    earlier: tuple[PublicKey, ...] = ()

    @property
    def public_key(self) -> bytes:
        return self.current.raw

    def sign(self, data: bytes) -> bytes:
        """The current key's signature of `data` (`bot.signatures.Signer`)."""
        return self.signer.sign(data)

    def public(self, wanted: str) -> PublicKey | None:
        return next((k for k in (self.current, *self.earlier) if k.id == wanted), None)

    def __repr__(self) -> str:  # the private key never reaches a log
        return f"KeyRing(current={self.current.id}, earlier={len(self.earlier)})"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _private(text: object, where: str) -> Ed25519PrivateKey:
    if not isinstance(text, str):
        raise SigningKeyProblem(f"{where}: not an Ed25519 private key (32 bytes in base64)")
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (binascii.Error, ValueError):
        raise SigningKeyProblem(
            f"{where}: not an Ed25519 private key (32 bytes in base64)") from None


def _ring(key: Ed25519PrivateKey, created: str, earlier: tuple[PublicKey, ...] = ()) -> KeyRing:
    return KeyRing(key, PublicKey(_raw_public(key.public_key()), created), earlier)


def load_keys(env: Mapping[str, str], *, make: bool = True) -> tuple[KeyRing, str]:
    """The key ring, and a sentence for the operator when a key file was just made ("" when
    not). `SIGNING_KEY` wins over the file; without either, a file is made when `make`."""
    setting = env.get("SIGNING_KEY", "").strip()
    if setting:
        return _ring(_private(setting, "SIGNING_KEY"), "from the SIGNING_KEY setting"), ""
    path = Path(env.get("SIGNING_KEY_FILE", "").strip() or DEFAULT_FILE)
    if path.exists():
        return read_file(path), ""
    if not make:
        raise SigningKeyProblem(f"{path}: no signing key yet (it is made when the bot first runs)")
    ring = _ring(Ed25519PrivateKey.generate(), _now())
    write_file(path, ring)
    return ring, (f"Made a new signing key, id {ring.current.id}, in {path}. Keep that file with "
                  "the database's backups and out of version control: exported bundles are "
                  "signed with it. `mediator key` shows its public key and fingerprint.")


def check_keys(env: Mapping[str, str]) -> None:
    """Refuse, before anything starts, a signing key setting or key file that cannot be
    used (a missing key file is fine: it is made on first use)."""
    path = Path(env.get("SIGNING_KEY_FILE", "").strip() or DEFAULT_FILE)
    if env.get("SIGNING_KEY", "").strip() or path.exists():
        load_keys(env, make=False)


def read_file(path: Path) -> KeyRing:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = data["keys"]
        current = keys[-1]
        signer = _private(current["private"], str(path))
        earlier = tuple(PublicKey(base64.b64decode(k["public"], validate=True), k["created"],
                                  k.get("retired")) for k in keys[:-1])
        created = str(current["created"])
    except SigningKeyProblem:
        raise
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError,
            RecursionError, binascii.Error):
        raise SigningKeyProblem(f"{path}: not a signing key file this bot wrote") from None
    if any(len(k.raw) != 32 for k in earlier):
        raise SigningKeyProblem(f"{path}: a retired key is not an Ed25519 public key")
    return _ring(signer, created, earlier)


def write_file(path: Path, ring: KeyRing) -> None:
    """Write the ring, readable by its owner alone, replacing the file in one step."""
    raw = ring.signer.private_bytes_raw()
    keys = [{"public": base64.b64encode(k.raw).decode(), "created": k.created,
             "retired": k.retired} for k in ring.earlier]
    keys.append({"public": base64.b64encode(ring.current.raw).decode(),
                 "created": ring.current.created,
                 "private": base64.b64encode(raw).decode()})
    text = json.dumps({"format": FILE_FORMAT, "keys": keys}, indent=2) + "\n"
    # A fresh name, created here and nowhere else (no following a link, no reusing a file
    # someone left with looser permissions), then moved over the old file in one step.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def rotate(path: Path) -> KeyRing:
    """A new signing key; the old one is kept as a retired public key."""
    ring = read_file(path)
    retired = PublicKey(ring.current.raw, ring.current.created, _now())
    fresh = _ring(Ed25519PrivateKey.generate(), _now(), (*ring.earlier, retired))
    write_file(path, fresh)
    return fresh
