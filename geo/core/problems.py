"""One shape for every data problem: file, line, record, field, message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the seeds: file, line, record, field and what is wrong."""

    file: str
    line: int
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        record = f"record {self.record!r}" if self.record else "file"
        return f"{where}: {record}: field {self.field!r}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "record": self.record,
            "field": self.field,
            "message": self.message,
        }


class OptionError(ValueError):
    """A choice the user made (a date, a site, an actor) that the data cannot answer; the message says which."""


class ValidationError(Exception):
    """Raised once with every problem found, never just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data")

    def __str__(self) -> str:
        lines = [f"{len(self.problems)} problem(s) in the data:"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)
