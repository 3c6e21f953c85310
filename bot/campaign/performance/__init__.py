"""Performance data as evidence: analytics exports read into observations with their
provenance, and the agreement's KPI targets judged against them (CAMPAIGNS.md §3)."""
