"""Every mistake in a session file at once, not one per run: the schema's reports come together
(``messages``); the mistakes found while resolving the session (a pin to a period the calendar
does not have, a body that does not exist ...) are gathered by setting each one's value aside and
resolving again, until none is left, the value set aside is one the session needs, or enough are
found (``MOST_SAID``) or a couple of seconds have gone."""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from solver.errors import MOST_SAID, InputError, all_at_once
from solver.instance.messages import FormatMistakes

T = TypeVar("T")
SECONDS = 2.0


def _set_aside(doc: Any, place: str) -> str | None:
    """Remove the value at ``place`` when it is a key of a mapping, or the whole list of plain
    values an entry at ``place`` belongs to (``after[1]``: the item's ``after``); an entry of a
    list of records is kept, as taking it out would shift the places of those after it. The
    place of what was removed, or None."""
    parts = re.findall(r"\[(\d+)\]|([^.\[\]]+)", place)
    nodes = [doc]
    for index, key in parts:
        try:
            nodes.append(nodes[-1][int(index)] if index else nodes[-1][key])
        except (KeyError, IndexError, TypeError):
            return None
    if parts and parts[-1][0] and not isinstance(nodes[-1], (dict, list)):
        parts, nodes = parts[:-1], nodes[:-1]  # a plain entry: its whole list
    if not parts or parts[-1][0] or not isinstance(nodes[-2], dict):
        return None
    del nodes[-2][parts[-1][1]]
    return "".join(f"[{i}]" if i else ("." if n else "") + k for n, (i, k) in enumerate(parts))


def related(a: str, b: str) -> bool:
    """One place is the other, or inside it."""
    return a == b or a.startswith((b + ".", b + "[")) or b.startswith((a + ".", a + "["))


def every_mistake(raw: Any, build: Callable[[Any], T]) -> T:
    """``build(raw)``, or InputError with every mistake found (the first, and the others after it)."""
    try:
        return build(raw)
    except FormatMistakes:  # the format's reports are all there
        raise
    except InputError as exc:
        if not exc.place:  # a whole-file mistake stands alone
            raise
        first = exc
    found = [first]
    doc = copy.deepcopy(raw)
    started = time.monotonic()
    aside: list[str] = []
    while len(found) <= MOST_SAID and time.monotonic() - started < SECONDS:
        removed = _set_aside(doc, found[-1].place)
        if removed is None:
            break
        aside.append(removed)
        try:
            build(doc)
            break
        except InputError as exc:
            if isinstance(exc, FormatMistakes) or not exc.place or any(related(exc.place, p) for p in aside):
                break  # what was set aside is needed: what follows from it is no mistake of the file's
            found.append(exc)
    raise all_at_once(found) from None
