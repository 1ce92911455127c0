"""Every record put into words: the one place the dashboard, CLI, briefing and exports take text from.

Plain text only: no HTML. ``geo.present`` escapes what it shows; exporters write these
strings as they are. Pure functions of a ``Dataset``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from geo.core.dates import day_label
from geo.core.model import Citation, Control, Dataset, Deployment
from geo.core.timeline import Change, phase

UNKNOWN_LABEL = "No known holder"
#: The holder label of a place the record tracks no control for (foreign bases, ports, cities abroad).
UNTRACKED_LABEL = "Control not recorded (context place)"
#: An open deployment with no report for longer than this is drawn as carried forward, not as known.
STALE_DAYS = 365
#: The words that head the parts of a site's card (the dashboard) and popup (the briefing), and a site
#: with no recent events; a transition's are followed by ``transition_text``.
HEADINGS = {
    "transition": "In transition",
    "disputed": "Disputed:",
    "deployments": "Foreign deployments",
    "leaving": "Possibly leaving (the end is dated only roughly)",
    "no_events": "None recorded.",
}


def actor_name(dataset: Dataset, actor_id: str | None) -> str:
    """The actor's name, its id if unknown, or 'No known holder' for none."""
    if not actor_id:
        return UNKNOWN_LABEL
    actor = dataset.actors.get(actor_id)
    return actor.name if actor else actor_id


def holder_label(dataset: Dataset, state) -> str:
    """The holder's name, 'No known holder', or for a place with no control record at all ``UNTRACKED_LABEL``."""
    if state.site.id not in dataset.controlled_sites:
        return UNTRACKED_LABEL
    return actor_name(dataset, state.holder)


def citation_text(dataset: Dataset, citation: Citation) -> str:
    """'Title, locator (attributed to X)'."""
    source = dataset.sources.get(citation.source)
    title = source.title if source else citation.source
    return title + citation_locator_text(citation)


def citation_locator_text(citation: Citation) -> str:
    """What ``citation_text`` writes after the source's title: ', locator (attributed to X)'."""
    said = f" (attributed to {citation.attributed_to})" if citation.attributed_to else ""
    return f", {citation.locator}{said}"


def source_text(dataset: Dataset, record) -> str:
    """Every citation of a record in words, joined by '; '."""
    return "; ".join(citation_text(dataset, c) for c in record.citations)


def deployment_text(dataset: Dataset, record: Deployment, at: dt.date | None = None) -> str:
    """'14 aircraft: MiG-29 and Su-24 fighter jets (Russia, reported)'; at a date inside the record's fuzzy
    start or end, ', arriving between 1 May and 31 May 2020' (or leaving) follows, and for an open record
    not reported for over ``STALE_DAYS``, ', last reported 1 Dec 2019'."""
    return _deployment_words(dataset, record, when_text(dataset, record, at))


def _deployment_words(dataset: Dataset, record: Deployment, when: str) -> str:
    count = f"{record.count:g} {record.unit}: " if record.count is not None else ""
    note = f" [{record.count_note}]" if record.count_note else ""
    asset = dataset.assets[record.asset].name
    return f"{count}{asset}{note} ({actor_name(dataset, record.actor)}, {record.confidence}{when})"


def is_stale(dataset: Dataset, record, at: dt.date) -> bool:
    """True for an open record whose last report is more than ``STALE_DAYS`` before ``at``."""
    first = stale_from(dataset, record)
    return first is not None and at >= first


def stale_from(dataset: Dataset, record) -> dt.date | None:
    """The first day ``is_stale`` holds for an open record (``STALE_DAYS`` and a day past its last report);
    None for a record with an end."""
    if record.end is not None:
        return None
    return dataset.last_reported(record) + dt.timedelta(days=STALE_DAYS + 1)


def when_text(dataset: Dataset, record: Deployment, at: dt.date | None) -> str:
    """What the date adds to a deployment's words: arriving or leaving, and a stale last report."""
    if at is None:
        return ""
    text = phase_text(record, at)
    if is_stale(dataset, record, at):
        text += f", last reported {day_label(dataset.last_reported(record))}"
    return text


