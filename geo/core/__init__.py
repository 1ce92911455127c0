"""The record and its time logic: dates, records, reading and checking seeds, the state at a date.

Nothing here imports from ``geo.export`` or ``geo.present``, reads a template or draws anything.
"""
