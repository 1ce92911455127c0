"""The state of every site at a date, and how it changes: pure functions.

Time rules
----------
* A record covers the half-open interval [start, end): it holds on its start
  day and no longer on its end day. ``end`` empty means "still so at the last
  report".
* A fuzzy boundary ("June 2020", "early June 2020") takes effect on the
  earliest day it may denote. When the asked date falls inside the span of
  the holder's start or end, ``SiteState.uncertain`` is True: the data do not
  say on which side of the change that day lies.
* A date before any control record of a site gives ``control=None``:
  *unknown*, which is not the same as the ``CONTESTED`` holder.
* Main control periods of a site never overlap (validation enforces it), so
  there is no tie to break; a claim that disagrees (``disputes``) is shown
  beside the main record in ``SiteState.claims``, never instead of it.
* ``changes(d, from, to)`` lists what differs between ``snapshot(d, from)``
  and ``snapshot(d, to)``: boundaries and events dated in (from, to], in date
  order, then kind (control, claim, deployment end, deployment start, event),
  then site and id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from geo.model import Control, Dataset, Deployment, Event, Site
from geo.timeindex import TimeIndex


@dataclass(frozen=True)
class SiteState:
    site: Site
    control: Control | None
    claims: tuple[Control, ...]
    deployments: tuple[Deployment, ...]
    uncertain: bool

    @property
    def holder(self) -> str | None:
        return self.control.holder if self.control else None


@dataclass(frozen=True)
class Snapshot:
    """The state at ``at``: positions into the dataset's time index, materialised on demand."""

    dataset: Dataset
    at: dt.date
    holder_pos: np.ndarray
    claim_pos: np.ndarray
    deployment_pos: np.ndarray

    @property
    def _index(self) -> TimeIndex:
        return self.dataset.time_index

    def holder(self, site_id: str) -> str | None:
        i = self._index.site_ids.index(site_id)
        pos = self.holder_pos[i]
        return self._index.control.records[pos].holder if pos >= 0 else None

    @cached_property
    def states(self) -> tuple[SiteState, ...]:
        """One ``SiteState`` per site, in site id order."""
        index = self._index
        by_site: dict[int, list] = {}
        for pos in self.deployment_pos:
            by_site.setdefault(int(index.deployments.site[pos]), []).append(index.deployments.records[pos])
        claims: dict[int, list] = {}
        for pos in self.claim_pos:
            claims.setdefault(int(index.claims.site[pos]), []).append(index.claims.records[pos])
        states = []
        for i, site_id in enumerate(index.site_ids):
            pos = self.holder_pos[i]
            control = index.control.records[pos] if pos >= 0 else None
            states.append(
                SiteState(
                    site=self.dataset.sites[site_id],
                    control=control,
                    claims=tuple(claims.get(i, ())),
                    deployments=tuple(by_site.get(i, ())),
                    uncertain=_uncertain(control, self.at),
                )
            )
        return tuple(states)

    def state(self, site_id: str) -> SiteState:
        return self.states[self._index.site_ids.index(site_id)]


def _uncertain(control: Control | None, at: dt.date) -> bool:
    if control is None:
        return False
    return control.start.covers(at) and not control.start.is_exact or (
        control.end is not None and control.end.covers(at) and not control.end.is_exact
    )


def snapshot(dataset: Dataset, at: dt.date) -> Snapshot:
    """The state of every site at ``at`` (see the module's time rules)."""
    index = dataset.time_index
    day = at.toordinal()
    return Snapshot(
        dataset=dataset,
        at=at,
        holder_pos=index.holders(day),
        claim_pos=index.claims.active(day),
        deployment_pos=index.deployments.active(day),
    )


@dataclass(frozen=True)
class Change:
    """One difference between two dates.

    ``kind``: control (a new holder), control-end (a holder's period ends with
    no successor), claim / claim-end (a competing claim begins or ends),
    deployment-start, deployment-end, event.
    """

    day: dt.date
    kind: str
    site_id: str
    record: Control | Deployment | Event
    previous: Control | None = None

    @property
    def date_label(self) -> str:
        fuzzy = self.record.end if self.kind.endswith("-end") else _date_of(self.record)
        return fuzzy.label()


