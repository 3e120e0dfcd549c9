"""The upward chain's screens and API: sending up, the higher level's inbox with due dates,
the return form's one-stop rule, the trail page and `GET /api/v1/nominations/{id}/trail`,
and the personas who must be refused."""

import pytest

from tests.api.conftest import api_send, bearer, writer  # noqa: F401
from tests.conftest import login
from tests.nominations import conftest as nomination_fixtures
from tests.nominations.conftest import make_province_campaign, pdf_upload
from thidua.nominations import selectors, services
from thidua.nominations.enums import ProposalState
from thidua.nominations.models import Document, Proposal

pytestmark = pytest.mark.django_db

campaign = nomination_fixtures.campaign
forms = nomination_fixtures.forms
proposal_a = nomination_fixtures.proposal_a
filled_a = nomination_fixtures.filled_a
province_secretariat = nomination_fixtures.province_secretariat
province_campaign = nomination_fixtures.province_campaign
council_list = nomination_fixtures.council_list
_private_media = nomination_fixtures._private_media


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _send_up(secretariat, campaign, target, nominees) -> Proposal:
    form = target.award_forms.get(subject_type="collective")
    upper = services.proposal_forward_prepare(
        actor=secretariat,
        source_campaign=campaign,
        target_campaign=target,
        award_form=form,
        nominees=[n for n in nominees if n.subject_type == "collective"],
    )
    for m in selectors.dossier_missing(upper):
        services.document_upload(
            actor=secretariat, proposal=upper, item=m.item, nominee=m.nominee, upload=pdf_upload()
        )
    return services.proposal_submit(actor=secretariat, proposal=upper)


def test_secretariat_prepares_the_package_on_the_send_up_screen(
    client, secretariat, campaign, province_campaign, council_list
):
    login(client, secretariat)
    page = client.get(f"/phong-trao/{campaign.pk}/gui-cap-tren/")
    assert [n.pk for n in page.context["nominees"]] == [n.pk for n in council_list]
    assert "Phong trào thi đua cải cách hành chính tỉnh Cao Bằng năm 2023" in page.text

    # Nothing chosen: the form says what is missing, nothing is created.
    empty = client.post(f"/phong-trao/{campaign.pk}/gui-cap-tren/", {})
    assert "Chọn ít nhất một tập thể, cá nhân để gửi lên." in empty.text
    assert not Proposal.objects.filter(campaign=province_campaign).exists()

    form = province_campaign.award_forms.get(subject_type="individual")
    individual = next(n for n in council_list if n.subject_type == "individual")
    collective = next(n for n in council_list if n.subject_type == "collective")
    # The wrong subject for the form: refused on the form, in Vietnamese, nothing created.
    wrong = client.post(
        f"/phong-trao/{campaign.pk}/gui-cap-tren/",
        {"award_form": form.pk, "nominees": [collective.pk], "note": "Kính gửi"},
    )
    assert "không thuộc đối tượng của hình thức" in wrong.text
    assert not Proposal.objects.filter(campaign=province_campaign).exists()

    response = client.post(
        f"/phong-trao/{campaign.pk}/gui-cap-tren/",
        {"award_form": form.pk, "nominees": [individual.pk], "note": "Kính gửi"},
        follow=True,
    )
    upper = Proposal.objects.get(campaign=province_campaign)
    assert response.redirect_chain[-1][0] == f"/de-nghi/{upper.pk}/"
    assert "Đã lập hồ sơ gửi lên Tỉnh Cao Bằng." in _messages(response)[0]
    assert 'id="forwarded-from"' in response.text
    assert "Gửi lên cấp trên</button>" in response.text


def test_a_focal_point_cannot_send_up_for_the_district(client, focal_a, campaign):
    login(client, focal_a)
    assert client.get(f"/phong-trao/{campaign.pk}/gui-cap-tren/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_inbox_shows_due_dates_in_constant_queries(
    client,
    world,
    secretariat,
    campaign,
    province_secretariat,
    council_list,
    django_assert_num_queries,
    count,
):
    for i in range(count):
        target = make_province_campaign(world, province_secretariat, title=f"Phong trào số {i}")
        _send_up(secretariat, campaign, target, council_list)
    login(client, province_secretariat)
    with django_assert_num_queries(RECEIVED_QUERIES):
        response = client.get("/ho-so-cap-duoi/")
    rows = response.context["rows"]
    assert len(rows) == count
    due = rows[0].clock.due
    assert f"{due:%d/%m/%Y}" in response.text and "còn 20 ngày làm việc" in response.text
    # The district's own inbox is empty: it sent these, it did not receive them.
    login(client, secretariat)
    assert "Chưa có hồ sơ nào do cấp dưới gửi lên." in client.get("/ho-so-cap-duoi/").text


