"""A bundle's manifest signed with the deployment's key, so a bundle rebuilt consistently by
anyone else (content edited, every hash recomputed, the manifest remade) is refused: its
signature does not match, or it is signed by another key than the one the parties know.

The signature is Ed25519 over the SHA-256 (as hex text) of the manifest's canonical JSON
without `signature` and `manifest_sha256`; the manifest carries the public key it was made
with. `mediator verify BUNDLE --key <fingerprint or public key>` checks it against the key
you were given; without `--key` it checks the signature and says which key made it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from typing import Any

from bot.domain.entry_hash import canonical_json
from bot.signatures import Signer, fingerprint, key_id, names_key, verifies

MANIFEST = "manifest.json"


def signed_text(manifest: Mapping[str, Any]) -> bytes:
    rest = {k: v for k, v in manifest.items() if k not in ("manifest_sha256", "signature")}
    return hashlib.sha256(canonical_json(rest).encode("utf-8")).hexdigest().encode()


def signature_of(manifest: Mapping[str, Any], signer: Signer) -> dict[str, str]:
    public = signer.public_key
    return {"algorithm": "ed25519", "key": key_id(public),
            "public_key": base64.b64encode(public).decode(),
            "value": base64.b64encode(signer.sign(signed_text(manifest))).decode()}


def signature_problem(manifest: Mapping[str, Any], trusted: str | None
                      ) -> tuple[str | None, str]:
    """(the problem, or None; the fingerprint of the key that signed, or "")."""
    signature = manifest.get("signature")
    if trusted is not None and not trusted.strip():
        return f"{MANIFEST}: an empty key was given to check it against", ""
    if signature is None:
        if trusted is not None:
            return f"{MANIFEST}: not signed, so it cannot be checked against your key", ""
        return None, ""
    if not isinstance(signature, dict) or signature.get("algorithm") != "ed25519" \
            or not isinstance(signature.get("public_key"), str) \
            or not isinstance(signature.get("value"), str):
        return f"{MANIFEST}: its signature is not an Ed25519 signature this bot writes", ""
    try:
        public = base64.b64decode(signature["public_key"], validate=True)
        value = base64.b64decode(signature["value"], validate=True)
    except (binascii.Error, ValueError):
        return f"{MANIFEST}: its signature is not base64", ""
    if len(public) != 32 or signature.get("key") != key_id(public):
        return f"{MANIFEST}: its signature names a key it does not carry", ""
    if not verifies(public, signed_text(manifest), value):
        return (f"{MANIFEST}: the signature does not match (changed after export, or "
                "rebuilt by someone else)"), ""
    if trusted is not None and not names_key(trusted, public):
        shown = trusted.strip()[:48]
        return (f"{MANIFEST}: signed by key {fingerprint(public)}, not by the key given "
                f"({shown})"), ""
    return None, fingerprint(public)
