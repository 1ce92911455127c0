"""Taking an analyst's observations into ``seeds/events.csv``, only when the result validates.

Each observation becomes an event row: its id (or ``obs-<file>-<row>``), its date at day
precision (or the span's month or year when it is one), its ``site_id``, ``kind``, ``actor``
(actor ids separated by ``;``), ``confidence`` and ``source`` (a source id of
``sources.csv``), the locator ``<file> row <n>`` and its notes as the summary. The seeds with
these rows added are validated as a whole first; on any problem nothing is written.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from geo.core.load import COLUMNS, read_dataset, seeds_paths
from geo.core.observations import Observation
from geo.core.problems import Problem

_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def _date(observation: Observation) -> tuple[str, str]:
    first, last = observation.earliest, observation.latest
    if first == last:
        return first.isoformat(), "day"
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return str(first.year), "year"
    if first.day == 1 and (first.year, first.month) == (last.year, last.month):
        return f"{first:%Y-%m}", "month"
    return first.isoformat(), "day"


def event_row(observation: Observation) -> dict[str, str]:
    """The observation as a row of ``events.csv``."""
    date, precision = _date(observation)
    stem = _SAFE.sub("-", Path(observation.file).stem).strip("-") or "file"
    given = observation.id if not observation.id.startswith("row ") else ""
    return {
        "id": given or f"obs-{stem}-{observation.row}",
        "date": date,
        "date_precision": precision,
        "site_id": observation.site_id,
        "kind": observation.kind,
        "actors": observation.actor,
        "confidence": observation.confidence,
        "source": observation.source,
        "locator": f"{observation.file} row {observation.row}",
        "summary": observation.notes,
    }


def _append(path: Path, rows: list[dict[str, str]]) -> None:
    existing = path.read_bytes()
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS["events"], lineterminator="\n", restval="")
    writer.writerows(rows)
    joiner = b"" if existing.endswith(b"\n") or not existing else b"\n"
    path.write_bytes(existing + joiner + out.getvalue().encode("utf-8"))


def add_to_seeds(observations: list[Observation], seeds: Path) -> list[Problem]:
    """Append the observations to ``seeds/events.csv`` if the seeds then validate; else return the problems."""
    rows = [event_row(o) for o in observations]
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "seeds"
        shutil.copytree(seeds, trial)
        _append(trial / "events.csv", rows)
        _, problems = read_dataset(seeds_paths(trial))
    if problems:
        return [replace(p, file=str(Path(seeds) / Path(p.file).name)) for p in problems]
    _append(Path(seeds) / "events.csv", rows)
    return []
