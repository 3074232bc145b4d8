"""Vietnamese first: dd/mm/yyyy dates, Vietnamese numbers, accent-free search text."""

import datetime
import unicodedata

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from antq.core.text import fold, nfc, spreadsheet_safe


class DateForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_read_day_first(language):
    with translation.override(language):
        form = DateForm({"day": "05/03/2025"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2025, 3, 5)


def test_dates_and_numbers_are_shown_the_vietnamese_way():
    with translation.override("vi"):
        out = Template("{{ d|date:'SHORT_DATE_FORMAT' }} {{ n }}").render(
            Context({"d": datetime.date(2025, 3, 5), "n": 3321})
        )
    assert out == "05/03/2025 3.321"


def test_an_impossible_date_is_refused_in_vietnamese():
    with translation.override("vi"):
        form = DateForm({"day": "31/02/2025"})
        assert not form.is_valid()
        assert "Nhập một ngày hợp lệ" in str(form.errors)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Phường Ba Đình", "phuong ba dinh"),
        ("Tỉnh Quảng Trị", "tinh quang tri"),
        ("ĐẶC KHU  Côn Đảo", "dac khu con dao"),
    ],
)
def test_fold_drops_accents_case_and_extra_spaces(text, folded):
    assert fold(text) == folded
    assert fold(unicodedata.normalize("NFD", text)) == folded


def test_nfc_normalises_and_trims():
    assert nfc(unicodedata.normalize("NFD", "  Xã  Đông Hà ")) == unicodedata.normalize("NFC", "Xã Đông Hà")


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)"])
def test_formula_cells_are_neutralised(cell):
    assert spreadsheet_safe(cell) == "'" + cell


def test_plain_cells_are_left_alone():
    assert spreadsheet_safe("Thôn Đông") == "Thôn Đông"
    assert spreadsheet_safe(12) == 12


def test_natural_order_of_numbered_names():
    from antq.core.text import natural_key

    names = ["Tổ dân phố 10", "Tổ dân phố 2", "Thôn Đông", "tổ dân phố 1", "Thôn An"]
    assert sorted(names, key=natural_key) == ["Thôn An", "Thôn Đông", "tổ dân phố 1", "Tổ dân phố 2", "Tổ dân phố 10"]