def span_text(fuzzy) -> str:
    """'between 1 Sep and 30 Sep 2011' for the days a fuzzy date may denote."""
    first, last = fuzzy.earliest, fuzzy.latest
    head = f"{first.day} {first:%b}" if first.year == last.year else day_label(first)
    return f"between {head} and {day_label(last)}"


def phase_text(record: Deployment, at: dt.date) -> str:
    """', arriving between ...' or ', leaving between ...' inside a fuzzy start or end span, else ''."""
    moving = phase(record, at)
    if moving is None:
        return ""
    return moving_text(moving, record.start if moving == "arriving" else record.end)


def moving_text(moving: str, fuzzy) -> str:
    """', arriving between ...' or ', leaving between ...': what ``phase_text`` says in the span ``fuzzy``."""
    return f", {moving} {span_text(fuzzy)}"


def transition_text(dataset: Dataset, transition) -> str:
    """'between the Gaddafi government and the NTC (Sep 2011: the sources give only this span)'."""
    before, after = (actor_name(dataset, h) for h in transition.holders)
    return (
        f"between {before} and {after} ({transition.when.label()}, {span_text(transition.when)}: "
        "the sources date the change only to this span)"
    )


def since_text(record) -> str:
    """'since 5 Jun 2020 (day)' with the source's precision."""
    return f"since {record.start.label()} ({record.start.precision})"


def as_of_text(dataset: Dataset, record, at: dt.date) -> str:
    """'still so at last report, 7 Jul 2020' when ``at`` lies past an open record's last report, else ''."""
    if getattr(record, "end", None) is not None:
        return ""
    last = dataset.last_reported(record)
    return f"still so at last report, {day_label(last)}" if at > last else ""


def claim_text(dataset: Dataset, record) -> str:
    """A claim that disagrees with the main record, in words."""
    return f"{actor_name(dataset, record.holder)} {since_text(record)} ({record.confidence}): {record.summary}"


def what_text(dataset: Dataset, record) -> str:
    """What a record says, in a few words: 'held by X', a deployment, or an event and its actors."""
    if record.kind == "control":
        return f"held by {actor_name(dataset, record.holder)}"
    if record.kind == "deployment":
        return deployment_text(dataset, record)
    actors = ", ".join(actor_name(dataset, a) for a in record.actors)
    return f"{record.event_kind} ({actors})"


def describe_change(change: Change, dataset: Dataset) -> str:
    """One line of the change log, in words."""
    return f"{change.date_label}: " + "".join(change_parts(change, dataset))


def change_parts(change: Change, dataset: Dataset) -> tuple[str, str, str]:
    """A change log line after its date in three parts, joined by ``describe_change``: the words before
    the record's own summary, the summary ('' when the line does not quote it) and the words after it."""
    rec = change.record
    site = dataset.sites[change.site_id].name if change.site_id else "Libya and abroad"
    if isinstance(rec, Control):
        holder = dataset.actors[rec.holder].name
        if change.kind == "control":
            before = dataset.actors[change.previous.holder].name if change.previous else "unknown"
            return f"{site}: {before} -> {holder} ({rec.confidence})", "", ""
        if change.kind == "control-end":
            return f"{site}: {holder} no longer recorded as holder", "", ""
        if change.kind == "claim":
            return f"{site}: competing claim that {holder} held it ({rec.confidence})", "", ""
        return f"{site}: competing claim that {holder} held it ends", "", ""
    if isinstance(rec, Deployment):
        verb = "arrived" if change.kind == "deployment-start" else "left"
        count = f"{rec.count:g} " if rec.count is not None else ""
        asset = dataset.assets[rec.asset].name
        return f"{site}: {count}{asset} ({dataset.actors[rec.actor].name}) {verb} ({rec.confidence})", "", ""
    return f"{site}: {rec.event_kind}: ", rec.summary, f" ({rec.confidence})"


