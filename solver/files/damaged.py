"""Damaged and hostile Office files: a workbook or document whose XML is malformed or truncated,
whose zip is broken, that is no zip at all (a text file named .docx), or that unpacks to far more
than it weighs (a zip bomb), is bad input (one line, exit 2), whichever library finds the damage
first and whenever it does (openpyxl in read-only mode parses a sheet only when its rows are read);
a zip bomb is refused from the zip's table of contents, before anything is unpacked."""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from solver.errors import InputError

MAX_UNPACKED = 100_000_000  # bytes all members unpack to: an annex of 10,000 items, as .docx, is about 25 MB
MAX_RATIO = 200  # a member of more than a megabyte packed tighter than this is a bomb (Office XML: 5 to 75)
MAX_MEMBERS = 10_000  # an Office file has a few dozen parts


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


def bounded_zip(path: str | Path, kind: str) -> None:
    """Refuse, from the zip's table of contents alone, an Office file that is no zip, has
    thousands of parts, unpacks to more than ``MAX_UNPACKED`` bytes, or has a part packed
    more tightly than ``MAX_RATIO`` to 1. The sizes the table declares bind: Python's zip
    reader, which openpyxl and python-docx use, stops at a part's declared size. A file
    that cannot be opened is left to the reader, which names why."""
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            opendocument = _opendocument(archive)
    except zipfile.BadZipFile:
        suffix = Path(path).suffix.lower() or "an Office file"
        content = _content(path)
        if content == "a zip":  # begun as one, but cut short or broken
            raise InputError(f"damaged: not {kind} that can be read (a broken zip); save it again", file=name) from None
        raise InputError(
            f"not {kind}: the file is {content}, not the zip every {suffix} is; save it again as {suffix}", file=name
        ) from None
    except (OSError, ValueError, EOFError, zlib.error):
        return
    if opendocument:
        suffix = Path(path).suffix.lower()
        raise InputError(
            f"not {kind}: it is an OpenDocument {opendocument} named {suffix}; save it as {suffix} in LibreOffice", file=name
        )
    if len(parts) > MAX_MEMBERS:
        raise InputError(f"not {kind} that can be read: it has {len(parts):,} parts; at most {MAX_MEMBERS:,}", file=name)
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED:
        raise InputError(
            f"not {kind} that can be read: it unpacks to {unpacked:,} bytes; at most {MAX_UNPACKED:,} are read", file=name
        )
    for part in parts:
        if part.file_size > 1_000_000 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise InputError(
                f"not {kind} that can be read: its part {part.filename!r} unpacks to {part.file_size:,} bytes from "
                f"{part.compress_size:,}, more than {MAX_RATIO} times (a zip bomb?)",
                file=name,
            )


def _opendocument(archive: zipfile.ZipFile) -> str:
    """The kind of an OpenDocument file (LibreOffice's own: .ods, .odt), by its first part; '' for any other zip."""
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return ""
    if info.file_size > 100:
        return ""
    kind = archive.read(info).decode("ascii", "replace")
    if kind.startswith("application/vnd.oasis.opendocument."):
        return {"spreadsheet": "spreadsheet (.ods)", "text": "text (.odt)"}.get(kind.rsplit(".", 1)[-1], "file")
    return ""


def _content(path: str | Path) -> str:
    """What a file that is no zip seems to hold, in a few words."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return "unreadable"
    if not head:
        return "empty"
    for magic, what in (
        (b"PK", "a zip"),
        (b"\xd0\xcf\x11\xe0", "an old Office file (.xls, .doc)"),
        (b"%PDF", "a PDF"),
        (b"{\\rtf", "RTF text"),
    ):
        if head.startswith(magic):
            return what
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not a character cut at the end of what was read
            return "not text, and of no kind orgwork reads"
    return "text"


def open_workbook(path: str | Path) -> Any:
    """A workbook opened for reading, formulas kept as written (never evaluated); a file that is
    missing or no readable workbook is InputError naming it."""
    from openpyxl import load_workbook

    name = str(path)
    kind = "an Excel workbook (.xlsx)"
    bounded_zip(path, kind)
    try:
        return load_workbook(path, read_only=True, data_only=False)
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except IsADirectoryError:
        raise InputError(f"is a folder, not {kind}", file=name) from None
    except InputError:
        raise
    except Exception as exc:  # whatever the library raises on a file it cannot read
        raise InputError(f"not {kind} that can be read ({reason(exc)})", file=name) from None


@contextlib.contextmanager
def damaged_as_input_error(file: str, kind: str) -> Iterator[None]:
    """Inside: a damaged file's errors become InputError naming the file; ``kind`` is what the
    file should be ('an Excel workbook (.xlsx)'). The file is first checked to be a zip that
    unpacks to a bounded size (``bounded_zip``). A missing file or a folder is left to the
    caller to name; any other error of the library reading it is one line."""
    bounded_zip(file, kind)
    try:
        yield
    except (InputError, FileNotFoundError, IsADirectoryError):
        raise
    except OSError as exc:  # the disk, or the file changed while it was read
        raise InputError(f"cannot be read ({exc.strerror or reason(exc)})", file=file) from None
    except _xml_errors() as exc:
        raise InputError(f"damaged: not {kind} that can be read ({reason(exc)}); save it again", file=file) from None
    except Exception as exc:  # whatever the library raises on a file it cannot read
        raise InputError(f"not {kind} that can be read ({reason(exc)})", file=file) from None
