"""What an evidence file may be: PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx), up to a size limit.

The extension decides the format, and the first bytes must agree with it (a renamed executable or an old
.doc is refused). Checked by `services.incident_evidence_add`, the one way a file is stored.
"""

import posixpath
import zipfile
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ACCEPT = ",".join(f".{ext}" for ext in CONTENT_TYPES)
MAGIC = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
# The part every genuine Office Open XML file of the kind contains.
OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def max_bytes() -> int:
    return getattr(settings, "ANTQ_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)


def extension_of(name: str) -> str:
    return posixpath.splitext(name)[1].lower().lstrip(".")


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(extension_of(name), "application/octet-stream")


def file_problem(name: str, size: int, stream: IO[bytes]) -> str | None:
    """A message saying why the file cannot be kept as evidence, or None when it can. Rewinds `stream`."""
    limit = max_bytes()
    if size > limit:
        return _("The file is %(size)s; the largest file accepted is %(limit)s.") % {
            "size": filesizeformat(size), "limit": filesizeformat(limit)}
    if size == 0:
        return _("The file is empty.")
    extension = extension_of(name)
    if extension not in CONTENT_TYPES:
        return _("Upload a PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) file.")
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if not head.startswith(MAGIC[extension]):
        return _("The content of this file does not match its extension (.%(extension)s).") % {
            "extension": extension}
    if extension in OOXML_PART:
        try:
            with zipfile.ZipFile(stream) as archive:
                genuine = OOXML_PART[extension] in archive.namelist()
        except zipfile.BadZipFile:
            genuine = False
        finally:
            stream.seek(0)
        if not genuine:
            return _("The content of this file does not match its extension (.%(extension)s).") % {
                "extension": extension}
    return None
