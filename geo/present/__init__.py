"""The record shown to a person: words, colours, cards, the dashboard's map and the HTML briefing.

Imports ``geo.core`` and ``geo.export``; the only part of ``geo`` that imports folium or streamlit.
"""
