"""The briefing's data as the page embeds it: records in columns, every repeated string once.

``encode(data)`` turns ``briefing_data``'s records (lists of dicts) and frames into a compact
form; ``decode`` turns it back, as the page's script does (``decode`` in ``briefing.js``), so that
``decode(encode(data)) == data``. ``pack`` writes the encoded form as the page embeds it: its
canonical JSON, gzip-compressed, in base64 (the page reads it back with fflate's
``gunzipSync``, ``templates/gunzip.js``); ``unpack`` reads it back. Nothing is computed here: the
frames keep the states Python worked out, only written shorter.

* ``strings``: every string of the records, the change log and the frames once, the most used first
  (so that a common one costs a digit or two); a string column holds indexes into it (0 is null).
  ``words``: the words of the summaries once, likewise; a summary is a list of word indexes.
* ``tables``: ``control``, ``deployments`` and ``events``, each ``{"fields": [...], "columns": [...]}``
  with one encoded column per field: ``{"s": [...]}`` string indexes, ``{"v": [...]}`` plain values,
  ``{"w": [...]}`` word lists, ``{"c": [...]}`` citations as flat [source, detail] string indexes,
  ``{"a": [...]}`` lists of string indexes, ``{"d": [...]}`` whole numbers each written as its
  difference from the one before, ``{"t": [...]}`` texts: a string index where the text recurs in the
  column, a word list where it is the only one of its kind (a change log line with a count in it, a
  deployment's dates), so that its words are shared, not the whole. A field a row lacks is not in
  any row.
* Records are numbered across the three tables (control first, then deployments, then events); the
  frames and the change log name records and sites by number. Days are counted from the period's
  first day.
* ``changes``: the change log (``change_rows``), a table like those above whose ``day`` is a day
  number (``d``) and ``record`` a record number.
* A frame is ``[day, sites, events_in, events_out]``; a site's entry is ``[site, control, claims,
  deployments, leaving, notes, stale, transition]`` where ``deployments`` and ``leaving`` are written
  as ``[kept_from_before..., removed, added]`` differences from the site's previous entry when that
  is shorter (``{"-": [...], "+": [...]}``), ``notes`` as flat [record, string] pairs and
  ``transition`` as [from, to, text] string indexes (0: none). The empty parts at the end of an entry
  (``[]``, and 0 for no transition) are left off: ``[12, 40]`` is site 12 held under record 40, nothing more.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import itertools
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from geo.export.geojson import canonical_json

TABLES = ("control", "deployments", "events")
PLAIN = ("id", "record")
WORDS = ("summary",)
TEXTS = ("text", "note_after", "dispute_text")
DELTAS = ("day",)


class _Strings:
    """A string table: each string once, numbered from 1 (0 is null), counting how often each is used."""

    def __init__(self, order: Sequence[str] = ()) -> None:
        self.items: list[str | None] = [None, *order]
        self.index: dict[str, int] = {v: i for i, v in enumerate(self.items) if v is not None}
        self.uses: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        if value is None:
            return 0
        self.uses[value] = self.uses.get(value, 0) + 1
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.items)
            self.items.append(value)
        return found

    def by_use(self) -> _Strings:
        """The same strings numbered most used first (ties in order of first use): short numbers for common ones."""
        first = {v: i for i, v in enumerate(self.items)}
        return _Strings(sorted(self.uses, key=lambda v: (-self.uses[v], first[v])))


def _column(field: str, values: list, strings: _Strings, words: _Strings) -> dict:
    if field in PLAIN:
        return {"v": values}
    if field in DELTAS:
        return {"d": [b - a for a, b in zip([0, *values], values)]}
    if field in WORDS and all(isinstance(v, str) for v in values):
        return {"w": [[words(w) - 1 for w in v.split(" ")] for v in values]}
    if field in TEXTS and all(v is None or isinstance(v, str) for v in values):
        uses = Counter(values)
        return {"t": [strings(v) if v is None or uses[v] > 1 else [words(w) - 1 for w in v.split(" ")] for v in values]}
    if field == "citations":
        return {"c": [[strings(x) for c in v for x in (c["source"], c["detail"])] for v in values]}
    if all(v is None or isinstance(v, str) for v in values):
        return {"s": [strings(v) for v in values]}
    if all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in values):
        return {"a": [[strings(x) for x in v] for v in values]}
    return {"v": values}


def _table(rows: list[dict], strings: _Strings, words: _Strings) -> dict:
    fields = list(dict.fromkeys(k for r in rows for k in r))
    for field in fields:
        if any(field not in r for r in rows):
            raise ValueError(f"field {field!r} is missing from some rows")
    return {"fields": fields, "columns": [_column(f, [r[f] for r in rows], strings, words) for f in fields]}


def _diff(before: list[int], after: list[int]):
    """``after`` as a difference from ``before`` when that is shorter and gives the same list back."""
    gone = set(before) - set(after)
    kept = [r for r in before if r not in gone]
    added = after[len(kept) :]
    if after[: len(kept)] == kept and len(gone) + len(added) < len(after):
        return {"-": sorted(gone), "+": added}
    return after


#: A site's frame entry past its site and control, as it is when empty: what ``_trimmed`` leaves off the end.
_ENTRY_EMPTY: tuple[Any, ...] = ([], [], [], [], [], 0)


def _trimmed(*entry):
    """A frame entry without the empty parts at its end (most entries change a site's holder and nothing else)."""
    end = len(entry)
    while end > 2 and entry[end - 1] == _ENTRY_EMPTY[end - 3]:
        end -= 1
    return list(entry[:end])


def encode(data: dict) -> dict:
    """``briefing_data``'s output in the compact form the page embeds.

    Written twice: once to count how often each string and word is used, then with the most used
    numbered first, so that a common string costs a digit or two wherever it appears.
    """
    strings, words = _Strings(), _Strings()
    _encode(data, strings, words, counting=True)
    return _encode(data, strings.by_use(), words.by_use())


def _site_strings(entry: dict, strings: _Strings) -> tuple[list[int], list[int] | int]:
    """The string numbers of a site's frame entry: its notes' texts, in order, and its transition (0: none)."""
    t = entry.get("transition")
    notes = [strings(text) for text in entry.get("notes", {}).values()]
    return notes, [strings(t["from"]), strings(t["to"]), strings(t["text"])] if t else 0


def _encode(data: dict, strings: _Strings, words: _Strings, counting: bool = False) -> dict:
    """``encode``'s form with ``strings`` and ``words`` as numbered; ``counting`` only counts the strings'
    uses (in the order of the real pass), leaving the frames' record numbers out."""
    start = dt.date.fromisoformat(data["period"]["start"])
    out = {k: v for k, v in data.items() if k not in (*TABLES, "frames", "change_days", "changes")}
    out["tables"] = {name: _table(data[name], strings, words) for name in TABLES}
    number = {r["id"]: i for i, r in enumerate(r for name in TABLES for r in data[name])}
    site_number = {s["id"]: i for i, s in enumerate(data["sites"])}

    def day(iso: str) -> int:
        return (dt.date.fromisoformat(iso) - start).days

    out["change_days"] = [day(d) for d in data["change_days"]]
    log = [r | {"day": day(r["day"]), "record": number[r["record"]]} for r in data["changes"]]
    out["changes"] = _table(log, strings, words)
    frames: list = []
    last: dict = {}
    numbers = number.__getitem__
    for frame in data["frames"]:
        sites = []
        for site_id, s in frame["sites"].items():
            notes, transition = _site_strings(s, strings)
            if counting:
                continue
            before = last.get(site_id, {})
            deployments = list(map(numbers, s.get("deployments", [])))
            leaving = list(map(numbers, s.get("leaving", [])))
            sites.append(
                _trimmed(
                    site_number[site_id],
                    number[s["control"]] if s["control"] is not None else -1,
                    list(map(numbers, s.get("claims", []))),
                    _diff(before.get("deployments", []), deployments),
                    _diff(before.get("leaving", []), leaving),
                    [x for i, k in zip(s.get("notes", {}), notes) for x in (number[i], k)],
                    list(map(numbers, s.get("stale", []))),
                    transition,
                )
            )
            last[site_id] = {"deployments": deployments, "leaving": leaving}
        frames.append(
            [
                day(frame["day"]),
                sites,
                [number[i] for i in frame.get("events_in", [])],
                [number[i] for i in frame.get("events_out", [])],
            ]
        )
    out["frames"] = frames
    out["strings"] = strings.items
    out["words"] = words.items[1:]
    return out


def pack(encoded: dict) -> str:
    """``encode``'s output as the page embeds it: canonical JSON (sorted keys, no spaces, UTF-8),
    gzip-compressed at level 9 with no timestamp in its header, in base64.

    The dictionary encoding leaves the structure (brackets, record and string numbers, day
    differences) to compression, which takes a further four fifths off (10^5 synthetic observations:
    20.7 MB of JSON, 5.5 MB packed). Base64 holds no character that could end a ``<script>``.
    """
    text = canonical_json(encoded)
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")


def unpack(text: str) -> dict:
    """What ``pack`` was given, back from the page's embedded text."""
    return json.loads(gzip.decompress(base64.b64decode(text.strip(), validate=True)).decode("utf-8"))


def _values(column: dict, strings: list, words: list) -> list:
    kind, values = next(iter(column.items()))
    if kind == "v":
        return values
    if kind == "s":
        return [strings[i] for i in values]
    if kind == "w":
        return [" ".join(words[i] for i in v) for v in values]
    if kind == "a":
        return [[strings[i] for i in v] for v in values]
    if kind == "t":
        return [strings[v] if isinstance(v, int) else " ".join(words[i] for i in v) for v in values]
    if kind == "d":
        return list(itertools.accumulate(values))
    if kind == "c":
        return [[{"source": strings[v[j]], "detail": strings[v[j + 1]]} for j in range(0, len(v), 2)] for v in values]
    raise ValueError(f"unknown column kind {kind!r}")


def _rows(table: dict, strings: list, words: list) -> list[dict]:
    columns = [_values(c, strings, words) for c in table["columns"]]
    return [dict(zip(table["fields"], row)) for row in zip(*columns)] if columns else []


def decode(payload: dict) -> dict:
    """The data ``encode`` was given, back from its compact form (what the page's ``decode`` does)."""
    strings, words = payload["strings"], payload["words"]
    start = dt.date.fromisoformat(payload["period"]["start"])
    skip = ("tables", "frames", "change_days", "changes", "strings", "words")
    out = {k: v for k, v in payload.items() if k not in skip}
    for name in TABLES:
        out[name] = _rows(payload["tables"][name], strings, words)
    records = [r["id"] for name in TABLES for r in out[name]]
    sites = [s["id"] for s in payload["sites"]]

    def iso(day: int) -> str:
        return (start + dt.timedelta(days=day)).isoformat()

    def undiff(before: list[int], value) -> list[int]:
        if isinstance(value, dict):
            gone = set(value["-"])
            return [r for r in before if r not in gone] + value["+"]
        return value

    out["change_days"] = [iso(d) for d in payload["change_days"]]
    log = _rows(payload["changes"], strings, words)
    out["changes"] = [r | {"day": iso(r["day"]), "record": records[r["record"]]} for r in log]
    frames: list = []
    last: dict = {}
    for day, entries, events_in, events_out in payload["frames"]:
        site_frames = {}
        for entry in entries:
            whole: list[Any] = [*entry, *_ENTRY_EMPTY[len(entry) - 2 :]]
            site, control, claims, deployments, leaving, notes, stale, transition = whole
            before = last.get(site, {})
            deployments = undiff(before.get("deployments", []), deployments)
            leaving = undiff(before.get("leaving", []), leaving)
            last[site] = {"deployments": deployments, "leaving": leaving}
            s: dict = {"control": records[control] if control >= 0 else None}
            if claims:
                s["claims"] = [records[i] for i in claims]
            if deployments:
                s["deployments"] = [records[i] for i in deployments]
            if leaving:
                s["leaving"] = [records[i] for i in leaving]
            if notes:
                s["notes"] = {records[notes[j]]: strings[notes[j + 1]] for j in range(0, len(notes), 2)}
            if stale:
                s["stale"] = [records[i] for i in stale]
            if transition:
                s["transition"] = dict(zip(("from", "to", "text"), (strings[i] for i in transition)))
            site_frames[sites[site]] = s
        frame: dict = {"day": iso(day), "sites": site_frames}
        if events_in:
            frame["events_in"] = [records[i] for i in events_in]
        if events_out:
            frame["events_out"] = [records[i] for i in events_out]
        frames.append(frame)
    out["frames"] = frames
    return {k: out[k] for k in _ORDER if k in out} | {k: v for k, v in out.items() if k not in _ORDER}


_ORDER = (
    "period",
    "sites",
    "actors",
    "sources",
    "control",
    "deployments",
    "events",
    "change_days",
    "changes",
    "frames",
)
