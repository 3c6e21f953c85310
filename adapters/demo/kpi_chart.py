"""The demo campaign's KPI chart, for the docs: its agreement's KPIs judged on its YouTube
Studio export, exactly as the bot judges them in a thread, written to `docs/kpi-chart.png`
and `docs/kpi-chart.svg`.

    .venv/bin/python -m adapters.demo.kpi_chart [--out docs]

The video went live on 10 March 2026 at 18:00 in Paris; the export was made on 26 March, after
the 14-day window and within its 48-hour data lag; the KPIs are judged the next morning.
"""

from __future__ import annotations

import argparse
import io
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.campaign.performance.chart_data import PerformanceChart
from bot.campaign.performance.chart_png import chart_png
from bot.campaign.performance.chart_svg import chart_svg
from bot.campaign.performance.evaluation import Measuring, evaluate
from bot.campaign.performance.importing import Upload
from bot.campaign.performance.kpi_chart import kpi_chart
from bot.campaign.performance.observation import Rank
from bot.campaign.performance.reading import read_export
from bot.campaign.performance.reported import MeasuredPost, Reported
from bot.campaign.terms.agreement_file import FileFormat, import_agreement
from bot.domain.identity import Side

from . import ASSETS

DOCS = Path(__file__).resolve().parents[2] / "docs"
PUBLISHED = datetime(2026, 3, 10, 18, 0, tzinfo=ZoneInfo("Europe/Paris"))
ACCEPTED = datetime(2026, 2, 14, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
EXPORTED = datetime(2026, 3, 26, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))
JUDGED = datetime(2026, 3, 27, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))  # after the data lag
LINK = "https://www.youtube.com/watch?v=SpringGlow7"


def studio_zip(folder: Path) -> bytes:
    """The export as YouTube Studio hands it over: a zip of its three CSV files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in ("Table data.csv", "Chart data.csv", "Totals.csv"):
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 26, 12, 0, 0))
            archive.writestr(info, (folder / name).read_bytes())
    return out.getvalue()


def demo_chart(assets: Path = ASSETS) -> PerformanceChart:
    terms = import_agreement((assets / "campaign.yaml").read_bytes(), FileFormat.YAML)
    imported = read_export(Upload(studio_zip(assets / "youtube-studio"), "export.zip",
                                  EXPORTED))
    reported = [Reported(o, Side.CREATOR, Rank.NATIVE_EXPORT, "demo-export")
                for o in imported.observations]
    zone = ZoneInfo(terms.time_zone)
    post = MeasuredPost("d1", "youtube:SpringGlow7", LINK, PUBLISHED, "youtube")
    measuring = Measuring((post,), reported, ("d1",), zone, ACCEPTED.date())
    results = evaluate(terms.kpis, measuring, JUDGED)
    days = [None if r.window is None else (r.window.start.astimezone(zone).date(),
                                           r.window.end.astimezone(zone).date())
            for r in results]
    return kpi_chart(f"KPIs of {terms.title}, judged on 27 March 2026", results, reported, days)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DOCS)
    args = parser.parse_args()
    chart = demo_chart()
    (args.out / "kpi-chart.svg").write_text(chart_svg(chart))
    (args.out / "kpi-chart.png").write_bytes(chart_png(chart))
    print(f"wrote {args.out / 'kpi-chart.png'} and {args.out / 'kpi-chart.svg'}")


if __name__ == "__main__":
    main()
