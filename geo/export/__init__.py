"""The record written out for other tools: GeoJSON layers, distances and rings, change lists.

Imports ``geo.core`` only.
"""
