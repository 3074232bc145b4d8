import re

import pytest
from django.urls import reverse

from antq.accounts.models import Role
from antq.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from antq.core.models import AuditEvent
from antq.tips.abuse import LIMITS
from antq.tips.models import MessageKind, Tip, TipState
from antq.tips.tests.factories import TipFactory, TipMessageFactory, tip_with_code
from antq.tips.tests.helpers import tip_post

FOLLOW_UP = "/tips/follow-up/"


@pytest.fixture
def commune_b_officer(tree):
    user = UserFactory(username="xa_b")
    RoleAssignmentFactory(user=user, role=Role.COMMUNE_OFFICER, unit=tree.commune_b)
    return user


def test_the_form_narrows_communes_by_province_without_script(client, tree):
    page = client.get(reverse("tips:submit"))
    assert page.status_code == 200 and "Choose the province first" in page.content.decode()
    page = client.get(reverse("tips:submit"), {"province": tree.province_a.pk}).content.decode()
    assert tree.commune_a.name in page and tree.commune_a2.name in page and tree.commune_b.name not in page
    partial = client.get(reverse("tips:communes"), {"province": tree.province_b.pk}).content.decode()
    assert tree.commune_b.name in partial and tree.commune_a.name not in partial
    assert 'hx-get="/tips/communes/"' in page and "tips/pow.js" in page


def test_sending_shows_the_code_once_and_the_code_opens_the_conversation(client, tree, commune_officer):
    response = client.post(reverse("tips:submit"), tip_post(tree.commune_a))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    code = response.context["code"]
    assert code in response.content.decode()
    tip = Tip.objects.get()
    TipMessageFactory(tip=tip, author=commune_officer, kind=MessageKind.REPLY, body="Công an xã đã xác minh.")
    TipMessageFactory(tip=tip, author=commune_officer, kind=MessageKind.NOTE, body="Ghi chú nội bộ bí mật.")
    assert client.get(FOLLOW_UP).status_code == 200
    page = client.post(FOLLOW_UP, {"code": code}).content.decode()
    assert "Công an xã đã xác minh." in page and "Ghi chú nội bộ bí mật." not in page
    assert commune_officer.username not in page
    assert code not in client.get(FOLLOW_UP).content.decode()  # never shown again, never in a URL


def test_the_sender_adds_information(client, tree):
    tip, code = tip_with_code(commune=tree.commune_a)
    response = client.post(FOLLOW_UP, {"code": code, "body": "Biển số xe 29A-123.45"})
    assert response.status_code == 200 and "Biển số xe 29A-123.45" in response.content.decode()
    assert tip.messages.get().kind == MessageKind.SENDER
    assert AuditEvent.objects.filter(action="tip.follow_up", actor=None).exists()


