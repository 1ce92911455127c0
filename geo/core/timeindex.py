"""Columnar arrays over a dataset's dated records, for fast queries at a date.

Every boundary is a proleptic Gregorian ordinal (``date.toordinal()``) of the
``earliest`` day of a ``FuzzyDate``; an open end is ``OPEN``. Main control
periods are sorted by (site, start) so the holder of every site at a date is
one vectorised binary search; deployments and disputing claims are interval
masks. Built once per ``Dataset`` (see ``Dataset.time_index``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geo.core.model import Dataset

OPEN = np.iinfo(np.int64).max
_SHIFT = np.int64(1 << 32)


def _ord(fuzzy) -> int:
    return OPEN if fuzzy is None else fuzzy.earliest.toordinal()


def _latest(fuzzy) -> int:
    return OPEN if fuzzy is None else fuzzy.latest.toordinal()


@dataclass(frozen=True)
class Intervals:
    """Records with [start, end) ordinals and the position of their site."""

    records: tuple
    site: np.ndarray
    start: np.ndarray
    end: np.ndarray
    end_latest: np.ndarray

    @classmethod
    def of(cls, records, site_pos: dict[str, int]) -> Intervals:
        records = tuple(sorted(records, key=lambda r: (site_pos[r.site_id], _ord(r.start), r.id)))
        return cls(
            records,
            np.fromiter((site_pos[r.site_id] for r in records), np.int64, len(records)),
            np.fromiter((_ord(r.start) for r in records), np.int64, len(records)),
            np.fromiter((_ord(r.end) for r in records), np.int64, len(records)),
            np.fromiter((_latest(r.end) for r in records), np.int64, len(records)),
        )

    def active(self, day: int) -> np.ndarray:
        """Positions of the records with start <= day < end."""
        return np.flatnonzero((self.start <= day) & (day < self.end))

    def ending_span(self, day: int) -> np.ndarray:
        """Positions of the records no longer active on ``day`` whose fuzzy end span still covers it."""
        return np.flatnonzero((self.end <= day) & (day <= self.end_latest))

    def starting(self, after: int, upto: int) -> np.ndarray:
        return np.flatnonzero((after < self.start) & (self.start <= upto))

    def ending(self, after: int, upto: int) -> np.ndarray:
        return np.flatnonzero((after < self.end) & (self.end <= upto))


@dataclass(frozen=True)
class TimeIndex:
    """The interval arrays of a dataset's control, claims, deployments and events."""

    site_ids: tuple[str, ...]
    control: Intervals
    claims: Intervals
    deployments: Intervals
    events: tuple
    event_day: np.ndarray
    event_latest: np.ndarray
    change_days: np.ndarray

    @classmethod
    def build(cls, dataset: Dataset) -> TimeIndex:
        site_ids = tuple(sorted(dataset.sites))
        pos = {site: i for i, site in enumerate(site_ids)}
        main = [c for c in dataset.control if not c.disputes]
        claims = [c for c in dataset.control if c.disputes]
        events = tuple(sorted(dataset.events, key=lambda e: (_ord(e.date), e.id)))
        event_day = np.fromiter((_ord(e.date) for e in events), np.int64, len(events))
        event_latest = np.fromiter((_latest(e.date) for e in events), np.int64, len(events))
        control = Intervals.of(main, pos)
        claim_iv = Intervals.of(claims, pos)
        deployments = Intervals.of(dataset.deployments, pos)
        days = [event_day]
        for iv in (control, claim_iv, deployments):
            days += [iv.start, iv.end[iv.end != OPEN]]
        change_days = np.unique(np.concatenate(days)) if days else np.array([], np.int64)
        return cls(site_ids, control, claim_iv, deployments, events, event_day, event_latest, change_days)

    def latest_started(self, day: int) -> np.ndarray:
        """For each site the position of its last main control record begun on or before ``day``, or -1."""
        sites = np.arange(len(self.site_ids), dtype=np.int64)
        keys = self.control.site * _SHIFT + self.control.start
        found = np.searchsorted(keys, sites * _SHIFT + day, side="right") - 1
        safe = np.clip(found, 0, None)
        valid = (found >= 0) & (len(keys) > 0)
        if len(keys):
            valid &= self.control.site[safe] == sites
        return np.where(valid, found, -1)

    def holders(self, day: int, started: np.ndarray | None = None) -> np.ndarray:
        """For each site (in ``site_ids`` order) the position of its main control record at ``day``, or -1."""
        found = self.latest_started(day) if started is None else started
        safe = np.clip(found, 0, None)
        valid = found >= 0
        if len(self.control.records):
            valid &= self.control.end[safe] > day
        return np.where(valid, found, -1)

    def events_between(self, after: int, upto: int) -> np.ndarray:
        lo = np.searchsorted(self.event_day, after, side="right")
        hi = np.searchsorted(self.event_day, upto, side="right")
        return np.arange(lo, hi)
