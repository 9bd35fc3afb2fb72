"""Files in and out: reading user files with clear errors, writing outputs atomically
(the new file appears whole, or the old one stays)."""

from __future__ import annotations

import contextlib
import datetime
import glob
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from solver.errors import InputError

MAX_BYTES = 5_000_000  # instances and schedules are kilobytes; far larger files are mistakes


def read_utf8(path: str | Path, *, what: str = "a file") -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped), or InputError naming the file."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = handle.read(MAX_BYTES + 1)  # no more: a device such as /dev/zero never ends
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not {what}", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=name) from None
    if len(raw) > MAX_BYTES:
        shown = f"{size:,} bytes" if size > MAX_BYTES else f"more than {MAX_BYTES:,} bytes"
        raise InputError(f"the file is {shown}; {what} is at most {MAX_BYTES:,}", file=name)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", file=name) from None


def check_writable(target: str | Path) -> None:
    """Refuse, before any work is done, an output that cannot be written: a folder, a folder that
    does not exist, or one this user may not write in; or a file open in a spreadsheet or word
    processor (its lock file beside it), which would write its own copy back over the new one."""
    target = Path(target)
    name = str(target)
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError("is a folder; give a file name, such as annex.xlsx", file=name)
    if not directory.is_dir():
        raise InputError(f"the folder '{directory}' does not exist", file=name)
    if not os.access(directory, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InputError("cannot be written here (no permission, or a read-only disk)", file=name)
    lock = lock_file(target)
    if lock is not None:
        raise InputError(
            f"is open in another program ({lock.name} is beside it): close it there and run again, or give another "
            f"name (a lock file left by a program that stopped can be deleted)",
            file=name,
        )


def lock_file(target: Path) -> Path | None:
    """The lock file beside ``target`` when a program has it open: LibreOffice's ``.~lock.NAME#``,
    or Microsoft Office's ``~$NAME`` (Word drops the first letter of a name of seven letters,
    the first two of a longer one). None when there is none, or no file to be open."""
    if not target.is_file():
        return None
    names = [f".~lock.{target.name}#", f"~${target.name}"]
    if len(target.stem) >= 7:
        names.append(f"~${target.name[1 if len(target.stem) == 7 else 2 :]}")
    return next((target.with_name(n) for n in names if target.with_name(n).exists()), None)


def not_an_input(target: str | Path, *, unless: str = "", **inputs: str | Path | None) -> None:
    """Refuse an output that is one of the command's own files (``session=...``, ``baseline=...``):
    writing the annex over the session workbook it was planned from would lose the session.
    ``unless``: the option that allows it, named in the message."""
    target = Path(target)
    if not target.exists():
        return
    for what, source in inputs.items():
        if source is not None and Path(source).exists() and os.path.samefile(target, source):
            other = target.with_name(f"{target.stem}-{'annex' if what != 'source' else 'copy'}{target.suffix}")
            raise InputError(
                f"is the {what} this command reads; writing there would replace it: give another name, such as {other.name}"
                + (f", or {unless}" if unless else ""),
                file=str(target),
            )


def _leftovers(target: Path, directory: Path) -> None:
    """Remove the temporary files a killed run left for this target (``.NAME.XXXX.part``)."""
    for old in directory.glob(f".{glob.escape(target.name)}.*.part"):
        with contextlib.suppress(OSError):
            old.unlink()


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one step,
    readable as an ordinary new file is (the user's umask), never half written. A failure to
    write (a full disk, a read-only folder) is InputError naming the file."""
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    check_writable(target)
    _leftovers(target, directory)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot be written ({exc.strerror})", file=str(target)) from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    except OSError as exc:
        raise InputError(f"cannot be written ({exc.strerror or exc}); the previous file is kept", file=str(target)) from None
    finally:
        tmp_path.unlink(missing_ok=True)


def _umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux)."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        status = Path("/proc/self/status").read_text(encoding="ascii")
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Umask:")), 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(target: str | Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer(tmp_path)`` and move the result over ``target`` only if it succeeded."""
    with atomic_path(target) as tmp:
        writer(tmp)


def write_text_atomic(target: str | Path, text: str) -> None:
    write_atomic(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_office(target: str | Path, save: Callable[[BinaryIO], None]) -> None:
    """Write an Office file (.xlsx, .docx) atomically; ``save(stream)`` writes the library's zip.
    The zip is made in memory (an annex is a few megabytes) and reaches the disk in one write:
    a full disk fails that write, one line, and never leaves the library's zip half written and
    open, to fail again when it is collected ("Exception ignored in ZipFile.__del__"). With
    ``SOURCE_DATE_EPOCH`` set (the reproducible-builds convention) the same content gives the
    same bytes: the zip entries' times and the document's created / modified stamps are that
    moment, not the clock."""

    def writer(tmp: Path) -> None:
        made = io.BytesIO()
        save(made)
        data = made.getvalue()
        moment = source_date()
        tmp.write_bytes(data if moment is None else _settle_zip(data, moment))

    write_atomic(target, writer)


_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def source_date() -> datetime.datetime | None:
    """The moment ``SOURCE_DATE_EPOCH`` names (UTC), or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC) if epoch.isdigit() else None


def _settle_zip(data: bytes, moment: datetime.datetime) -> bytes:
    moment = max(moment, datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC))  # zip times start in 1980
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as settled:
        for name, content in entries:
            if name == "docProps/core.xml":
                content = _STAMP.sub(lambda m: m.group(1) + stamp + m.group(2), content)
            info = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            settled.writestr(info, content)
    return out.getvalue()
