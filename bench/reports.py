"""Analytics exports read and judged: a 500-row YouTube Studio table and a 365-day TikTok
Studio overview, each read by the importer (detection, decoding, numbers, dates, post keys,
warnings) and a KPI evaluated on the figures, next to `csv.DictReader` reading the same
decoded files, in the same run.

    .venv/bin/python bench/reports.py [--rounds 7]

Rounds alternate ours and the raw reader; the median round counts. Last line:
`report import: <N> rows/s = <R>% of csv`.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.campaign.performance.evaluation import Measuring, evaluate
from bot.campaign.performance.importing import Upload
from bot.campaign.performance.observation import Rank
from bot.campaign.performance.reading import read_export
from bot.campaign.performance.reported import MeasuredPost, Reported
from bot.campaign.terms.kpis import Commitment, Counting, KpiTarget, Level, Metric
from bot.domain.identity import Side

RECEIVED = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ID_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def video_id(n: int) -> str:
    letters = []
    for _ in range(11):
        n, digit = divmod(n, len(ID_LETTERS))
        letters.append(ID_LETTERS[digit])
    return "".join(letters)


def youtube_table(rows: int = 500) -> bytes:
    out = io.StringIO()
    out.write("Content,Video title,Video publish time,Duration,Views,Watch time (hours),"
              "Subscribers,Impressions,Impressions click-through rate (%),Likes,Comments,"
              "Shares,Average view duration,Engaged views\n")
    out.write(f"Total,,,,{rows * 12_345},{rows * 790},57,98000,6.1,1420,88,140,,\n")
    for n in range(rows):
        published = date(2026, 1, 1) + timedelta(days=n % 300)
        out.write(f'{video_id(n + 1)},"Video {n}, with Acme","{published:%b} {published.day}, '
                  f'{published.year}",{200 + n % 400},"{12_000 + n:,}",{790 + n}.1234,51,'
                  f'80000,6.8,1200,80,100,0:03:49,{12_000 + n}\n')
    return out.getvalue().encode()


def tiktok_overview(days: int = 365) -> tuple[bytes, tuple[date, date]]:
    first = date(2025, 12, 1)
    out = io.StringIO()
    out.write("Date,Video Views,Profile Views,Likes,Comments,Shares\n")
    for n in range(days):
        day = first + timedelta(days=n)
        out.write(f"{day:%B} {day.day},{1500 + n},{80 + n % 9},{200 + n % 50},{12},{5}\n")
    return "\ufeff".encode() + out.getvalue().encode(), (first, first + timedelta(days=days - 1))


def ours(files: list[tuple[bytes, tuple[date, date] | None]]) -> int:
    """Read each file and judge a KPI on its figures; the rows read."""
    rows = 0
    for content, period in files:
        imported = read_export(Upload(content, "export.csv", RECEIVED, period))
        rows += imported.rows
        reported = [Reported(o, Side.CREATOR, Rank.NATIVE_EXPORT, "bench")
                    for o in imported.observations]
        first = imported.observations[0]
        post = MeasuredPost("d1", first.post, "", datetime(2026, 1, 1, tzinfo=UTC),
                            imported.platform)
        kpi = KpiTarget(Metric.VIEWS, Decimal(100_000), Commitment.GOAL,
                        Counting.ORGANIC_PLUS_PAID, 30, ("d1",),
                        definition=first.definition,
                        level=Level.ACCOUNT if not first.post else Level.POSTS)
        evaluate((kpi,), Measuring((post,), reported, ("d1",), ZoneInfo("UTC"),
                                   date(2025, 12, 1)), RECEIVED)
    return rows


def raw(files: list[tuple[bytes, tuple[date, date] | None]]) -> int:
    rows = 0
    for content, _ in files:
        rows += sum(1 for _ in csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    return rows


def timed(work: object, files: list[tuple[bytes, tuple[date, date] | None]]
          ) -> tuple[float, int]:
    start = time.perf_counter()
    rows = work(files)  # type: ignore[operator]
    return time.perf_counter() - start, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    overview, period = tiktok_overview()
    files = [(youtube_table(), None), (overview, period)]
    ours(files)  # warm the alias tables and definitions
    mine, theirs = [], []
    for _ in range(args.rounds):
        mine.append(timed(ours, files))
        theirs.append(timed(raw, files))
    ours_time = statistics.median(t for t, _ in mine)
    raw_time = statistics.median(t for t, _ in theirs)
    rows = mine[0][1]
    ours_rate, raw_rate = rows / ours_time, theirs[0][1] / raw_time
    print(f"files: YouTube Table data.csv (500 videos + Total) and TikTok Overview.csv "
          f"(365 days); {rows} data rows read")
    print(f"ours (import + KPI evaluation): {ours_time * 1000:.1f} ms a round, "
          f"{ours_rate:,.0f} rows/s")
    print(f"csv.DictReader: {raw_time * 1000:.1f} ms a round, {raw_rate:,.0f} rows/s")
    print(f"report import: {ours_rate:,.0f} rows/s = {ours_rate / raw_rate * 100:.0f}% of csv")


if __name__ == "__main__":
    main()
