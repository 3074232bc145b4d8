"""Acceptance: an anonymous tip leaves no trace of its sender — not in the database, not in the logs — and
a photo loses its EXIF (GPS included) before it is stored."""

import io
import logging

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from PIL import ExifTags, Image

from antq.tips.models import Tip, TipAttachment
from antq.tips.tests.factories import TipMessageFactory
from antq.tips.tests.helpers import jpeg_with_gps, tip_post

PROBE_IP = "203.0.113.77"
PROBE_UA = "TipPrivacyProbe/7.3 (unique-ua-4f9a)"
CLIENT = {"REMOTE_ADDR": PROBE_IP, "HTTP_USER_AGENT": PROBE_UA}


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def all_logs():
    """Every record of every logger at DEBUG, SQL with its parameters included."""
    capture = Capture()
    root = logging.getLogger()
    loggers = [root, *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
    saved = [(lg, lg.level, lg.disabled) for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
        lg.disabled = False
    root.addHandler(capture)
    forced, connection.force_debug_cursor = connection.force_debug_cursor, True
    yield capture.records
    connection.force_debug_cursor = forced
    root.removeHandler(capture)
    for lg, level, disabled in saved:
        lg.setLevel(level)
        lg.disabled = disabled


def _database_text() -> str:
    """Every value of every column of every table, as text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 — table names from the db
            for row in cursor.fetchall():
                chunks.extend(str(bytes(v) if isinstance(v, memoryview) else v) for v in row)
    return "\n".join(chunks)


def _log_text(records) -> str:
    return "\n".join(f"{r.name} {r.getMessage()} {r.__dict__!r}" for r in records)


def test_an_anonymous_tip_leaves_no_address_or_browser(client, tree, commune_officer, all_logs):
    page = client.get(reverse("tips:submit") + f"?province={tree.province_a.pk}", **CLIENT)
    assert page.status_code == 200
    bad = client.post(reverse("tips:submit"), tip_post(tree.commune_a, what="short"), **CLIENT)  # logged as 400
    assert bad.status_code == 400
    photo = SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps(), content_type="image/jpeg")
    sent = client.post(reverse("tips:submit"), tip_post(tree.commune_a, attachments=[photo]), **CLIENT)
    assert sent.status_code == 200, sent.content.decode()[:2000]
    code = sent.context["code"]
    TipMessageFactory(tip=Tip.objects.get(), author=commune_officer)
    assert client.post(reverse("tips:follow_up"), {"code": code}, **CLIENT).status_code == 200
    assert client.post(reverse("tips:follow_up"), {"code": code, "body": "Thêm: xe máy biển 29A."},
                       **CLIENT).status_code == 200
    assert client.post(reverse("tips:follow_up"), {"code": "AAAA-BBBB"}, **CLIENT).status_code == 404

    assert Tip.objects.count() == 1 and TipAttachment.objects.count() == 1
    stored = _database_text()
    assert PROBE_IP not in stored and PROBE_UA not in stored and "unique-ua-4f9a" not in stored
    assert "IMG_0001" not in stored
    assert not Session.objects.exists()
    assert "sessionid" not in client.cookies
    logged = _log_text(all_logs)
    assert all_logs, "the capture saw nothing: the test would prove nothing"
    assert "INSERT" in logged  # SQL was captured with its parameters
    assert PROBE_IP not in logged and PROBE_UA not in logged
    assert not any(hasattr(r, "request") and getattr(r.request, "path", "").startswith("/tips/") for r in all_logs)


def test_a_jpeg_is_stored_without_exif(client, tree):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the probe has a position
    photo = SimpleUploadedFile("photo.jpg", original, content_type="image/jpeg")
    response = client.post(reverse("tips:submit"), tip_post(tree.commune_a, attachments=[photo]))
    assert response.status_code == 200
    attachment = TipAttachment.objects.get()
    with attachment.file.open("rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (64, 48)
    assert not image.getexif()
    assert "exif" not in image.info
    assert b"Exif" not in data and b"PrivacyProbeCam" not in data


def test_a_png_with_text_chunks_is_stored_without_them(client, tree):
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Nguyen Van An")
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 255, 128)).save(out, "PNG", pnginfo=info)
    photo = SimpleUploadedFile("x.png", out.getvalue(), content_type="image/png")
    assert client.post(reverse("tips:submit"), tip_post(tree.commune_a, attachments=[photo])).status_code == 200
    with TipAttachment.objects.get().file.open("rb") as stored:
        data = stored.read()
    assert b"Nguyen Van An" not in data and Image.open(io.BytesIO(data)).format == "PNG"


def test_the_log_filter_drops_the_request_of_tip_paths_only(rf):
    from antq.tips.logs import ForgetTipClients

    tip_record = logging.makeLogRecord({"request": rf.get("/tips/follow-up/")})
    other = logging.makeLogRecord({"request": rf.get("/units/")})
    assert ForgetTipClients().filter(tip_record) and ForgetTipClients().filter(other)
    assert not hasattr(tip_record, "request") and hasattr(other, "request")
