"""The session's time zone: the one the file gives (``session.timezone``, an IANA name such as
Europe/Vienna), or the venue's, found from the place's name (any of its languages): a city the
time zone database names (Vienna, Nairobi, New York), or a duty station that shares a city's zone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from solver.errors import InputError

# venues whose zone the database names after another city
VENUES = {
    "geneva": "Europe/Zurich",
    "geneve": "Europe/Zurich",
    "genf": "Europe/Zurich",
    "abu dhabi": "Asia/Dubai",
    "bonn": "Europe/Berlin",
    "montreal": "America/Toronto",
    "the hague": "Europe/Amsterdam",
    "la haye": "Europe/Amsterdam",
    "washington": "America/New_York",
    "sharm el-sheikh": "Africa/Cairo",
    "marrakech": "Africa/Casablanca",
    "marrakesh": "Africa/Casablanca",
    "katowice": "Europe/Warsaw",
    "glasgow": "Europe/London",
    "kyoto": "Asia/Tokyo",
    "osaka": "Asia/Tokyo",
    "durban": "Africa/Johannesburg",
    "cape town": "Africa/Johannesburg",
    "incheon": "Asia/Seoul",
    "rio de janeiro": "America/Sao_Paulo",
    "brasilia": "America/Sao_Paulo",
    "cancun": "America/Cancun",
    "cartagena": "America/Bogota",
    "merida": "America/Merida",
    "arusha": "Africa/Dar_es_Salaam",
    "addis ababa": "Africa/Addis_Ababa",
    "new york": "America/New_York",
}


def _plain(text: str) -> str:
    text = "".join(ch for ch in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(ch) != "Mn")
    return re.sub(r"[\s_]+", " ", text).strip()


@cache
def _cities() -> dict[str, str]:
    """City -> zone, from the zone database's names (America/New_York -> new york)."""
    import zoneinfo

    out = {}
    for zone in sorted(zoneinfo.available_timezones()):
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/")):
            out.setdefault(_plain(zone.rsplit("/", 1)[1]), zone)
    return out | VENUES


def check_zone(name: str, place: str = "session.timezone") -> str:
    """``name`` if it is a time zone of the database, else one line saying what would be right."""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"'{name}' is not a time zone; write it as the time zone database names it, e.g. Europe/Vienna or America/New_York",
            place=place,
        ) from None
    return name


def zone_of_place(place: dict[str, str] | None) -> str | None:
    """The venue's time zone, from the place's name in any language (None when unknown)."""
    for text in (place or {}).values():
        for part in re.split(r"[,;/(]", text):
            found = _cities().get(_plain(part))
            if found:
                return found
    return None