RECEIVED_QUERIES = 8  # the clocks read the kinds' clock codes (campaigns.AwardKindRule)


def test_second_return_on_the_screen_needs_a_justification(
    client, secretariat, campaign, province_campaign, province_secretariat, council_list
):
    upper = _send_up(secretariat, campaign, province_campaign, council_list)
    slots = selectors.dossier_slots(upper)
    login(client, province_secretariat)
    data = {f"reason-{s.item.pk}-{s.nominee.pk if s.nominee else ''}": f"Lý do {i}"
            for i, s in enumerate(slots)}  # fmt: skip
    response = client.post(
        f"/de-nghi/{upper.pk}/", {"action": "return", "note": "Bổ sung", **data}, follow=True
    )
    assert "Đã trả lại hồ sơ để đơn vị bổ sung." in _messages(response)
    services.proposal_submit(actor=secretariat, proposal=upper)
    page = client.get(f"/de-nghi/{upper.pk}/")
    assert 'id="second-return"' in page.text

    refused = client.post(f"/de-nghi/{upper.pk}/", {"action": "return", **data}, follow=True)
    assert any("muốn trả lại lần nữa phải ghi rõ lý do" in m for m in _messages(refused))
    upper.refresh_from_db()
    assert upper.state == ProposalState.SUBMITTED

    client.post(
        f"/de-nghi/{upper.pk}/",
        {"action": "return", "justification": "Chữ ký số không hợp lệ.", **data},
    )
    upper.refresh_from_db()
    assert upper.state == ProposalState.RETURNED
    trail = client.get(f"/de-nghi/{upper.pk}/nhat-ky/")
    assert "Trả lại lần 2" in trail.text and "Chữ ký số không hợp lệ." in trail.text


def test_trail_page_and_api_show_a_forged_document(
    client, bearer, secretariat, campaign, province_campaign, council_list, focal_b, focal_a
):
    upper = _send_up(secretariat, campaign, province_campaign, council_list)
    login(client, secretariat)
    page = client.get(f"/de-nghi/{upper.pk}/nhat-ky/")
    assert 'id="trail-intact"' in page.text
    assert [s.action for s in page.context["trail"].steps] == ["submit", "accept", "forward"]

    api = client.get(f"/api/v1/nominations/{upper.pk}/trail", headers=bearer(secretariat))
    assert api.status_code == 200
    body = api.json()
    assert body["intact"] is True and body["problems"] == []
    assert [(s["proposal_id"], s["action"]) for s in body["steps"]][-1] == (upper.pk, "forward")
    assert body["steps"][-1]["prev_hash"] != body["steps"][-1]["step_hash"]

    doc = Document.objects.filter(proposal=upper).order_by("pk").first()
    with doc.file.open("wb") as fh:
        fh.write(b"%PDF-1.4\n% sua\n%%EOF\n")
    page = client.get(f"/de-nghi/{upper.pk}/nhat-ky/")
    assert 'id="trail-problems"' in page.text
    assert "Hồ sơ đã bị thay đổi sau bước 1 (Gửi lên cấp trên" in page.text
    body = client.get(f"/api/v1/nominations/{upper.pk}/trail", headers=bearer(secretariat)).json()
    assert body["intact"] is False
    assert body["problems"][0].startswith("Hồ sơ đã bị thay đổi sau bước 1 (Gửi lên cấp trên")
    assert body["steps"][-1]["changed_after"] is True

    # Another commune's focal point, with the dossier present: 404 on both.
    login(client, focal_b)
    assert client.get(f"/de-nghi/{upper.pk}/nhat-ky/").status_code == 404
    assert (
        client.get(f"/api/v1/nominations/{upper.pk}/trail", headers=bearer(focal_b)).status_code
        == 404
    )


def test_api_second_return_needs_a_justification(
    api_send, writer, secretariat, campaign, province_campaign, province_secretariat, council_list
):
    upper = _send_up(secretariat, campaign, province_campaign, council_list)
    headers = writer(province_secretariat)
    path = f"/proposals/{upper.pk}/return"
    assert api_send("post", path, headers, {"note": "Bổ sung"}).status_code == 200
    services.proposal_submit(actor=secretariat, proposal=upper)

    refused = api_send("post", path, headers, {"note": "Lại thiếu"})
    assert refused.status_code == 422
    (error,) = refused.json()["detail"]
    assert error["loc"] == ["body", "justification"]
    assert "muốn trả lại lần nữa phải ghi rõ lý do chính đáng" in error["msg"]
    upper.refresh_from_db()
    assert upper.state == ProposalState.SUBMITTED

    body = {"note": "Lại thiếu", "justification": "Biên bản ký sai thẩm quyền."}
    assert api_send("post", path, headers, body).status_code == 200
    upper.refresh_from_db()
    assert upper.state == ProposalState.RETURNED
