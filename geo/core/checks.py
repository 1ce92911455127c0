"""Checks across records and tables: ids, references, overlapping control periods.

``check_references`` takes every parsed row (good or not), adds a problem for
each broken reference, duplicate id or overlap, and returns only the records
that are sound, so one bad row never hides or drops another.
"""

from __future__ import annotations

from collections import defaultdict

_DATED = ("control", "deployments", "events")


def check_references(parsed: dict[str, list]) -> dict[str, list]:
    """Problems go to each row's own list (see ``RowReader.problem``); returns the sound records."""
    known = {t: _ids(parsed[t]) for t in ("sources", "actors", "sites", "assets")}
    dated_ids = {t: _ids(parsed[t]) for t in _DATED}
    _check_duplicates(parsed)
    # An id is bad only when no good row carries it: a duplicate drops itself, not the records of the first.
    bad_ids = {
        t: {r.record for r, _ in parsed[t] if not r.ok} - {r.record for r, _ in parsed[t] if r.ok} for t in parsed
    }
    refs = _Refs(known, bad_ids)

    # Every row is checked, good or not, so that a row with one problem has all of them reported.
    for row, site in parsed["sites"]:
        refs.need(row, "coord_source", site.coord_citation.source, "sources")
    for row, asset in parsed["assets"]:
        if asset.range_citation:
            refs.need(row, "range_source", asset.range_citation.source, "sources")
    for table in _DATED:
        for row, record in parsed[table]:
            _check_dated(row, record, table, refs, dated_ids[table])
    all_dated = set().union(*dated_ids.values())
    for row, (record_id, citation) in parsed["citations"]:
        if record_id and record_id not in all_dated:
            row.problem("record_id", f"no control, deployment or event has id {record_id!r}")
        refs.need(row, "source", citation.source, "sources")
    for row, arms in parsed["arms_imports"]:
        refs.need(row, "source", arms.citation.source, "sources")
    _check_overlaps(parsed["control"])
    _check_disputes(parsed)
    return {t: [record for row, record in parsed[t] if row.ok] for t in parsed}


def _ids(rows) -> set[str]:
    return {row.record for row, _ in rows if row.record}


def _rows(parsed, table):
    return [(row, record) for row, record in parsed[table] if row.ok]


class _Refs:
    def __init__(self, known: dict[str, set[str]], bad: dict[str, set[str]]):
        self.known = known
        self.bad = bad

    def need(self, row, field: str, value: str, table: str) -> None:
        if not value:
            return
        if value in self.bad.get(table, ()):
            row.problem(field, f"{table[:-1]} {value!r} has problems of its own (see its record)")
        elif value not in self.known[table]:
            row.problem(field, f"unknown {table[:-1]} {value!r}")


def _check_dated(row, record, table: str, refs: _Refs, same_table_ids: set[str]) -> None:
    if table == "events":
        if record.site_id:
            refs.need(row, "site_id", record.site_id, "sites")
        for actor in record.actors:
            refs.need(row, "actors", actor, "actors")
    else:
        refs.need(row, "site_id", record.site_id, "sites")
    if table == "control":
        refs.need(row, "holder", record.holder, "actors")
    if table == "deployments":
        refs.need(row, "actor", record.actor, "actors")
        refs.need(row, "backing", record.backing, "actors")
        refs.need(row, "asset", record.asset, "assets")
    for citation in record.citations:
        refs.need(row, "source", citation.source, "sources")
    for field in ("disputes", "supersedes"):
        target = getattr(record, field)
        if target and target not in same_table_ids:
            row.problem(field, f"no {table[:-1] if table != 'control' else 'control'} record has id {target!r}")
        elif target and target == record.id:
            row.problem(field, "a record cannot refer to itself")


def _check_duplicates(parsed) -> None:
    groups = [("sources",), ("actors",), ("sites",), ("assets",), _DATED]
    for tables in groups:
        first: dict[str, tuple[str, int]] = {}
        for table in tables:
            for row, _ in parsed[table]:
                if not row.record:
                    continue
                if row.record in first:
                    file, line = first[row.record]
                    row.problem("id", f"duplicate id {row.record!r} (first at {file}:{line})")
                else:
                    first[row.record] = (row.file, row.line)


def _check_overlaps(control_rows) -> None:
    """Main control periods of one site must not overlap; disputing claims may.

    Of two overlapping periods the one further down the file (the newer line) is the problem and is
    dropped; the message names both, so the older record stays on the map.
    """
    replaced = {rec.supersedes for row, rec in control_rows if row.ok and rec.supersedes}
    by_site = defaultdict(list)
    for row, rec in control_rows:
        if row.ok and not rec.disputes and rec.id not in replaced:
            by_site[rec.site_id].append((row, rec))
    for periods in by_site.values():
        kept: list = []
        for row, rec in sorted(periods, key=lambda pr: pr[0].line):
            clash = next((other for other in kept if _overlap(other[1], rec)), None)
            if clash is None:
                kept.append((row, rec))
                continue
            other_row, other = clash
            end = other.end.text if other.end else "open end"
            row.problem(
                "start",
                f"period {rec.start.text} to {rec.end.text if rec.end else 'open end'} overlaps {other.id!r} "
                f"({other.start.text} to {end}, line {other_row.line}) at site {rec.site_id!r}; "
                "mark a competing claim with 'disputes'",
            )


def _overlap(a, b) -> bool:
    """True when the [start, end) periods of ``a`` and ``b`` share a day."""
    a_end = a.end.earliest if a.end else None
    b_end = b.end.earliest if b.end else None
    return (a_end is None or b.start.earliest < a_end) and (b_end is None or a.start.earliest < b_end)


def _check_disputes(parsed) -> None:
    by_id = {rec.id: rec for t in _DATED for row, rec in parsed[t] if row.ok}
    for row, rec in _rows(parsed, "control"):
        target = by_id.get(rec.disputes)
        if target is not None and getattr(target, "site_id", None) != rec.site_id:
            row.problem("disputes", f"{rec.disputes!r} is about site {target.site_id!r}, not {rec.site_id!r}")
