"""An instance document (the parsed YAML) laid out as the workbook's tables: for each sheet, its
rows (header -> value). ``sheets_read`` reads them back."""

from __future__ import annotations

from typing import Any

from solver.instance.sheets import cell_value
from solver.instance.sheets_settings import SETTINGS

Table = list[dict[str, Any]]


def _get(doc: dict[str, Any], path: str) -> Any:
    node: Any = doc
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _texts(row: dict[str, Any], header: str, value: Any, languages: list[str]) -> None:
    for lang in languages:
        row[f"{header} [{lang}]"] = (value or {}).get(lang)


def to_tables(doc: dict[str, Any]) -> dict[str, Table]:
    """Every sheet's rows for the document."""
    langs = list(doc.get("session", {}).get("languages") or ["en"])
    settings: dict[str, Table] = {"Session": [], "Resources": []}
    for sheet, path, kind, _ in SETTINGS:
        value = _get(doc, path)
        if kind == "texts":
            for lang in langs:
                settings[sheet].append({"setting": f"{path} [{lang}]", "value": (value or {}).get(lang)})
        elif not isinstance(value, dict):  # a per-date map goes to the Calendar sheet
            settings[sheet].append({"setting": path, "value": cell_value(value, kind)})
    cal = doc.get("calendar", {})
    res = doc.get("resources", {})
    tables: dict[str, Table] = {**settings, "Calendar": [], "Periods": []}
    for pid, p in (cal.get("periods") or {}).items():
        tables["Periods"].append(_period_row(None, pid, p))
    for day in cal.get("days", []):
        date = day if isinstance(day, str) else day["date"]
        periods = None if isinstance(day, str) else day.get("periods")
        caps = [
            (res.get(key) or {}).get(date) if isinstance(res.get(key), dict) else None for key in ("per_day", "per_day_hours")
        ]
        listed = cell_value(periods, "list") if isinstance(periods, list) else None
        tables["Calendar"].append(
            {"date": date, "periods": listed, "interpreted meetings": caps[0], "interpreted hours": caps[1]}
        )
        for pid, p in (periods or {}).items() if isinstance(periods, dict) else ():
            tables["Periods"].append(_period_row(date, pid, p))
    tables["Tracks"] = [_row({"id": t["id"]}, {"name": t.get("name")}, langs) for t in doc.get("tracks", [])]
    tables["Bodies"], tables["Items"], tables["Parts"], tables["Together"] = [], [], [], []
    for body in doc.get("bodies", []):
        tables["Bodies"].append(_body_row(body, langs))
        for item in body.get("items", []):
            _item_rows(tables, body["id"], item, None, langs)
        for group in body.get("together", []):
            tables["Together"].append({"body": body["id"], "items": cell_value(group, "list")})
    tables["Joint"] = [
        _row(
            {"id": j.get("id"), "items": cell_value(j["items"], "list"), "minutes": j.get("minutes")},
            {"note": j.get("note")},
            langs,
        )
        for j in doc.get("joint", [])
    ]
    tables["Shared"] = [
        _row(
            {"id": s["id"], "bodies": cell_value(s["bodies"], "list"), "capacity": s.get("capacity")},
            {"name": s.get("name")},
            langs,
        )
        for s in res.get("shared", [])
    ]
    return tables


def _row(plain: dict[str, Any], texts: dict[str, Any], langs: list[str]) -> dict[str, Any]:
    row = dict(plain)
    for header, value in texts.items():
        _texts(row, header, value, langs)
    return row


def _period_row(date: str | None, pid: str, p: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": date,
        "id": pid,
        "start": p["start"],
        "end": p["end"],
        "bodies": cell_value(p.get("bodies"), "list"),
        "interpretation": cell_value(p.get("interpretation"), "bool"),
        "later": p.get("later"),
        "format": p.get("format"),
    }


def _body_row(body: dict[str, Any], langs: list[str]) -> dict[str, Any]:
    window = body.get("window") or {}
    plain = {
        "id": body["id"],
        "track": body.get("track"),
        "interpreted": cell_value(body.get("interpreted"), "bool"),
        "first": window.get("first"),
        "last": window.get("last"),
        "days": cell_value(body.get("days"), "list"),
        "periods": cell_value(body.get("periods"), "list"),
        "order": body.get("order"),
        "sequence": cell_value(body.get("sequence"), "list"),
        "after": cell_value(body.get("after"), "list"),
        "follows": body.get("follows"),
        "meetings": body.get("meetings"),
        "priority": body.get("priority"),
        "protected": cell_value(body.get("protected"), "bool"),
    }
    return _row(plain, {"name": body.get("name"), "short name": body.get("short_name")}, langs)


def _item_rows(tables: dict[str, Table], body: str, item: dict[str, Any], heading: str | None, langs: list[str]) -> None:
    plain = {
        "body": body,
        "number": str(item["number"]),
        "heading": heading,
        "minutes": item.get("minutes"),
        "speakers": cell_value(item.get("speakers"), "speakers"),
        "meetings": item.get("meetings"),
        "split": cell_value(item.get("split"), "bool"),
        "pin": item.get("pin"),
        "earliest": item.get("earliest"),
        "latest": item.get("latest"),
        "after": cell_value(item.get("after"), "list"),
        "priority": item.get("priority"),
        "protected": cell_value(item.get("protected"), "bool"),
        "cut": item.get("cut"),
        "segment": cell_value(item.get("segment"), "bool"),
        "format": item.get("format"),
        "suspends": cell_value(item.get("suspends"), "list"),
    }
    tables["Items"].append(
        _row(plain, {"title": item.get("title"), "short title": item.get("short_title"), "note": item.get("note")}, langs)
    )
    for part in item.get("resumed", []):
        tables["Parts"].append(
            {
                "body": body,
                "item": str(item["number"]),
                **{k: part.get(k) for k in ("after", "minutes", "on", "pin", "earliest", "latest")},
            }
        )
    for sub in item.get("items", []):
        _item_rows(tables, body, sub, str(item["number"]), langs)
