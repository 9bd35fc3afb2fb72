"""Errors a user can act on: bad input files, with the file and the place in it."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_LONG_RUN = re.compile(r"\S{401,}")


def _shortened(match: re.Match[str]) -> str:
    run = match.group()
    return f"{run[:160]}…[{len(run) - 200:,} characters]…{run[-40:]}"


MOST_SAID = 50  # mistakes said at once; more are counted


class InputError(Exception):
    """Bad input: one clear line naming the file, the place and what is wrong.

    ``place`` uses the planner-readable path of the value in the file, such as
    ``bodies[1].items[3].minutes``; it is empty when the whole file is at fault. ``also``: the
    file's other mistakes found with it, each said on a line of its own (``lines``).
    """

    def __init__(
        self, message: str, *, file: str = "", place: str = "", more: int = 0, also: tuple[InputError, ...] = ()
    ) -> None:
        self.message = message
        self.file = file
        self.place = place
        self.more = more
        self.also = also
        super().__init__(self.line())

    def lines(self) -> list[str]:
        """This mistake and the others found with it, a line each (at most ``MOST_SAID``)."""
        out = [self.line()] + [e.line() for e in self.also[: MOST_SAID - 1]]
        if len(self.also) >= MOST_SAID:
            out.append(f"... and {len(self.also) - MOST_SAID + 1} more mistakes")
        return out

    def line(self) -> str:
        where = ": ".join(part for part in (self.file, self.place) if part)
        text = f"{where}: {self.message}" if where else self.message
        if self.more:
            text += f" (and {self.more} more problem{'s' if self.more > 1 else ''})"
        # keys and values quoted from the file may hold line breaks or other control characters:
        # shown escaped, the message stays on one line
        text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
        # a huge value quoted whole would bury the message: long runs are shortened in the middle
        return _LONG_RUN.sub(_shortened, text)

    def in_file(self, file: str) -> InputError:
        """The same error, now naming the file it came from."""
        also = tuple(e.in_file(file) for e in self.also)
        return InputError(self.message, file=file, place=self.place, more=self.more, also=also)


def all_at_once(errors: list[InputError]) -> InputError:
    """One error standing for several mistakes: the first, with the others after it."""
    return InputError(errors[0].message, file=errors[0].file, place=errors[0].place, also=tuple(errors[1:]))


def place_of(loc: tuple[object, ...] | list[object]) -> str:
    """Turn a location tuple ('bodies', 1, 'items', 3, 'minutes') into 'bodies[1].items[3].minutes'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
