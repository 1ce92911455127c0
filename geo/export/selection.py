"""Which part of the dataset an export holds: a day or a period, some sites, some actors."""

from __future__ import annotations

import dataclasses
import datetime as dt

from geo.core.model import Dataset


@dataclasses.dataclass(frozen=True)
class Selection:
    """Records that hold on some day of [since, until] (both inclusive; None is unbounded), at ``sites``, of ``actors``.

    A control period or deployment is kept when ``start <= until`` and (``end`` open or ``end > since``):
    by the rule start <= t < end it holds on at least one day of the period. An event is kept when the
    days its date may denote meet the period. ``sites`` keeps those sites and the records about them;
    ``actors`` keeps the deployments and events of those actors (control periods stay, as in the briefing).
    """

    since: dt.date | None = None
    until: dt.date | None = None
    sites: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()

    @classmethod
    def on(cls, day: dt.date, **kwargs) -> Selection:
        """The records in force, or dated, on one day."""
        return cls(since=day, until=day, **kwargs)

    def unknown_ids(self, dataset: Dataset) -> list[str]:
        """'unknown site id(s) ...' for ids the dataset lacks; empty when every id is known."""
        problems = []
        for kind, asked, known in (("site", self.sites, dataset.sites), ("actor", self.actors, dataset.actors)):
            unknown = sorted(i for i in asked if i not in known)
            if unknown:
                problems.append(f"unknown {kind} id(s): {', '.join(unknown)}")
        if self.since and self.until and self.since > self.until:
            problems.append(f"'from' {self.since} is after 'to' {self.until}")
        return problems


def select(dataset: Dataset, selection: Selection) -> Dataset:
    """The part of ``dataset`` that ``selection`` keeps (rules in ``Selection``)."""
    since, until = selection.since, selection.until

    def holds(r) -> bool:
        starts = until is None or r.start.earliest <= until
        return starts and (since is None or r.end is None or r.end.earliest > since)

    def dated(e) -> bool:
        return (until is None or e.date.earliest <= until) and (since is None or e.date.latest >= since)

    def at_site(site_id: str) -> bool:
        return not selection.sites or site_id in selection.sites

    def of(actors) -> bool:
        return not selection.actors or not selection.actors.isdisjoint(actors)

    return dataclasses.replace(
        dataset,
        sites={k: s for k, s in dataset.sites.items() if at_site(k)},
        control=tuple(r for r in dataset.control if holds(r) and at_site(r.site_id)),
        deployments=tuple(r for r in dataset.deployments if holds(r) and at_site(r.site_id) and of((r.actor,))),
        events=tuple(r for r in dataset.events if dated(r) and at_site(r.site_id) and of(r.actors)),
        superseded=(),
    )
