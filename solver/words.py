"""The annex's words in each language: a message catalogue (``solver/locales/<lang>.yaml``)
for UN-style headers, dates and meeting times, and CLDR (through Babel) for the names of
weekdays and months. Adding a language is adding a catalogue file."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from solver.files.yamlfile import read_yaml

LOCALES = Path(__file__).resolve().parent / "locales"
_LATIN_LETTER = re.compile(r"\(([a-z])\)")


def available_languages() -> tuple[str, ...]:
    """The languages with a catalogue, read once (the names a planner reads ask for them often)."""
    return _catalogues()


@cache
def _catalogues() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in LOCALES.glob("*.yaml")))


@dataclass(frozen=True)
class Words:
    """One language's catalogue, with the formatting it describes."""

    lang: str
    data: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def header(self, key: str) -> str:
        return self.data["headers"][key]

    def date(self, iso: str, *, year: bool = True) -> str:
        """'2019-12-16' -> 'Monday, 16 December 2019' / '2019年12月16日，星期一'."""
        from babel.dates import get_day_names, get_month_names  # here: a command that prints no date loads no Babel

        day = datetime.date.fromisoformat(iso)
        pattern = self.data["date" if year else "date_without_year"]
        months = self.data.get("months") or get_month_names("wide", context="format", locale=self.lang)
        label = pattern.format(
            weekday=get_day_names("wide", locale=self.lang)[day.weekday()],
            day=day.day,
            month=months[day.month - 1] if isinstance(months, list) else months[day.month],
            month_number=day.month,
            year=day.year,
        )
        return label[:1].upper() + label[1:] if self.data.get("capitalize") else label

    @property
    def right_to_left(self) -> bool:
        return self.data.get("direction") == "rtl"

    @property
    def font(self) -> str:
        """The face the annex is set in for this language (the UN's: Times New Roman, SimSun ...)."""
        return self.data.get("font", "Times New Roman")

    @property
    def tag(self) -> str:
        """The language of the text, for documents that record it: en-GB, zh-CN ..."""
        return self.data.get("tag", self.lang)

    @property
    def east_asian(self) -> bool:
        return self.lang in ("zh", "ja", "ko")

    def period_label(self, start: int, end: int, later: int = 0, held: str | None = None) -> str:
        """A meeting period as the annex prints it: its times; for a period that may run later, so
        ('2.30–5.30 p.m. or later if required'); how it is held, where the session says so
        ('10 a.m.–12 noon (hybrid)')."""
        label = self.period(start, end) + (self.data.get("later", "") if later else "")
        if held:
            word = self.data.get("formats", {}).get(held, held)
            label += f"（{word}）" if self.east_asian else f" ({word})"
        return label

    def number(self, number: str) -> str:
        """An agenda item's number as this language prints it: sub-item letters in its own
        letters and order ('2(a)' -> '2 (أ)' in Arabic, abjad order); unchanged elsewhere."""
        letters = self.data.get("subitem_letters")
        if not letters:
            return number

        def arabic(match: re.Match[str]) -> str:
            at = ord(match.group(1)) - ord("a")
            return f" ({letters[at]})" if match.start() else f"({letters[at]})"

        return _LATIN_LETTER.sub(arabic, number).strip()

    def latin_number(self, text: str) -> str:
        """The number as the instance writes it, from this language's printing ('2 (أ)' -> '2(a)')."""
        letters = self.data.get("subitem_letters")
        if not letters:
            return text
        back = {letter.replace("ـ", ""): chr(ord("a") + i) for i, letter in enumerate(letters)}

        def latin(match: re.Match[str]) -> str:
            found = back.get(match.group(1).replace("ـ", "").strip())
            return f"({found})" if found else match.group(0)

        return re.sub(r"\s*\(([^()]{1,3})\)", latin, text)

    def period(self, start: int, end: int) -> str:
        """A meeting period, e.g. 600, 780 -> '10 a.m.–1 p.m.' / '上午10时至下午1时'."""
        clock = self.data["clock"]
        (a_text, a_mark), (b_text, b_mark) = self._time(start), self._time(end)
        shared = a_mark == b_mark and a_mark and clock["shared_marker"] != "none"
        start_text = self._marked(a_text, "" if shared and clock["shared_marker"] == "end" else a_mark)
        end_text = self._marked(b_text, "" if shared and clock["shared_marker"] == "start" else b_mark)
        return clock["range"].format(start=start_text, end=end_text)

    def _time(self, minutes: int) -> tuple[str, str]:
        clock = self.data["clock"]
        hour, minute = divmod(minutes, 60)
        markers = clock.get("markers") or {}
        mark = ""
        if markers:
            mark = markers["morning"] if hour < 12 else markers["afternoon"]
            if hour == 12 and minute == 0:
                mark = markers.get("noon", mark)
        shown = hour
        if clock["twelve_hour"]:
            shown = hour % 12 or 12
        text = (clock["hour"] if minute == 0 else clock["hour_minutes"]).format(h=shown, m=minute, mm=f"{minute:02d}")
        return text, mark

    def _marked(self, text: str, mark: str) -> str:
        if not mark or not text:
            return text or mark
        sep = self.data["clock"]["marker_separator"]
        return f"{mark}{sep}{text}" if self.data["clock"]["marker_side"] == "before" else f"{text}{sep}{mark}"


@cache
def words(lang: str) -> Words:
    path = LOCALES / f"{lang}.yaml"
    if not path.exists():
        raise KeyError(lang)
    return Words(lang, read_yaml(path))