def disagreement_note_text(dataset: Dataset, record) -> str:
    """What follows a record's summary where it is shown with its disagreement: ' Disagrees with ... .' or ''."""
    return f" {disagreement_text(dataset, record)}." if record.disputes else ""


def _first_source(dataset: Dataset, record) -> str:
    if not record.citations:
        return "no cited source"
    source = dataset.sources.get(record.citations[0].source)
    return source.title if source else record.citations[0].source


def disagreement_text(dataset: Dataset, record) -> str:
    """'Disagrees with the report in <source> of 14 aircraft ... from 26 May 2020: count 8 against 14'."""
    other: Any = dataset.records_by_id.get(record.disputes)  # the kinds are compared below
    if other is None:
        return "Disagrees with another report that is not in the data"
    differs = []
    if record.kind == "deployment" and other.kind == "deployment":
        if record.count != other.count:
            differs.append(f"count {_count(record)} against {_count(other)}")
        if record.actor != other.actor:
            differs.append(f"actor {actor_name(dataset, record.actor)} against {actor_name(dataset, other.actor)}")
        if record.asset != other.asset:
            differs.append(f"asset {dataset.assets[record.asset].name} against {dataset.assets[other.asset].name}")
    if getattr(record, "holder", None) != getattr(other, "holder", None):
        differs.append(f"holder {actor_name(dataset, record.holder)} against {actor_name(dataset, other.holder)}")
    mine, theirs = _when(record), _when(other)
    if mine.earliest != theirs.earliest:
        differs.append(f"from {mine.label()} against {theirs.label()}")
    if record.confidence != other.confidence:
        differs.append(f"{record.confidence} against {other.confidence}")
    what = what_text(dataset, other)
    return f"Disagrees with the report in {_first_source(dataset, other)} ({what}, from {theirs.label()})" + (
        f": {'; '.join(differs)}" if differs else ""
    )


def _when(record):
    return record.date if record.kind == "event" else record.start


def _count(record) -> str:
    return f"{record.count:g} {record.unit}" if record.count is not None else "no count"


def _months(first: dt.date, last: dt.date) -> str:
    days = (last - first).days
    if days < 60:
        return f"{days} days"
    months = round(days / 30.44)
    return f"{months} months" if months < 24 else f"{months / 12:.1f} years"


def deployment_dates_text(dataset: Dataset, record: Deployment, at: dt.date | None = None) -> str:
    """'from 26 May 2020 to Sep 2020 (4 months)', or 'from 26 May 2020, open (last reported 7 Jul 2020)'."""
    start = record.start.label()
    if record.end is not None:
        return f"from {start} to {record.end.label()} ({_months(record.start.earliest, record.end.earliest)})"
    last = dataset.last_reported(record)
    until = at or last
    span = _months(record.start.earliest, until)
    return f"from {start}, open ({span} to {day_label(until)}; last reported {day_label(last)})"


def deployment_line_text(dataset: Dataset, record: Deployment, at: dt.date | None = None) -> str:
    """A deployment with its count, confidence and dates: what a card or table row says about it. Its dates
    name the last report of an open record, so the words before them add only arriving or leaving."""
    moving = phase_text(record, at) if at is not None else ""
    return f"{_deployment_words(dataset, record, moving)}, {deployment_dates_text(dataset, record, at)}"


def why_empty_text(what: str, shown: int, hidden_by_filter: dict[str, int], min_confidence: str) -> str:
    """'no confirmed deployment at this date; 3 reported' when filters leave nothing of ``what``, else ''."""
    if shown:
        return ""
    if not hidden_by_filter:
        return f"no {what} recorded at this date"
    counts = ", ".join(f"{n} {c}" for c, n in hidden_by_filter.items())
    if min_confidence:
        return f"no {min_confidence} {what} at this date; {counts}"
    return f"no {what} passes the filters at this date; {sum(hidden_by_filter.values())} recorded: {counts}"
