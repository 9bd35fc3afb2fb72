"""Damaged Office files: a workbook or document whose XML is malformed or truncated, or whose
zip is broken, is bad input (one line, exit 2), whichever library finds the damage first and
whenever it does (openpyxl in read-only mode parses a sheet only when its rows are read)."""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from solver.errors import InputError


def _xml_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [ParseError, zipfile.BadZipFile, zlib.error, EOFError]
    try:
        from lxml.etree import XMLSyntaxError  # python-docx and openpyxl parse with lxml when it is there

        errors.append(XMLSyntaxError)
    except ImportError:
        pass
    try:
        from defusedxml import DefusedXmlException

        errors.append(DefusedXmlException)
    except ImportError:
        pass
    return tuple(errors)


def reason(exc: BaseException) -> str:
    """Why a file could not be read, in a few words."""
    if type(exc).__module__.startswith("defusedxml"):
        return "it declares XML entities, which orgwork never reads"
    return type(exc).__name__


def open_workbook(path: str | Path) -> Any:
    """A workbook opened for reading, formulas kept as written (never evaluated); a file that is
    missing or no readable workbook is InputError naming it."""
    from openpyxl import load_workbook

    name = str(path)
    try:
        return load_workbook(path, read_only=True, data_only=False)
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except (KeyError, OSError, ValueError, TypeError, *_xml_errors()) as exc:
        raise InputError(f"not an Excel workbook (.xlsx) that can be read ({reason(exc)})", file=name) from None


@contextlib.contextmanager
def damaged_as_input_error(file: str, kind: str) -> Iterator[None]:
    """Inside: a damaged file's errors become InputError naming the file; ``kind`` is what the
    file should be ('an Excel workbook (.xlsx)')."""
    try:
        yield
    except _xml_errors() as exc:
        raise InputError(f"damaged: not {kind} that can be read ({reason(exc)}); save it again", file=file) from None
