"""Sites, control and foreign deployments in Libya over time: data, time logic, layers."""

from geo.core.load import load_dataset, read_dataset
from geo.core.timeline import change_dates, changes, history, next_change, previous_change, snapshot

__all__ = [
    "change_dates",
    "changes",
    "history",
    "load_dataset",
    "next_change",
    "previous_change",
    "read_dataset",
    "snapshot",
]
