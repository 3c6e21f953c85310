"""`mediator key [--rotate]`: the deployment's signing key, as parties and verifiers need it:
its id, its public key and its fingerprint, and the retired keys that still verify older
bundles. `--rotate` makes a new key in the key file and retires the current one.
The private key is never printed."""

from __future__ import annotations

import argparse
import base64
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from storage.signing_keys import DEFAULT_FILE, KeyRing, SigningKeyProblem, load_keys, rotate


def add_parser(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `key` through `add` (the CLI's subparsers')."""
    parser = add("key", help="the signing key's id, public key and fingerprint (made on first "
                 "use); --rotate makes a new one")
    parser.add_argument("--rotate", action="store_true",
                        help="make a new signing key; the current one keeps verifying what it "
                        "signed")


def show(ring: KeyRing) -> str:
    lines = [f"Signing key {ring.current.id} (since {ring.current.created})",
             f"  public key:  {base64.b64encode(ring.current.raw).decode()}",
             f"  fingerprint: {ring.current.fingerprint}"]
    for key in reversed(ring.earlier):
        lines.append(f"Retired key {key.id} ({key.created} to {key.retired}), fingerprint "
                     f"{key.fingerprint}")
    return "\n".join(lines)


def run(rotating: bool, env: Mapping[str, str] | None = None) -> int:
    """0 with the key shown; 2 when the setting or the key file cannot be used."""
    env = os.environ if env is None else env
    try:
        if rotating:
            if env.get("SIGNING_KEY", "").strip():
                print("The signing key comes from the SIGNING_KEY setting: make a new one "
                      "there (or move to a key file) to rotate it.", file=sys.stderr)
                return 2
            path = Path(env.get("SIGNING_KEY_FILE", "").strip() or DEFAULT_FILE)
            load_keys(env)  # made first, if there is none yet
            ring = rotate(path)
            print(f"A new signing key is in {path}; the one before is retired and still "
                  "verifies what it signed.")
        else:
            ring, made = load_keys(env)
            if made:
                print(made, file=sys.stderr)
    except SigningKeyProblem as problem:
        print(f"Signing key: {problem}", file=sys.stderr)
        return 2
    print(show(ring))
    return 0
