"""The rules of `unit_validate(unit, in_bulk=True)` for many rows of one commune, without a `Unit` per row.

A 100,000-row import spent about half of its checking time building `Unit` instances and running
`full_clean()` on them. `UnitChecks` applies the same rules to plain values: the shape rules are
`antq.units.services`' own function, and the field rules call each model field's `clean()` exactly as
`Model.clean_fields()` does, once per distinct value for the fields whose values repeat from row to row
(choices, dates, yes/no). `test_transfer_checks.py` checks that both give the same errors.

If `Unit` ever gets a `clean()` of its own, the rows go through `unit_validate` on an instance again
(slower, never wrong).
"""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import models

from antq.units.models import Unit
from antq.units.services import _shape_errors, unit_validate

# What `unit_validate(in_bulk=True)` leaves out of `full_clean()`.
_EXCLUDED = frozenset(["path", "name_folded", "parent"])


def _memoisable(field: models.Field) -> bool:
    """Fields whose values repeat across rows and whose validation depends on the value alone."""
    return not field.is_relation and (field.choices is not None or not isinstance(field, models.CharField))


class UnitChecks:
    """`check(values)` → the errors `unit_validate(Unit(parent=parent, **values), in_bulk=True)` raises,
    as {field name: [messages]} (empty if none). One instance serves one import: it keeps the field
    errors of the values seen so far, in the language active at the time."""

    def __init__(self, parent: Unit):
        self.parent = parent
        fields = [f for f in Unit._meta.fields if f.name not in _EXCLUDED and not f.generated]
        # (field, memoised?) in the order clean_fields() visits them.
        self._fields = [(f, _memoisable(f)) for f in fields]
        self._defaults = {f.attname: f.get_default() for f in Unit._meta.concrete_fields if f.name != "parent"}
        self._seen: dict[tuple[str, object], list[str] | None] = {}
        self._own_clean = Unit.clean is not models.Model.clean

    def check(self, values: dict[str, object]) -> dict[str, list[str]]:
        if self._own_clean:
            return self._check_instance(values)
        record = self._defaults | values
        errors: dict[str, list[str]] = {
            name: [message] for name, message in _shape_errors(SimpleNamespace(**record, parent=self.parent)).items()
        }
        for field, memoised in self._fields:
            raw = record[field.attname]
            if field.blank and raw in field.empty_values:
                continue
            if memoised:
                key = (field.name, raw)
                try:
                    messages = self._seen[key]
                except KeyError:
                    messages = self._seen[key] = _field_errors(field, raw)
            else:
                messages = _field_errors(field, raw)
            if messages:
                errors.setdefault(field.name, messages)
        return errors

    def _check_instance(self, values: dict[str, object]) -> dict[str, list[str]]:
        unit = Unit(parent=self.parent, path="", **values)
        try:
            unit_validate(unit, in_bulk=True)
        except ValidationError as exc:
            return exc.message_dict
        return {}


def _field_errors(field: models.Field, raw: object) -> list[str] | None:
    try:
        # No instance: none of these fields' validation looks at it (relations are not checked here).
        field.clean(raw, None)
    except ValidationError as exc:
        return exc.messages
    return None
