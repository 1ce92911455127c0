"""The state of every site at a date, and how it changes: pure functions.

Time rules
----------
* A record covers the half-open interval [start, end): it holds on its start
  day and no longer on its end day. ``end`` empty means "still so at the last
  report".
* A fuzzy boundary ("June 2020", "early June 2020") takes effect on the
  earliest day it may denote, for ordering and for which record is *current*.
* A transition is a span, not a day. On the days a fuzzy boundary may denote
  ([earliest, latest] of a start or an end that is not exact) the data do not
  say on which side of the change the day lies, so ``SiteState.transition``
  names both sides: the record that ends (or None, no known holder before)
  and the record that begins (or None, no known holder after), with the span.
  The current record (``control``) is still the one in force by the first
  rule; ``uncertain`` is True exactly when there is a transition. A start
  transition wins over an end transition on the same day.
* Deployments likewise: an active deployment whose fuzzy start span covers the
  day is *arriving*; a deployment whose fuzzy end span covers the day is no
  longer active but is *leaving* (``SiteState.leaving``), drawn faded.
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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from geo.core.dates import FuzzyDate
from geo.core.model import Control, Dataset, Deployment, Event, Record, Site
from geo.core.timeindex import TimeIndex


@dataclass(frozen=True)
class Transition:
    """Between ``before`` and ``after`` (either may be None: no known holder) on the days ``when`` may denote."""

    before: Control | None
    after: Control | None
    when: FuzzyDate

    @property
    def first(self) -> dt.date:
        return self.when.earliest

    @property
    def last(self) -> dt.date:
        return self.when.latest

    @property
    def holders(self) -> tuple[str | None, str | None]:
        return (self.before.holder if self.before else None, self.after.holder if self.after else None)


@dataclass(frozen=True)
class SiteState:
    """One site at one date: holder, claims, deployments, events and any change under way."""

    site: Site
    control: Control | None
    claims: tuple[Control, ...]
    deployments: tuple[Deployment, ...]
    transition: Transition | None = None
    leaving: tuple[Deployment, ...] = ()

    @property
    def holder(self) -> str | None:
        return self.control.holder if self.control else None

    @property
    def uncertain(self) -> bool:
        """True on the days of a transition: the change may or may not have happened yet."""
        return self.transition is not None


def phase(record: Deployment, at: dt.date) -> str | None:
    """'arriving' inside a fuzzy start span, 'leaving' inside a fuzzy end span, else None."""
    if _fuzzy_covers(record.start, at):
        return "arriving"
    if _fuzzy_covers(record.end, at):
        return "leaving"
    return None


@dataclass(frozen=True)
class Snapshot:
    """The state at ``at``: positions into the dataset's time index, materialised on demand."""

    dataset: Dataset
    at: dt.date
    holder_pos: np.ndarray
    claim_pos: np.ndarray
    deployment_pos: np.ndarray
    started_pos: np.ndarray
    leaving_pos: np.ndarray

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
        parts = self._parts()
        return tuple(self._site_state(i, parts) for i in range(len(self._index.site_ids)))

    def _parts(self) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
        """The positions of the active deployments, claims and leaving deployments, by site."""
        index, n = self._index, len(self._index.site_ids)
        return (
            _split(index.deployments, self.deployment_pos, n),
            _split(index.claims, self.claim_pos, n),
            _split(index.deployments, self.leaving_pos, n),
        )

    def _transition_at(self, i: int) -> Transition | None:
        return _transition(self._index, i, int(self.holder_pos[i]), int(self.started_pos[i]), self.at)

    def _site_state(self, i: int, parts: tuple) -> SiteState:
        """The state of the site at position ``i``, from ``_parts``."""
        index, pos = self._index, int(self.holder_pos[i])
        return SiteState(
            site=self.dataset.sites[index.site_ids[i]],
            control=index.control.records[pos] if pos >= 0 else None,
            claims=tuple(index.claims.records[p] for p in parts[1][i]),
            deployments=tuple(index.deployments.records[p] for p in parts[0][i]),
            transition=self._transition_at(i),
            leaving=tuple(index.deployments.records[p] for p in parts[2][i]),
        )

    def state(self, site_id: str) -> SiteState:
        return self.states[self._index.site_ids.index(site_id)]


def _fuzzy_covers(fuzzy, at: dt.date) -> bool:
    return fuzzy is not None and not fuzzy.is_exact and fuzzy.covers(at)


