"""The annex as PDF: the Word document, set by LibreOffice (``soffice``, headless) where it is
installed. On systems with fontconfig (Linux), the UN's faces that are missing are mapped to free
ones with the same shapes (``fonts/fonts.conf``: SimSun to Noto Serif CJK, Simplified Arabic to
Amiri; Times New Roman's metrics are Liberation Serif's)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from solver.errors import InputError
from solver.files.atomic import write_atomic

FONTS = Path(__file__).resolve().parent / "fonts" / "fonts.conf"
TIMEOUT = 180  # seconds; LibreOffice's first start makes its profile


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def check_pdf_possible(path: str | Path) -> None:
    """Refuse, before any work, a PDF that cannot be made here."""
    if libreoffice() is None:
        raise InputError(
            "a PDF is made with LibreOffice, which is not installed here; write the annex as .docx and "
            "print it to PDF, or install LibreOffice (soffice)",
            file=str(path),
        )


def convert_to_pdf(document: Path, folder: Path) -> Path:
    """The PDF LibreOffice makes of ``document`` in ``folder`` (InputError when it cannot)."""
    soffice = libreoffice()
    if soffice is None:
        raise InputError("LibreOffice (soffice) is not installed", file=str(document))
    env = dict(os.environ)
    if "FONTCONFIG_FILE" not in env:
        env["FONTCONFIG_FILE"] = str(FONTS)
    command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", "pdf"]
    try:
        subprocess.run(
            [*command, "--outdir", str(folder), str(document)], check=True, capture_output=True, timeout=TIMEOUT, env=env
        )
    except subprocess.TimeoutExpired:
        raise InputError(f"LibreOffice took more than {TIMEOUT} s to make the PDF", file=str(document)) from None
    except (subprocess.SubprocessError, OSError) as exc:
        raise InputError(f"LibreOffice could not make the PDF ({type(exc).__name__})", file=str(document)) from None
    pdf = folder / f"{document.stem}.pdf"
    if not pdf.is_file():
        raise InputError("LibreOffice made no PDF of it", file=str(document))
    return pdf


def write_pdf(path: str | Path, write_document: Callable[[Path], None]) -> None:
    """Write the annex as PDF at ``path`` (atomically): ``write_document`` writes the Word
    document LibreOffice sets."""
    with tempfile.TemporaryDirectory(prefix="orgwork-pdf-") as folder:
        document = Path(folder) / f"{Path(path).stem}.docx"
        write_document(document)
        data = convert_to_pdf(document, Path(folder)).read_bytes()
    write_atomic(path, lambda tmp: tmp.write_bytes(data))
