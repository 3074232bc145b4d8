"""What the dossier of a case must hold, what may be filed when, and what a filed file may be.

Pure functions of the case's state and the uploaded bytes: the services enforce them, the case page
shows them, and the workflow asks `dossier_missing_kinds` before a case is submitted. This module
imports nothing from the workflow, so the workflow may import it.

When a kind of paper may be filed (and removed again), by whom:

* registration papers (Party resolution, plan, registration form) and evidence for the answers: by
  the unit's data-entry side while it still prepares its case (registered, self-assessed — a case
  returned for correction is self-assessed again);
* the signed dossier (submission, results report, meeting minutes): by the same people at the same
  steps, that is before and up to submission; afterwards the dossier is what the appraiser reads;
* the signed decision: by the competent level, once the case is appraised or decided — the one
  paper filed on a locked case, as it records the decision that locked it.

A file is a scan or a photo of a signed paper: PDF, JPEG or PNG, at most 20 MB. Its type is read
from its first bytes; the extension must agree, so a renamed file is refused.
"""

import posixpath
from collections.abc import Iterable
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from antq.recognition.models import CaseDocumentKind, CaseStatus, RecognitionCase

# The signed papers a case is submitted with (TT 124/2021 art. 9 khoản 1: tờ trình, báo cáo kết quả, biên bản).
SUBMISSION_KINDS: tuple[str, ...] = (
    CaseDocumentKind.SUBMISSION, CaseDocumentKind.RESULTS_REPORT, CaseDocumentKind.MINUTES,
)
REGISTRATION_KINDS: tuple[str, ...] = (
    CaseDocumentKind.PARTY_RESOLUTION, CaseDocumentKind.PLAN, CaseDocumentKind.REGISTRATION,
)
UNIT_SIDE_KINDS: tuple[str, ...] = (*REGISTRATION_KINDS, CaseDocumentKind.EVIDENCE, *SUBMISSION_KINDS)
REVIEWER_KINDS: tuple[str, ...] = (CaseDocumentKind.DECISION,)

# The steps at which each side files its papers.
UNIT_SIDE_STATUSES: tuple[str, ...] = (CaseStatus.REGISTERED, CaseStatus.SELF_ASSESSED)
REVIEWER_STATUSES: tuple[str, ...] = (CaseStatus.APPRAISED, CaseStatus.DECIDED)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Extension → (content type, the first bytes of such a file).
FORMATS: dict[str, tuple[str, bytes]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
}
ACCEPT = ",".join(f".{ext}" for ext in FORMATS) + ",application/pdf,image/jpeg,image/png"


def missing_kinds(present: Iterable[str]) -> list[str]:
    """The signed dossier papers not among `present` (kinds of the filed documents), in dossier order."""
    have = set(present)
    return [kind for kind in SUBMISSION_KINDS if kind not in have]


def dossier_missing_kinds(case: RecognitionCase) -> list[str]:
    """Which signed scans of the dossier (submission, results report, minutes) `case` still lacks.

    Empty when the case may be submitted as far as its papers go. One query.
    """
    present = case.documents.filter(kind__in=SUBMISSION_KINDS).values_list("kind", flat=True).distinct()
    return missing_kinds(present)


def side_for_kind(kind: str) -> str:
    """"unit" for the papers the unit files, "reviewer" for those the competent level files."""
    if kind in REVIEWER_KINDS:
        return "reviewer"
    if kind in UNIT_SIDE_KINDS:
        return "unit"
    raise ValueError(kind)


def kind_open(kind: str, status: str) -> bool:
    """Whether a paper of `kind` may be filed or removed while the case is at `status`."""
    statuses = REVIEWER_STATUSES if side_for_kind(kind) == "reviewer" else UNIT_SIDE_STATUSES
    return status in statuses


def may_file(kind: str, status: str, *, enters: bool, reviews: bool) -> bool:
    """Whether a paper of `kind` may be filed or removed at `status` by someone who enters data for the
    unit (`enters`) and/or is its competent level (`reviews`)."""
    if kind not in CaseDocumentKind.values or not kind_open(kind, status):
        return False
    return reviews if side_for_kind(kind) == "reviewer" else enters


def max_bytes() -> int:
    return getattr(settings, "ANTQ_DOSSIER_MAX_BYTES", DEFAULT_MAX_BYTES)


def extension_of(name: str) -> str:
    return posixpath.splitext(name)[1].lower().lstrip(".")


def content_type_of(name: str) -> str:
    return FORMATS.get(extension_of(name), ("application/octet-stream", b""))[0]


def sniff(head: bytes) -> str | None:
    """The extension the content of a file shows (pdf, jpg, png), or None."""
    for extension in ("pdf", "jpg", "png"):
        if head.startswith(FORMATS[extension][1]):
            return extension
    return None


def file_problem(name: str, size: int, stream: IO[bytes]) -> str | None:
    """Why the file cannot be filed in a dossier, or None when it can. Leaves `stream` rewound."""
    limit = max_bytes()
    if size > limit:
        return _("The file is %(size)s; the largest file accepted is %(limit)s.") % {
            "size": filesizeformat(size), "limit": filesizeformat(limit)}
    if size == 0:
        return _("The file is empty.")
    extension = extension_of(name)
    stream.seek(0)
    found = sniff(stream.read(16))
    stream.seek(0)
    if extension not in FORMATS or found is None:
        return _("Upload the signed paper as a PDF, JPEG or PNG scan.")
    if FORMATS[extension][1] != FORMATS[found][1]:
        return _("The content of this file does not match its extension (.%(extension)s).") % {
            "extension": extension}
    return None
