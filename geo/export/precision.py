"""Our precisions as the standard codes of ACLED and UCDP GED, for the CSV export.

Time, from a date's precision:

==============  =====================  ===================
ours            ACLED time_precision   UCDP date_prec
==============  =====================  ===================
day             1 (the day)            1 (the exact day)
early/mid/late  2 (a few days)         4 (within 8-30 days)
month           3 (the month)          4 (the month)
year            3 (coarsest code)      5 (over 30 days, the year)
==============  =====================  ===================

Place, from a site's ``precision_km`` and kind:

================================  ====================  ==================
ours                              ACLED geo_precision   UCDP where_prec
================================  ====================  ==================
precision_km <= 5                 1 (the place)         1 (exact location)
precision_km <= 25                2 (near the place)    2 (within 25 km)
over 25 km                        3 (the region)        3 (district level)
kind ``region``                   3 (the region)        4 (province level)
no site (national or abroad)      empty                 6 (the country)
================================  ====================  ==================
"""

from __future__ import annotations

_ACLED_TIME = {"day": 1, "early-month": 2, "mid-month": 2, "late-month": 2, "month": 3, "year": 3}
_UCDP_DATE = {"day": 1, "early-month": 4, "mid-month": 4, "late-month": 4, "month": 4, "year": 5}


def acled_time_precision(precision: str | None) -> int | None:
    """ACLED's ``time_precision`` (1-3) for our date precision; None for no date."""
    return _ACLED_TIME.get(precision) if precision else None


def ucdp_date_prec(precision: str | None) -> int | None:
    """UCDP GED's ``date_prec`` (1-5) for our date precision; None for no date."""
    return _UCDP_DATE.get(precision) if precision else None


def acled_geo_precision(site) -> int | None:
    """ACLED's ``geo_precision`` (1-3) of a site; None when there is no site."""
    if site is None:
        return None
    if site.kind == "region" or site.precision_km > 25:
        return 3
    return 1 if site.precision_km <= 5 else 2


def ucdp_where_prec(site) -> int:
    """UCDP GED's ``where_prec`` (1-7) of a site; 6 (the country) when there is no site."""
    if site is None:
        return 6
    if site.kind == "region":
        return 4
    if site.precision_km > 25:
        return 3
    return 1 if site.precision_km <= 5 else 2
