"""Load the national catalogue of model types (data/model_types.yaml), matched by code; reversible.

App code is not imported (migration rules): the NFC and accent folding below copy antq.core.text."""

import unicodedata
from pathlib import Path

import yaml
from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "model_types.yaml"


def _nfc(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", value.translate(str.maketrans({"đ": "d", "Đ": "d"})))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


def load(apps, schema_editor):
    ModelType = apps.get_model("clubs", "ModelType")
    with DATA_FILE.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    for entry in document["types"]:
        name = _nfc(entry["name"])
        ModelType.objects.update_or_create(code=entry["code"], defaults={
            "name": name, "name_folded": _fold(name), "sector": entry["sector"]})


def unload(apps, schema_editor):
    apps.get_model("clubs", "ModelType").objects.filter(province__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("clubs", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
