"""A campaign KPI and the analytics export that answers it, shared by the tests that carry
figures through the service and through each platform."""

from __future__ import annotations

KPIS = """
kpis:
  - metric: views
    target: 100000
    commitment: guaranteed
    counting: organic_only
    window_days: 7
    deliverables: [d1]
    remedy: {percent_per_point: 1, cap_percent: 10}
"""
REEL = "https://www.instagram.com/reel/GLOW1abcd/"
HEADER = ("Post ID,Account ID,Account username,Account name,Description,Duration (sec),"
          "Publish time,Permalink,Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,"
          "Comments,Saves\n")


def export(views: str, published: str = "11/25/2026 10:00") -> bytes:
    """Meta's per-post CSV export of the reel, with its lifetime views."""
    return (HEADER + f"17900000000000001,1784,cleo,Cleo,Week one,30,{published},{REEL},"
            f'IG reel,,Lifetime,"{views}","60,000","3,100",120,15,210,330\n').encode()
