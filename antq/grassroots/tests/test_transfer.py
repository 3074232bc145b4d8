"""The spreadsheets of the security-team registry: export in scope, imports all-or-nothing through the
services' rules."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from antq.core.models import AuditEvent
from antq.core.sheets import write_xlsx
from antq.grassroots.models import SecurityTeam, TeamMember
from antq.grassroots.tests.factories import SecurityTeamFactory, TeamMemberFactory
from antq.grassroots.transfer import COLUMNS
from antq.units.tests.factories import ResidentialAreaFactory

HEADERS = [c.header for c in COLUMNS]


@pytest.fixture(autouse=True)
def _english(english):
    yield


def _row(**values):
    base = {"Họ và tên": "Lê Văn An", "Ngày sinh": "05/03/1980", "Giới tính": "Nam",
            "Trình độ học vấn": "THPT", "Cư trú tại địa bàn từ ngày": "01/01/2000", "Chức danh": "Tổ viên",
            "Nguồn": "Bảo vệ dân phố", "Số quyết định công nhận": "21/QĐ-UBND",
            "Ngày quyết định công nhận": "20/07/2024"}
    base.update(values)
    return [base.get(h, "") for h in HEADERS]


def _team_row(team="Tổ bảo vệ ANTT Trúc Bạch", areas="Tổ dân phố Trúc Bạch", **values):
    return _row(**{"Tên tổ": team, "Địa bàn (thôn, tổ dân phố; cách nhau bởi dấu phẩy)": areas,
                   "Số quyết định thành lập tổ": "5/QĐ-UBND", "Ngày quyết định thành lập tổ": "15/07/2024",
                   **values})


def _upload(rows):
    return SimpleUploadedFile("to.xlsx", write_xlsx(COLUMNS, rows))


def _cells(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_members_import_is_all_or_nothing_through_the_rules(commune_officer, tree, client_for):
    team = SecurityTeamFactory(commune=tree.commune_a, areas=[tree.kdc_a])
    client = client_for(commune_officer)
    url = reverse("grassroots:members_import", args=[team.pk])
    assert client.get(url).status_code == 200
    rows = [_row(**{"Chức danh": "Tổ trưởng"}), _row(**{"Họ và tên": "Trần Thị Bình", "Giới tính": "Nữ"}),
            _row(**{"Họ và tên": "Phạm Văn Cao", "Ngày sinh": "01/01/2010"}),
            _row(**{"Họ và tên": "Võ Văn Dũng", "Chức danh": "Tổ trưởng", "Trình độ học vấn": "Tiểu học"})]
    response = client.post(url, {"file": _upload(rows)})
    assert response.status_code == 200 and not TeamMember.objects.exists()
    errors = {(e.row, e.column) for e in response.context["result"].errors}
    assert (4, "Ngày sinh") in errors  # under 18 (art. 13)
    assert {(5, "Trình độ học vấn"), (5, "Chức danh")} <= errors  # primary only in flagged areas; a second leader
    assert not any(row in (2, 3) for row, _column in errors)
    assert not AuditEvent.objects.filter(action__startswith="team_member").exists()
    response = client.post(url, {"file": _upload(rows[:2])})
    assert response.status_code == 302
    assert sorted(team.members.values_list("full_name", "role")) == [("Lê Văn An", "leader"),
                                                                     ("Trần Thị Bình", "member")]
    assert AuditEvent.objects.filter(action="security_team.import_members").count() == 1


def test_teams_import_creates_teams_with_members(commune_officer, tree, client_for):
    kdc2 = ResidentialAreaFactory(parent=tree.commune_a, name="Tổ dân phố Hàng Bún")
    client = client_for(commune_officer)
    url = reverse("grassroots:teams_import", args=[tree.commune_a.pk])
    rows = [_team_row(), _team_row(**{"Họ và tên": "Trần Thị Bình", "Giới tính": "Nữ"}),
            [cell if h in HEADERS[:6] else "" for h, cell in zip(HEADERS, _team_row(
                team="Tổ Hàng Bún", areas="to dan pho hang bun"), strict=True)],
            _team_row(team="Tổ Khác", areas="Thôn Không Có")]
    response = client.post(url, {"file": _upload(rows)})
    assert response.status_code == 200 and not SecurityTeam.objects.exists()
    assert [(e.row, e.column) for e in response.context["result"].errors] == [
        (5, "Địa bàn (thôn, tổ dân phố; cách nhau bởi dấu phẩy)")]
    response = client.post(url, {"file": _upload(rows[:3])})
    assert response.status_code == 302
    team = SecurityTeam.objects.get(name="Tổ bảo vệ ANTT Trúc Bạch")
    assert team.members.count() == 2 and list(team.areas.all()) == [tree.kdc_a]
    assert list(SecurityTeam.objects.get(name="Tổ Hàng Bún").areas.all()) == [kdc2]
    response = client.post(url, {"file": _upload(rows[:1])})
    [error] = response.context["result"].errors  # the KDC is already covered by the team just imported
    assert error.row == 2 and error.column.startswith("Địa bàn") and "Tổ bảo vệ ANTT Trúc Bạch" in error.message
    assert SecurityTeam.objects.count() == 2


def test_imports_outside_scope_answer_404(commune_officer, viewer, tree, client_for):
    other = SecurityTeamFactory(commune=tree.commune_b, areas=[tree.kdc_b])
    mine = SecurityTeamFactory(commune=tree.commune_a, areas=[tree.kdc_a])
    client = client_for(commune_officer)
    assert client.post(reverse("grassroots:members_import", args=[other.pk]),
                       {"file": _upload([_row()])}).status_code == 404
    assert client.post(reverse("grassroots:teams_import", args=[tree.commune_b.pk]),
                       {"file": _upload([_team_row()])}).status_code == 404
    assert client.get(reverse("grassroots:team_export", args=[other.pk])).status_code == 404
    client = client_for(viewer)
    assert client.get(reverse("grassroots:members_import", args=[mine.pk])).status_code == 404
    assert not TeamMember.objects.exists()


def test_export_in_scope_masks_id_numbers_for_a_viewer_and_imports_back(commune_officer, viewer, tree,
                                                                         client_for):
    team = SecurityTeamFactory(commune=tree.commune_a, areas=[tree.kdc_a], name="Tổ Trúc Bạch")
    TeamMemberFactory(team=team, full_name="Lê Văn An", role="leader")
    SecurityTeamFactory(commune=tree.commune_b, areas=[tree.kdc_b], name="Tổ Bản Lầu")
    rows = _cells(client_for(viewer).get(reverse("grassroots:teams_export")))
    assert [r[1] for r in rows[1:]] == ["Tổ Trúc Bạch"]
    assert rows[1][HEADERS.index("Số căn cước")] == "•••••••••234"
    exported = client_for(commune_officer).get(reverse("grassroots:teams_export") + f"?area={tree.commune_a.pk}")
    assert _cells(exported)[1][HEADERS.index("Số căn cước")] == "044080001234"
    TeamMember.objects.all().delete()
    SecurityTeam.objects.filter(commune=tree.commune_a).delete()
    response = client_for(commune_officer).post(reverse("grassroots:teams_import", args=[tree.commune_a.pk]),
                                                {"file": SimpleUploadedFile("x.xlsx", exported.content)})
    assert response.status_code == 302, response.context["result"].errors
    assert SecurityTeam.objects.get(name="Tổ Trúc Bạch").members.get().id_number == "044080001234"


def test_list_and_team_pages_link_the_spreadsheets(commune_officer, viewer, tree, client_for):
    team = SecurityTeamFactory(commune=tree.commune_a, areas=[tree.kdc_a])
    page = client_for(commune_officer).get(reverse("grassroots:teams") + f"?area={tree.commune_a.pk}").content
    assert reverse("grassroots:teams_import", args=[tree.commune_a.pk]).encode() in page
    page = client_for(viewer).get(reverse("grassroots:team_detail", args=[team.pk])).content
    assert reverse("grassroots:team_export", args=[team.pk]).encode() in page
    assert reverse("grassroots:members_import", args=[team.pk]).encode() not in page