def test_a_wrong_code_reveals_nothing_and_is_rate_limited(client, tree):
    tip, code = tip_with_code(commune=tree.commune_a, what="Nội dung tin báo rất riêng tư.")
    wrong = [code[:-4] + "AAAA" if not code.endswith("AAAA") else code[:-4] + "BBBB", "xyz", ""]
    bodies = set()
    for value in wrong:
        response = client.post(FOLLOW_UP, {"code": value})
        assert response.status_code == 404
        page = response.content.decode()
        assert "Nội dung tin báo" not in page and tree.commune_a.name not in page
        assert "No tip matches this code" in page
        bodies.add(re.sub(r"[A-Za-z0-9]{64}", "", page))  # the CSRF tokens aside, one page for every wrong code
    assert len(bodies) == 1
    allowed = LIMITS["code"][0]
    for _ in range(allowed - len(wrong)):
        assert client.post(FOLLOW_UP, {"code": "AAAA-BBBB-CCCC"}).status_code == 404
    blocked = client.post(FOLLOW_UP, {"code": code})  # even the right code, once the client is blocked
    assert blocked.status_code == 429 and "Nội dung tin báo" not in blocked.content.decode()
    other = client.post(FOLLOW_UP, {"code": code}, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200  # another client is not blocked


def test_sending_is_rate_limited(client, tree):
    allowed = LIMITS["submit"][0]
    for _ in range(allowed):
        client.post(reverse("tips:submit"), tip_post(tree.commune_a))
    assert client.post(reverse("tips:submit"), tip_post(tree.commune_a)).status_code == 429
    assert Tip.objects.count() == allowed


def test_without_the_anti_robot_check_nothing_is_saved(client, tree):
    response = client.post(reverse("tips:submit"), tip_post(tree.commune_a, solution="1", challenge="forged"))
    assert response.status_code == 400 and "anti-robot" in response.content.decode()
    assert not Tip.objects.exists()


def test_a_challenge_is_accepted_once(client, tree):
    data = tip_post(tree.commune_a)
    assert client.post(reverse("tips:submit"), data).status_code == 200
    assert client.post(reverse("tips:submit"), data).status_code == 400
    assert Tip.objects.count() == 1


def test_a_tip_for_commune_a_is_in_a_and_the_province_queue_only(client_for, tree, commune_officer,
                                                                 province_officer, national_admin,
                                                                 commune_b_officer):
    tip = TipFactory(commune=tree.commune_a, what="Tin báo cho xã A")
    other = TipFactory(commune=tree.commune_a2, what="Tin báo cho xã A2")
    for user, sees in ((commune_officer, {tip.pk}), (province_officer, {tip.pk, other.pk}),
                       (national_admin, {tip.pk, other.pk}), (commune_b_officer, set())):
        page = client_for(user).get(reverse("tips:queue"))
        assert page.status_code == 200
        assert {t.pk for t in page.context["page"]} == sees, user.username
    client = client_for(commune_b_officer)
    for name in ("tips:detail", "tips:reply", "tips:state"):
        assert client.get(reverse(name, args=[tip.pk])).status_code in (404, 405)
    assert client.post(reverse("tips:reply", args=[tip.pk]), {"reply-body": "x"}).status_code == 404
    assert not tip.messages.exists()


@pytest.mark.parametrize("who", ["viewer", "unit_reporter"])
def test_local_officials_without_a_police_role_see_no_tips(client_for, tree, who, request):
    tip = TipFactory(commune=tree.commune_a)
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("tips:queue")).status_code == 404
    assert client.get(reverse("tips:detail", args=[tip.pk])).status_code == 404
    assert client.get("/api/v1/tips/queue/").json()["results"] == []
    assert client.get(f"/api/v1/tips/queue/{tip.pk}/").status_code == 404


def test_officer_replies_notes_and_closes(client_for, tree, commune_officer):
    tip = TipFactory(commune=tree.commune_a)
    client = client_for(commune_officer)
    assert client.get(reverse("tips:detail", args=[tip.pk])).status_code == 200
    client.post(reverse("tips:reply", args=[tip.pk]), {"reply-body": "Đã tiếp nhận."})
    client.post(reverse("tips:note", args=[tip.pk]), {"note-body": "Giao trinh sát."})
    client.post(reverse("tips:state", args=[tip.pk]), {"state": "closed_unfounded", "note": "Không có căn cứ."})
    tip.refresh_from_db()
    assert tip.state == TipState.CLOSED_UNFOUNDED
    assert [m.kind for m in tip.messages.all()] == ["reply", "note", "note"]
    page = client.get(reverse("tips:detail", args=[tip.pk])).content.decode()
    assert 'id="reply-form"' not in page


def test_identified_contact_is_shown_to_the_receiving_officers(client, client_for, tree, commune_officer):
    client.post(reverse("tips:submit"), tip_post(tree.commune_a, mode="identified", contact_name="Trần Thị Bình",
                                                 contact_phone="0987654321"))
    tip = Tip.objects.get()
    page = client_for(commune_officer).get(reverse("tips:detail", args=[tip.pk])).content.decode()
    assert "Trần Thị Bình" in page and "0987654321" in page


def test_reassign_through_the_page(client_for, tree, province_officer):
    tip = TipFactory(commune=tree.commune_a)
    client = client_for(province_officer)
    response = client.post(reverse("tips:reassign", args=[tip.pk]),
                           {"commune": tree.commune_a2.pk, "reason": "Sự việc xảy ra ở xã Đông Hà."})
    assert response.status_code == 302
    tip.refresh_from_db()
    assert tip.commune == tree.commune_a2


def test_attachments_are_served_only_in_scope(client, client_for, tree, commune_officer, commune_b_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
    client.post(reverse("tips:submit"), tip_post(tree.commune_a, attachments=[pdf]))
    attachment = Tip.objects.get().attachments.get()
    url = reverse("tips:attachment", args=[attachment.pk])
    assert client_for(commune_b_officer).get(url).status_code == 404
    response = client_for(commune_officer).get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    response.close()
