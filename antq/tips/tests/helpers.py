"""Helpers for the tip tests: a form post the way the browser makes it (anti-robot check solved)."""

import io

from django.urls import reverse
from PIL import ExifTags, Image

from antq.tips import abuse


def solved() -> dict:
    challenge = abuse.new_challenge()
    return {"challenge": challenge["challenge"], "solution": abuse.solve(challenge["challenge"], challenge["bits"])}


def tip_post(commune, **values) -> dict:
    return {"province": commune.parent_id, "commune": commune.pk, "category": "drugs",
            "what": "Có người bán ma túy ở quán nước đầu ngõ vào buổi tối.", "occurred_on": "05/03/2025",
            "occurred_time": "khoảng 21 giờ", "place": "Đầu ngõ 12", "mode": "anonymous", **solved(), **values}


def send_tip(client, commune, **values):
    return client.post(reverse("tips:submit"), tip_post(commune, **values), **values.pop("meta", {}))


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF holds a camera make and a GPS position (made with Pillow alone, no piexif)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PrivacyProbeCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (21.0, 1.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 50.0, 10.0)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()
