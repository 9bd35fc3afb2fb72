"""Dates and meeting times as people type them, in any of the six languages: "3–6 p.m.",
"3-6 pm", "15:00–18:00", "下午3时至6时", "15 heures-18 heures", "10.00 a 13.00 horas",
"10 ч. 00 м. – 13 ч. 00 м.", a real Excel date, "Monday, 16 December", "12月16日，星期一"."""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from babel.dates import get_month_names

_LANGS = ["ar", "zh", "en", "fr", "ru", "es"]
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NOON = re.compile(r"(?:\b12(?:[:.]00)?\s*)?\b(?:noon|midday|midi|mediod[ií]a|полдень)\b|中午\s*12(?:[:.]00)?|中午", re.I)
_MIDNIGHT = re.compile(r"(?:\b12(?:[:.]00)?\s*)?\b(?:midnight|minuit|medianoche|полночь)\b|午夜\s*(?:12|0)?", re.I)
_TOKEN = re.compile(
    r"(?P<before>上午|下午|晚上|中午|凌晨)?\s*(?P<h>\d{1,2})(?:\s*[:.h]\s*(?P<m>\d{2}))?(?:[:.]\d{2})?\s*(?:heures?|horas?|hrs?|h)?\s*"
    r"(?P<after>a\.?\s*m\.?|p\.?\s*m\.?|午前|午後)?",
    re.I,
)
_MARKS = {"上午": "am", "凌晨": "am", "下午": "pm", "晚上": "pm", "中午": "pm", "午前": "am", "午後": "pm"}


def fold(text: str) -> str:
    """Lower case, no accents, full-width folded, spaces and punctuation dropped: for comparing labels."""
    text = unicodedata.normalize("NFKC", text).translate(_DIGITS).lower()
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return re.sub(r"[\s,.;:，。；：、()（）\-–—]", "", text)


def _tokens(text: str) -> list[list[Any]] | None:
    """The times a label names, in order: [hour, minute, mark] with mark 'am', 'pm' or ''
    (None when a number cannot be a time of day)."""
    t = unicodedata.normalize("NFKC", str(text)).translate(_DIGITS)
    t = re.sub(r"(\d{1,2})\s*ч\.?\s*(\d{2})\s*м\.?", r"\1:\2", t)  # 10 ч. 00 м.
    t = re.sub(r"(\d{1,2})\s*时\s*(\d{1,2})\s*分", lambda m: f"{m.group(1)}:{int(m.group(2)):02d}", t)
    t = re.sub(r"(\d{1,2})\s*时", r"\1", t)
    t = _NOON.sub(" 12:00 pm ", t)  # "12 noon", "noon", "中午12时": one time, twelve o'clock midday
    t = _MIDNIGHT.sub(" 0:00 ", t)
    tokens = []
    for match in _TOKEN.finditer(t):
        hour, minute = int(match.group("h")), int(match.group("m") or 0)
        if hour > 24 or minute > 59:
            return None
        mark = (match.group("before") or match.group("after") or "").lower().replace(" ", "").replace(".", "")
        tokens.append([hour, minute, _MARKS.get(mark, mark)])
    return tokens


def parse_times(text: str) -> tuple[int, int] | None:
    """A meeting period typed as text: (start, end) in minutes after midnight, or None."""
    tokens = _tokens(text)
    if not tokens or len(tokens) != 2:
        return None
    (h1, m1, a), (h2, m2, b) = tokens
    own = a
    a, b = a or b, b or a  # "3-6 p.m." (the mark once, at the end); "下午3时至6时" (once, at the start)
    start, end = _clock(h1, m1, a), _clock(h2, m2, b)
    if not own and start >= end:  # "11-1 p.m.": the start is still morning
        start = _clock(h1, m1, "am")
    return (start, end) if start < end else None


def parse_clock(value: Any) -> int | None:
    """One time of day, as a cell holds it: a real time (Excel's), or text such as "15:00",
    "15.00", "3 p.m.", "15 h", "下午3时"; minutes after midnight, or None."""
    if isinstance(value, datetime.datetime):
        value = value.time()
    if isinstance(value, datetime.time):
        return value.hour * 60 + value.minute
    tokens = _tokens(str(value))
    if not tokens or len(tokens) != 1:
        return None
    hour, minute, mark = tokens[0]
    if hour > 12 and mark:
        return None
    return _clock(hour, minute, mark) if hour < 24 else None


def _clock(hour: int, minute: int, mark: str) -> int:
    if mark == "pm" and hour < 12:
        hour += 12
    if mark == "am" and hour == 12:
        hour = 0
    return hour * 60 + minute


def parse_date(value: Any, days: list[str], labels: dict[str, str]) -> str | None:
    """A session day from a cell: a real date, ISO text, or a date label in any language (with or
    without the year, spaces and punctuation as typed). ``labels``: folded label -> day."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat() if value.isoformat() in days else None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text if text in days else None
    folded = fold(text)
    if folded in labels:
        return labels[folded]
    return _by_day_and_month(text, days)


def _by_day_and_month(text: str, days: list[str]) -> str | None:
    """The session day whose day of the month and month the text names (unique), any language."""
    t = unicodedata.normalize("NFKC", text).translate(_DIGITS).lower()
    month = None
    match = re.search(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日", t)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
    else:
        for lang in _LANGS:
            for width in ("wide", "abbreviated"):
                for number, name in get_month_names(width, locale=lang).items():
                    if name.lower().strip(".") in t:
                        month = number
        numbers = [int(n) for n in re.findall(r"\b(\d{1,2})\b", t)]
        day = numbers[0] if numbers else None
    if month is None or day is None:
        return None
    found = [d for d in days if int(d[5:7]) == month and int(d[8:10]) == day]
    return found[0] if len(found) == 1 else None
