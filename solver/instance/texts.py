"""Texts in every language of the session: each title, name and note must be given in each."""

from __future__ import annotations

from solver.errors import InputError
from solver.instance import fileformat
from solver.instance.types import Texts


class TextReader:
    """Reads the texts of a file whose session has the given languages."""

    def __init__(self, languages: list[str]) -> None:
        self.languages = languages

    def text(self, value: fileformat.Text | None, place: str, *, fallback: fileformat.Text | None = None) -> Texts:
        """The text in every language of the session; a missing one is an error at ``place``."""
        if value is None:
            if fallback is None:
                raise InputError("required but missing", place=place)
            return dict(fallback)
        missing = [lang for lang in self.languages if lang not in value]
        if missing:
            raise InputError(
                f"no text in {', '.join(missing)}; the session's languages are {', '.join(self.languages)}",
                place=place,
            )
        return dict(value)

    def optional(self, value: fileformat.Text | None, place: str) -> Texts | None:
        return self.text(value, place) if value is not None else None
