"""Word → PDF with LibreOffice, so the PDF is the same document as the .docx, page for page."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _


class ConversionError(RuntimeError):
    pass


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(content: bytes, *, timeout: int = 180) -> bytes:
    soffice = soffice_path()
    if soffice is None:
        raise ConversionError(_("LibreOffice is not installed on the server: only the .docx can be made."))
    with tempfile.TemporaryDirectory(prefix="antq-pdf-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(content)
        # Each run gets its own profile: two conversions at once must not share (and lock) one.
        profile = (work / "profile").as_uri()
        result = subprocess.run(  # noqa: S603 — fixed program and arguments; the paths are our own temp files
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
             "--convert-to", "pdf", "--outdir", str(work), str(source)],
            capture_output=True, timeout=timeout, check=False,
        )
        target = work / "report.pdf"
        if result.returncode != 0 or not target.exists():
            raise ConversionError(result.stderr.decode(errors="replace")[-500:] or _("LibreOffice made no PDF."))
        return target.read_bytes()
