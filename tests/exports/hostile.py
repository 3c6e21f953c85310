"""Hostile messages: markup, scripts, mass mentions, direction overrides, huge text, emoji.

The scripts build their marker at run time ('PW' + 'NED'), so the marker appears in the DOM
only if a script ran: the escaped source text never contains it whole.
"""

from __future__ import annotations

RLO = "\u202e"
LONG = "A" * 4000 + " " + "x" * 6000  # 10,000 characters, most of them one unbreakable word
HOSTILE = (
    "<script>document.title = 'PW' + 'NED'; document.body.appendChild("
    "document.createElement('x-' + 'pwned'))</script>",
    "<img src=x onerror=\"document.title = 'PW' + 'NED'\">",
    '"><svg onload="document.title = \'PW\' + \'NED\'"></svg>',
    "</bdi></div></li><script>document.title = 'PW' + 'NED'</script>",
    "<!channel> <!here> @everyone @here <@U123> please look",
    f"Refund {RLO}txt.exe{chr(0x202C)} now, and {RLO}this whole line is reversed",
    LONG,
    "Emoji: 😀 👍🏽 👨‍👩‍👧 🇩🇪 ✅ ❤️",
    "Scripts: Привет, Γειά σου, مرحبا, שלום, 你好, こんにちは, नमस्ते",
    "<style>body { display: none }</style><link rel=stylesheet href=http://example.com/x.css>",
)
MARKERS = ("PWNED", "<x-pwned")
