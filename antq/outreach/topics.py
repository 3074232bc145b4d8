"""Outreach topics as legal data (`antq.core.law_data`, key `outreach.topics`): codes fixed, labels editable."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from antq.core import law_data
from antq.incidents.catalogue import in_active_language

DATA_FILE = Path(__file__).resolve().parent / "data" / "topics.yaml"
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Topic:
    code: str
    label_vi: str
    label_en: str

    @property
    def label(self) -> str:
        return in_active_language(self.label_vi, self.label_en)


def parse(data: dict) -> dict[str, Topic]:
    if not isinstance(data, dict) or set(data) != {"topics"} or not isinstance(data["topics"], list):
        raise ValueError(_("The topics data must hold one list, “topics”."))
    topics: dict[str, Topic] = {}
    for raw in data["topics"]:
        if not isinstance(raw, dict) or set(raw) != {"code", "label_vi", "label_en"}:
            raise ValueError(_("Each topic has exactly a code, label_vi and label_en."))
        code = str(raw["code"])
        if not CODE_PATTERN.match(code) or code in topics:
            raise ValueError(_("Topic code “%(code)s” is invalid or repeated.") % {"code": code})
        topics[code] = Topic(code=code, label_vi=str(raw["label_vi"]), label_en=str(raw["label_en"]))
    if not topics:
        raise ValueError(_("The topics data must hold one list, “topics”."))
    return topics


TOPICS = law_data.register(law_data.LawDataSet(key="outreach.topics", path=DATA_FILE, parse=parse))


def topics() -> dict[str, Topic]:
    return law_data.current_parsed(TOPICS.key)


def topic_choices() -> list[tuple[str, str]]:
    """Model choices (a callable: a change of the data needs no migration)."""
    return [(t.code, t.label) for t in topics().values()]


def topic_label(code: str) -> str:
    topic = topics().get(code)
    return topic.label if topic else code
