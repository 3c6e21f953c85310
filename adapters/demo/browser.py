"""Headless Chromium, for screenshots of HTML exports (the README's picture, the HTML test).

Started with everything that reaches out switched off (no background networking, component
updates or sync) and a throw-away profile, so it runs offline and leaves nothing behind.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--hide-scrollbars")


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) on this machine, or None."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def run_chromium(page: Path, *extra: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Open `page` (a local file) in headless Chromium with `extra` flags."""
    binary = find_chromium()
    if binary is None:
        raise FileNotFoundError("no chromium on this machine (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False)


def screenshot(page: Path, target: Path, width: int = 1000, height: int = 1400) -> Path:
    """A PNG of `page` as Chromium draws it; raises RuntimeError when none was written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    run = run_chromium(page, f"--screenshot={target.resolve()}",
                       f"--window-size={width},{height}")
    if not target.is_file() or target.stat().st_size == 0:
        raise RuntimeError(f"chromium wrote no screenshot: {run.stderr[-2000:]}")
    return target


def dump_dom(page: Path) -> str:
    """The page's DOM after loading, as Chromium serialises it (scripts would have run)."""
    return run_chromium(page, "--dump-dom", "--virtual-time-budget=2000").stdout
