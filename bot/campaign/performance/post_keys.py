"""One key per post, whichever way it is written: an export's permalink or id and the
permalink recorded when the post went live must name the same post.

`instagram:<shortcode>` from `/p/`, `/reel/`, `/reels/` or `/tv/` links; `tiktok:<video id>`
from `/video/<19 digits>`; `youtube:<11-character id>` from watch, short and share links.
Anything else is refused (None): an identifier is never taken as free text.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

_INSTAGRAM = re.compile(r"^/(?:[A-Za-z0-9_.]+/)?(?:p|reel|reels|tv)/([A-Za-z0-9_-]{5,64})/?$")
_TIKTOK = re.compile(r"/(?:video|photo)/(\d{15,25})/?$")
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_PATH = re.compile(r"^/(?:shorts|live|embed)/([A-Za-z0-9_-]{11})/?$")
_PLAIN_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_HOSTS = {
    "instagram": ("instagram.com",),
    "tiktok": ("tiktok.com",),
    "youtube": ("youtube.com", "youtu.be"),
}


def from_link(link: str) -> str | None:
    """The post key of a permalink, or None when it is not a post link this bot knows."""
    text = link.strip().strip('"').strip()
    if len(text) > 500:
        return None
    try:
        parts = urlsplit(text if "://" in text else "https://" + text)
        host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    if host == "instagram.com" and (found := _INSTAGRAM.match(parts.path)):
        return f"instagram:{found.group(1)}"
    if host.endswith("tiktok.com") and (found := _TIKTOK.search(parts.path)):
        return f"tiktok:{found.group(1)}"
    if host == "youtu.be" and _YOUTUBE_ID.match(parts.path.strip("/")):
        return f"youtube:{parts.path.strip('/')}"
    if host.endswith("youtube.com"):
        if found := _YOUTUBE_PATH.match(parts.path):
            return f"youtube:{found.group(1)}"
        wanted = parse_qs(parts.query).get("v", [""])[0]
        if parts.path == "/watch" and _YOUTUBE_ID.match(wanted):
            return f"youtube:{wanted}"
    return None


def from_id(platform: str, identifier: str) -> str | None:
    """The post key of a platform's own id (YouTube's 11 characters, a TikTok video id, a
    Meta post id), or None when the cell is not a plain identifier."""
    text = identifier.strip().strip('"').strip()
    if platform == "youtube":
        return f"youtube:{text}" if _YOUTUBE_ID.match(text) else None
    if platform == "tiktok":
        return f"tiktok:{text}" if text.isdigit() and 15 <= len(text) <= 25 else None
    if platform not in _HOSTS and platform != "post":
        return None
    return f"{platform}:id:{text}" if _PLAIN_ID.match(text) else None


def post_key(platform: str, link: str = "", identifier: str = "") -> str | None:
    """The key from the link when it is a known post link, else from the id."""
    return (from_link(link) if link else None) or (
        from_id(platform, identifier) if identifier else None)
