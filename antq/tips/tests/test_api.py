import pytest
from django.core.cache import cache

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.tips import abuse
from antq.tips.abuse import LIMITS
from antq.tips.models import MessageKind, Tip, TipState
from antq.tips.tests.factories import TipFactory, TipMessageFactory, tip_with_code


def _challenge(client) -> dict:
    data = client.get("/api/v1/tips/challenge/").json()
    return {"challenge": data["challenge"], "solution": abuse.solve(data["challenge"], data["bits"])}


def test_public_submit_and_follow_up(client, tree, commune_officer):
    payload = {"commune": tree.commune_a.pk, "category": "fire_risk", "mode": "anonymous",
               "what": "Kho chứa xăng dầu trái phép trong khu dân cư.", **_challenge(client)}
    response = client.post("/api/v1/tips/submit/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    assert "sessionid" not in response.cookies and response["Cache-Control"] == "no-store"
    tip = Tip.objects.get()
    TipMessageFactory(tip=tip, author=commune_officer, kind=MessageKind.NOTE, body="nội bộ")
    TipMessageFactory(tip=tip, author=commune_officer, kind=MessageKind.REPLY, body="Đã kiểm tra.")
    read = client.post("/api/v1/tips/follow-up/", {"code": code}, content_type="application/json").json()
    assert [m["body"] for m in read["messages"]] == ["Đã kiểm tra."]
    added = client.post("/api/v1/tips/follow-up/messages/", {"code": code, "body": "Thêm ảnh sau."},
                        content_type="application/json")
    assert added.status_code == 201 and added.json()["messages"][-1]["kind"] == "sender"


def test_api_submit_needs_the_check(client, tree):
    payload = {"commune": tree.commune_a.pk, "category": "crime", "mode": "anonymous",
               "what": "Trộm cắp xe máy nhiều lần ở chợ.", "challenge": "x", "solution": "1"}
    assert client.post("/api/v1/tips/submit/", payload, content_type="application/json").status_code == 400
    assert not Tip.objects.exists()


def test_wrong_codes_are_limited_on_the_api(client, tree):
    _tip, code = tip_with_code(commune=tree.commune_a)
    for _ in range(LIMITS["code"][0]):
        assert client.post("/api/v1/tips/follow-up/", {"code": "nope"},
                           content_type="application/json").status_code == 404
    assert client.post("/api/v1/tips/follow-up/", {"code": code}, content_type="application/json").status_code == 429
    cache.clear()
    assert client.post("/api/v1/tips/follow-up/", {"code": code}, content_type="application/json").status_code == 200


def test_queue_is_scoped(client_for, tree, commune_officer, province_officer):
    tip = TipFactory(commune=tree.commune_a)
    TipFactory(commune=tree.commune_b)
    assert [t["id"] for t in client_for(commune_officer).get("/api/v1/tips/queue/").json()["results"]] == [tip.pk]
    assert len(client_for(province_officer).get("/api/v1/tips/queue/").json()["results"]) == 1
    officer_b = UserFactory(username="xa_b")
    RoleAssignmentFactory(user=officer_b, role=Role.COMMUNE_OFFICER, unit=tree.commune_b)
    client = client_for(officer_b)
    assert client.get(f"/api/v1/tips/queue/{tip.pk}/").status_code == 404
    assert client.post(f"/api/v1/tips/queue/{tip.pk}/reply/", {"body": "x"},
                       content_type="application/json").status_code == 404


def test_officer_actions_on_the_api(client_for, tree, commune_officer):
    tip = TipFactory(commune=tree.commune_a)
    client = client_for(commune_officer)
    url = f"/api/v1/tips/queue/{tip.pk}/"
    assert client.post(url + "reply/", {"body": "Đã tiếp nhận"}, content_type="application/json").status_code == 200
    assert client.post(url + "note/", {"body": "Nội bộ"}, content_type="application/json").status_code == 200
    response = client.post(url + "state/", {"state": "forwarded", "note": "Chuyển Cơ quan điều tra"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == TipState.FORWARDED
    response = client.post(url + "reassign/", {"commune": tree.commune_a2.pk, "reason": "Sai địa bàn"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["commune"] == tree.commune_a2.pk


@pytest.mark.parametrize("path", ["/api/v1/tips/queue/", "/tips/queue/"])
def test_officer_endpoints_need_login(client, db, path):
    assert client.get(path).status_code in (302, 401, 403)


def test_attachments_on_the_api_are_scoped(client, client_for, tree, commune_officer, province_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    payload = {"commune": tree.commune_a.pk, "category": "crime", "mode": "anonymous",
               "what": "Ảnh chụp nhóm người lạ trộm xe.", **_challenge(client),
               "attachments": [SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")]}
    assert client.post("/api/v1/tips/submit/", payload).status_code == 201
    tip = Tip.objects.get()
    ids = client_for(commune_officer).get(f"/api/v1/tips/queue/{tip.pk}/").json()["attachments"]
    response = client_for(commune_officer).get(f"/api/v1/tips/queue/attachments/{ids[0]}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    officer_b = UserFactory(username="xa_b2")
    RoleAssignmentFactory(user=officer_b, role=Role.COMMUNE_OFFICER, unit=tree.commune_b)
    assert client_for(officer_b).get(f"/api/v1/tips/queue/attachments/{ids[0]}/").status_code == 404