def _transition(index: TimeIndex, site: int, holder_pos: int, started_pos: int, at: dt.date) -> Transition | None:
    """The transition at ``at`` for the site at position ``site`` (see the module's time rules)."""
    control = index.control
    after = control.records[holder_pos] if holder_pos >= 0 else None
    if after is not None and _fuzzy_covers(after.start, at):
        return Transition(_before(index, holder_pos), after, after.start)
    ended = holder_pos - 1 if holder_pos >= 0 else started_pos
    if ended < 0 or control.site[ended] != site:
        return None
    before = control.records[ended]
    if not _fuzzy_covers(before.end, at):
        return None
    return Transition(before, after, before.end)


def snapshot(dataset: Dataset, at: dt.date) -> Snapshot:
    """The state of every site at ``at`` (see the module's time rules)."""
    index = dataset.time_index
    day = at.toordinal()
    started = index.latest_started(day)
    return Snapshot(
        dataset=dataset,
        at=at,
        holder_pos=index.holders(day, started),
        claim_pos=index.claims.active(day),
        deployment_pos=index.deployments.active(day),
        started_pos=started,
        leaving_pos=index.deployments.ending_span(day),
    )


def states_by_day(dataset: Dataset, days: Iterable[dt.date]) -> Iterator[tuple[dt.date, tuple[SiteState, ...]]]:
    """``(day, snapshot(dataset, day).states)`` for each of ``days`` in turn, each worked out from the one before.

    A site whose holder, claims, deployments and leaving deployments are the records it had on the day
    before keeps its ``SiteState`` (the same object, or a copy with the day's transition where that differs);
    only the other sites' states are made anew. The values are those of ``snapshot``; over many days with a
    few changes each (the briefing's frames) this makes a few states a day instead of one per site.
    """
    before: Snapshot | None = None
    last: list[SiteState] = []
    for day in days:
        snap = snapshot(dataset, day)
        parts = snap._parts()
        changed = _changed_sites(before, snap)
        states: list[SiteState] = []
        for i, is_changed in enumerate(changed):
            if is_changed:
                state = snap._site_state(i, parts)
            else:
                state, transition = last[i], snap._transition_at(i)
                if state.transition != transition:
                    state = replace(state, transition=transition)
            states.append(state)
        yield day, tuple(states)
        before, last = snap, states


def _split(intervals, positions: np.ndarray, n: int) -> list[np.ndarray]:
    """``positions`` by site: the i-th array holds those of site i, in the order ``positions`` gives them."""
    sites = intervals.site[positions]
    order = np.argsort(sites, kind="stable")
    bounds = np.searchsorted(sites[order], np.arange(n + 1))
    ordered = positions[order]
    return [ordered[bounds[k] : bounds[k + 1]] for k in range(n)]


def _changed_sites(before: Snapshot | None, after: Snapshot) -> list[bool]:
    """For each site, whether its holder, claims, deployments or leaving deployments differ between two snapshots
    (all True with no snapshot before).

    Each kind's positions come ascending (``Intervals.active``, ``ending_span``), so a site's positions are the
    same arrays on both days exactly when the two sets agree on that site: the sites of the positions in one
    set and not the other are those that changed.
    """
    if before is None:
        return [True] * len(after.holder_pos)
    index = after._index
    changed = before.holder_pos != after.holder_pos
    for intervals, old, new in (
        (index.deployments, before.deployment_pos, after.deployment_pos),
        (index.claims, before.claim_pos, after.claim_pos),
        (index.deployments, before.leaving_pos, after.leaving_pos),
    ):
        changed[intervals.site[np.setxor1d(old, new, assume_unique=True)]] = True
    return changed.tolist()


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
    record: Record
    previous: Control | None = None

    @property
    def date_label(self) -> str:
        end = getattr(self.record, "end", None) if self.kind.endswith("-end") else None
        return (end or _date_of(self.record)).label()


_KIND_ORDER = {
    "control": 0,
    "control-end": 0,
    "claim": 1,
    "claim-end": 1,
    "deployment-end": 2,
    "deployment-start": 3,
    "event": 4,
}


def _date_of(record: Record) -> FuzzyDate:
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
        handed_over = (
            nxt < len(control.records)
            and control.site[nxt] == control.site[pos]
            and (control.start[nxt] == control.end[pos])
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


def history(dataset: Dataset, site_id: str) -> list[Record]:
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
