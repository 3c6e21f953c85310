"""Regenerate the demo's evidence files: two screenshots (PNG) and the signed contract (PDF).

Run from the project folder: `.venv/bin/python examples/demo/make_assets.py`. The files are
committed, so the demo needs nothing of this at run time; they are drawn, not photographed,
so anyone can rebuild them. Pillow and fpdf2 are dependencies of the PDF export.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _font(path: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(path, size)
    except OSError:
        return ImageFont.load_default()


def video_screenshot(target: Path) -> None:
    """The video's page: published on 10 March, a week after the agreed 3 March."""
    image = Image.new("RGB", (520, 320), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 520, 40), fill=(24, 24, 27))
    draw.text((16, 11), "VidTube Studio  ·  Content", font=_font(BOLD, 15), fill="white")
    draw.rectangle((16, 56, 216, 170), fill=(190, 80, 110))
    draw.polygon([(100, 92), (100, 134), (136, 113)], fill="white")
    draw.text((232, 58), "Spring Glow: my honest 7-day review", font=_font(BOLD, 13),
              fill=(20, 20, 20))
    rows = [("Visibility", "Public"), ("Published", "10 Mar 2026, 18:04"),
            ("Scheduled for", "3 Mar 2026 (moved)"), ("Views (72 h)", "41,380")]
    for i, (label, value) in enumerate(rows):
        y = 84 + i * 22
        draw.text((232, y), label, font=_font(FONT, 12), fill=(100, 100, 110))
        draw.text((352, y), value, font=_font(BOLD if i == 1 else FONT, 12),
                  fill=(180, 30, 30) if i == 1 else (20, 20, 20))
    draw.rectangle((16, 196, 504, 300), outline=(210, 210, 215))
    draw.text((28, 206), "Description", font=_font(BOLD, 12), fill=(20, 20, 20))
    draw.text((28, 228), "#ad Paid partnership with Lumen Skincare.\nProduct arrived late; "
              "filmed over seven days.", font=_font(FONT, 12), fill=(60, 60, 70))
    image.quantize(16).save(target, optimize=True)


def payment_screenshot(target: Path) -> None:
    """The brand's payment portal: the invoice on hold."""
    image = Image.new("RGB", (520, 260), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 520, 40), fill=(18, 62, 120))
    draw.text((16, 11), "Lumen Skincare · Supplier payments", font=_font(BOLD, 15),
              fill="white")
    draw.text((16, 56), "Invoice INV-2026-0311 · Theo Marsh Media", font=_font(BOLD, 13),
              fill=(20, 20, 20))
    rows = [("Amount", "EUR 2,000.00"), ("Due", "17 Mar 2026"), ("Status", "ON HOLD"),
            ("Reason", "Deliverable late (clause 4.2)")]
    for i, (label, value) in enumerate(rows):
        y = 88 + i * 26
        draw.text((16, y), label, font=_font(FONT, 12), fill=(100, 100, 110))
        draw.text((140, y), value, font=_font(BOLD, 12),
                  fill=(190, 110, 0) if value == "ON HOLD" else (20, 20, 20))
    draw.rectangle((16, 204, 200, 236), fill=(230, 233, 238))
    draw.text((30, 212), "Release payment", font=_font(FONT, 12), fill=(140, 140, 150))
    image.quantize(16).save(target, optimize=True)


CONTRACT = """Influencer Services Agreement

Between Lumen Skincare GmbH ("Brand") and Theo Marsh Media ("Creator").

1. Deliverable. One review video (8-12 minutes) of the Spring Glow serum on the Creator's
VidTube channel, with the disclosure "#ad Paid partnership".
2. Product. The Brand ships the product to the Creator no later than 20 February 2026.
3. Go-live. The video goes live on 3 March 2026, the start of the launch weekend.
4. Fee. EUR 2,000, invoiced on go-live and payable within 7 days.
4.2 If the video goes live more than 3 days late for reasons within the Creator's control,
the Brand may withhold payment until the parties agree a reduced fee.
5. Disputes. The parties first try to settle any dispute through mediation.

Signed 12 February 2026, for the Brand: N. Okafor; for the Creator: T. Marsh.
"""


def contract_pdf(target: Path) -> None:
    pdf = FPDF(format=(148, 210))  # A5, in millimetres
    pdf.set_creation_date(datetime(2026, 2, 12, tzinfo=UTC))
    pdf.add_page()
    pdf.add_font("dejavu", "", FONT)
    pdf.set_font("dejavu", size=9)
    pdf.multi_cell(0, 4.5, CONTRACT)
    pdf.output(str(target))


if __name__ == "__main__":
    video_screenshot(HERE / "video-published-late.png")
    payment_screenshot(HERE / "payment-on-hold.png")
    contract_pdf(HERE / "contract.pdf")
    for name in ("video-published-late.png", "payment-on-hold.png", "contract.pdf"):
        print(name, (HERE / name).stat().st_size, "bytes")
