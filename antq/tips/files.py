"""What a tip's attachment may be, and how it is cleaned before it is stored.

* JPEG and PNG are recognised by their content (Pillow must decode them; the name and the browser's type are
  ignored), then **re-encoded from the pixels alone**: EXIF (camera, time, GPS position), XMP, IPTC, ICC
  profiles and PNG text chunks are all dropped, and anything hidden after the image data goes with them. The
  EXIF orientation is applied first, so a portrait photo stays upright.
* PDF is accepted as sent, checked by its first bytes. We do not rewrite PDFs: doing it safely needs a full
  PDF parser (a new dependency) and would alter a document that may itself be the evidence (a scanned paper,
  a signed file). The form says so before sending — a PDF keeps its properties (author, software, dates) —
  and suggests a photo instead when that matters. Officers get PDFs only as downloads, never shown inline.
"""

import io
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
# A decompression bomb is refused before decoding: no phone photo comes near this.
MAX_PIXELS = 50_000_000
ACCEPT = ".jpg,.jpeg,.png,.pdf"
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    extension: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]


class FileRefused(ValueError):
    """The message says why, in words for the sender."""


def _reencode(data: bytes) -> CleanFile:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("JPEG", "PNG"):
                raise FileRefused(_("Attach a photo (JPEG or PNG) or a PDF document."))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise FileRefused(_("The picture is too large (%(width)s × %(height)s pixels).") % {
                    "width": width, "height": height})
            fmt = image.format
            image = ImageOps.exif_transpose(image)
            if fmt == "JPEG":
                image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
            elif image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA")
            # A new image made from the pixels only: no info dictionary, no EXIF, no profile to carry over.
            clean = Image.frombytes(image.mode, image.size, image.tobytes())
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise FileRefused(_("This picture cannot be read; it may be damaged.")) from None
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=88, optimize=True)
        return CleanFile(out.getvalue(), "jpg")
    clean.save(out, "PNG", optimize=True)
    return CleanFile(out.getvalue(), "png")


def check_size(size: int) -> None:
    if not size:
        raise FileRefused(_("The file is empty."))
    if size > MAX_FILE_BYTES:
        raise FileRefused(_("The file is %(size)s; the largest file accepted is %(limit)s.") % {
            "size": filesizeformat(size), "limit": filesizeformat(MAX_FILE_BYTES)})


def clean_file(data: bytes) -> CleanFile:
    """The file to store for the uploaded bytes `data`; raises FileRefused with the reason otherwise."""
    check_size(len(data))
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise FileRefused(_("This PDF is incomplete or damaged."))
        return CleanFile(data, "pdf")
    if data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _reencode(data)
    raise FileRefused(_("Attach a photo (JPEG or PNG) or a PDF document."))
