"""Where the record is thin: per site and year, how much the data say.

``coverage(dataset)`` returns one ``Coverage`` row per site and calendar year
of ``Dataset.study_period`` (the last year cut at the horizon):

* ``known_share``: the share of the year's days on which the map names a
  holder, by the rule of ``geo.core.timeline`` (main control periods, [start, end)
  on the earliest day of each date). ``CONTESTED`` counts as known: the record
  says the place was fought over. ``contested_share`` gives that part alone.
* ``reported_share``: the part of ``known_share`` on or before the last report
  of the holder's record; after it the map only carries the holder forward.
* ``deployments``: deployment records known to be active on at least one day
  of the year: between their start and their end or, for an open record, the
  day of its last report (``Dataset.last_reported``).
* ``carried``: open deployment records the map still draws that year only by
  carrying them forward past their last report.
* ``events``: event records whose date begins in the year.
* ``sources``: distinct sources published in the year (undated sources count
  in the year of the record they support) that cite a record of the site.

Silence in the record is not absence on the ground: a year with no deployment
record and one source is a year the analyst should read as unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from geo.core.model import Dataset


@dataclass(frozen=True)
class Coverage:
    """What the record says about one site in one calendar year."""

    site_id: str
    name: str
    role: str
    year: int
    days: int
    known_share: float
    reported_share: float
    contested_share: float
    deployments: int
    carried: int
    events: int
    sources: int

    def as_dict(self) -> dict:
        return asdict(self)


def site_ids(dataset: Dataset, role: str) -> tuple[str, ...]:
    """The ids of the sites of ``role`` ('key' or 'context'), or of every site for 'all', in id order."""
    return tuple(sorted(s for s, site in dataset.sites.items() if role == "all" or site.role == role))


def _overlap(start: dt.date, end: dt.date | None, lo: dt.date, hi: dt.date) -> int:
    """Days of [start, end) inside [lo, hi)."""
    a, b = max(start, lo), min(end or hi, hi)
    return max((b - a).days, 0)


def _years(dataset: Dataset) -> list[tuple[int, dt.date, dt.date]]:
    """(year, first day, day after the last day) for each year of the study period."""
    first, last = dataset.study_period()
    out = []
    for year in range(first.year, last.year + 1):
        lo = max(dt.date(year, 1, 1), first)
        hi = min(dt.date(year + 1, 1, 1), last + dt.timedelta(days=1))
        out.append((year, lo, hi))
    return out


def _end(record) -> dt.date | None:
    return record.end.earliest if record.end else None


def _known_until(dataset: Dataset, record) -> dt.date:
    """The day after which ``record`` is no longer known: its end, or the day after its last report."""
    return record.end.earliest if record.end else dataset.last_reported(record) + dt.timedelta(days=1)


def coverage(dataset: Dataset, site_ids: tuple[str, ...] | None = None) -> list[Coverage]:
    """One row per site (``site_ids`` or every site, in id order) and year, oldest year first."""
    main = [c for c in dataset.control if not c.disputes]
    rows = []
    for site_id in site_ids or tuple(sorted(dataset.sites)):
        site = dataset.sites[site_id]
        control = [c for c in main if c.site_id == site_id]
        deployments = [d for d in dataset.deployments if d.site_id == site_id]
        events = [e for e in dataset.events if e.site_id == site_id]
        records = [r for r in dataset.records() if r.site_id == site_id]
        for year, lo, hi in _years(dataset):
            days = (hi - lo).days
            held = [(c, _overlap(c.start.earliest, _end(c), lo, hi)) for c in control]
            known = sum(n for _, n in held)
            reported = sum(_overlap(c.start.earliest, _known_until(dataset, c), lo, hi) for c, n in held if n)
            contested = sum(n for c, n in held if dataset.actors[c.holder].side == "contested")
            drawn = [d for d in deployments if _overlap(d.start.earliest, _end(d), lo, hi)]
            active = [d for d in drawn if _overlap(d.start.earliest, _known_until(dataset, d), lo, hi)]
            dated = [e for e in events if e.date.earliest.year == year]
            cited = {c.source for r in records for c in r.citations if _source_year(dataset, c, r) == year}
            rows.append(
                Coverage(
                    site_id,
                    site.name,
                    site.role,
                    year,
                    days,
                    known / days if days else 0.0,
                    reported / days if days else 0.0,
                    contested / days if days else 0.0,
                    len(active),
                    len(drawn) - len(active),
                    len(dated),
                    len(cited),
                )
            )
    return rows


def _source_year(dataset: Dataset, citation, record) -> int:
    source = dataset.sources.get(citation.source)
    if source is not None and source.published is not None:
        return source.published.earliest.year
    return (record.date if record.kind == "event" else record.start).earliest.year


def coverage_text(rows: list[Coverage]) -> str:
    """A fixed-width table, one line per site and year, for the terminal."""
    head = (
        f"{'site':<28} {'year':>4} {'known':>6} {'reported':>8} {'contested':>9} {'deployments':>11} {'carried':>7} "
        f"{'events':>6} {'sources':>7}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r.name[:28]:<28} {r.year:>4} {r.known_share:>6.0%} {r.reported_share:>8.0%} {r.contested_share:>9.0%} "
            f"{r.deployments:>11} {r.carried:>7} {r.events:>6} {r.sources:>7}"
        )
    return "\n".join(lines) + "\n"