_KIND_ORDER = {
    "control": 0,
    "control-end": 0,
    "claim": 1,
    "claim-end": 1,
    "deployment-end": 2,
    "deployment-start": 3,
    "event": 4,
}


def _date_of(record):
    return record.date if isinstance(record, Event) else record.start


def changes(dataset: Dataset, since: dt.date, until: dt.date) -> list[Change]:
    """What changed after ``since`` up to and including ``until``."""
    if until < since:
        raise ValueError(f"'until' {until} is before 'since' {since}")
    index = dataset.time_index
    a, b = since.toordinal(), until.toordinal()
    out: list[Change] = []
    control = index.control
    for pos in control.starting(a, b):
        record = control.records[pos]
        out.append(Change(record.start.earliest, "control", record.site_id, record, _before(index, pos)))
    for pos in control.ending(a, b):
        record = control.records[pos]
        nxt = pos + 1
        handed_over = nxt < len(control.records) and control.site[nxt] == control.site[pos] and (
            control.start[nxt] == control.end[pos]
        )
        if not handed_over:
            out.append(Change(record.end.earliest, "control-end", record.site_id, record, record))
    for pos in index.claims.starting(a, b):
        record = index.claims.records[pos]
        out.append(Change(record.start.earliest, "claim", record.site_id, record))
    for pos in index.claims.ending(a, b):
        record = index.claims.records[pos]
        out.append(Change(record.end.earliest, "claim-end", record.site_id, record))
    for pos in index.deployments.ending(a, b):
        record = index.deployments.records[pos]
        out.append(Change(record.end.earliest, "deployment-end", record.site_id, record))
    for pos in index.deployments.starting(a, b):
        record = index.deployments.records[pos]
        out.append(Change(record.start.earliest, "deployment-start", record.site_id, record))
    for pos in index.events_between(a, b):
        record = index.events[pos]
        out.append(Change(record.date.earliest, "event", record.site_id, record))
    out.sort(key=lambda c: (c.day, _KIND_ORDER[c.kind], c.site_id, c.record.id))
    return out


def _before(index: TimeIndex, pos: int) -> Control | None:
    """The main control record of the same site that ended on the day ``pos`` starts."""
    prev = pos - 1
    control = index.control
    if prev >= 0 and control.site[prev] == control.site[pos] and control.end[prev] == control.start[pos]:
        return control.records[prev]
    return None


def change_dates(dataset: Dataset) -> tuple[dt.date, ...]:
    """Every day on which some record starts, ends or happens, ascending."""
    return tuple(dt.date.fromordinal(int(d)) for d in dataset.time_index.change_days)


def previous_change(dataset: Dataset, at: dt.date) -> dt.date | None:
    """The last change day strictly before ``at``."""
    days = dataset.time_index.change_days
    i = int(np.searchsorted(days, at.toordinal(), side="left")) - 1
    return dt.date.fromordinal(int(days[i])) if i >= 0 else None


def next_change(dataset: Dataset, at: dt.date) -> dt.date | None:
    """The first change day strictly after ``at``."""
    days = dataset.time_index.change_days
    i = int(np.searchsorted(days, at.toordinal(), side="right"))
    return dt.date.fromordinal(int(days[i])) if i < len(days) else None


def history(dataset: Dataset, site_id: str) -> list[Control | Deployment | Event]:
    """Every record about ``site_id``, oldest first (control, then deployments, then events on a tie)."""
    if site_id not in dataset.sites:
        raise KeyError(f"unknown site {site_id!r}")
    rank = {"control": 0, "deployment": 1, "event": 2}
    records = [r for r in dataset.records() if r.site_id == site_id]
    return sorted(records, key=lambda r: (_date_of(r).earliest, rank[r.kind], r.id))


def events_between(dataset: Dataset, since: dt.date, until: dt.date) -> list[Event]:
    """Events dated in (since, until]."""
    index = dataset.time_index
    return [index.events[p] for p in index.events_between(since.toordinal(), until.toordinal())]
