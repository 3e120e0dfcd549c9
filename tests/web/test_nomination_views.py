"""Proposal screens: the unit builds and submits, the secretariat returns and accepts; the
personas who must be refused meet a dossier that could leak."""

import pytest

from tests.conftest import login
from tests.nominations import conftest as nomination_fixtures
from tests.nominations.conftest import complete_dossier, pdf_upload
from thidua.nominations import services
from thidua.nominations.enums import ProposalState
from thidua.nominations.models import Document, Nominee, Proposal

pytestmark = pytest.mark.django_db

# The nominations' fixtures, shared with tests/nominations.
campaign = nomination_fixtures.campaign
forms = nomination_fixtures.forms
proposal_a = nomination_fixtures.proposal_a
filled_a = nomination_fixtures.filled_a
_private_media = nomination_fixtures._private_media

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def _post(client, proposal, **data):
    return client.post(f"/de-nghi/{proposal.pk}/", data, follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_focal_point_opens_a_proposal_for_its_unit(client, campaign, focal_a, world):
    login(client, focal_a)
    page = client.get(f"/phong-trao/{campaign.pk}/de-nghi/")
    assert [u.name for u, _ in page.context["rows"]] == ["Xã Yên Lạc"]

    response = client.post(f"/phong-trao/{campaign.pk}/de-nghi/", {"unit": world.commune_a.pk})

    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/de-nghi/{proposal.pk}/"
    assert proposal.unit == world.commune_a


def test_focal_point_cannot_open_a_proposal_for_another_unit(client, campaign, focal_a, world):
    login(client, focal_a)
    response = client.post(f"/phong-trao/{campaign.pk}/de-nghi/", {"unit": world.commune_b.pk})
    assert response.status_code == 404
    assert not Proposal.objects.exists()


def test_add_nominee_and_see_what_is_missing(client, proposal_a, focal_a, forms, world):
    login(client, focal_a)
    response = _post(
        client,
        proposal_a,
        action="add",
        award_form=forms["individual"].pk,
        subject=f"p{world.person_a.pk}",
        achievement="Tham mưu tốt.",
    )

    assert _messages(response) == ["Đã thêm vào danh sách đề nghị."]
    assert [
        s.nominee.display_name if s.nominee else s.item.name for s in response.context["missing"]
    ] == [
        "Tờ trình đề nghị khen thưởng.",
        "Biên bản họp Hội đồng Thi đua – Khen thưởng của đơn vị.",
        "Nguyễn Văn Hưởng",
        "Nguyễn Văn Hưởng",
    ]
    assert "Hồ sơ còn thiếu 4 tài liệu" in response.content.decode()


def test_a_person_of_another_unit_is_not_offered_and_refused(
    client, proposal_a, focal_a, forms, world
):
    login(client, focal_a)
    response = _post(
        client,
        proposal_a,
        action="add",
        award_form=forms["individual"].pk,
        subject=f"p{world.person_b.pk}",
    )

    assert response.context["form"].errors["subject"] == [
        "Tập thể, cá nhân này không thuộc đơn vị của bạn."
    ]
    assert "Đặng Thị Bích Đào" not in response.content.decode()
    assert not Nominee.objects.exists()


def test_renamed_executable_is_refused_and_nothing_is_stored(client, proposal_a, focal_a, forms):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.nominee_add(actor=focal_a, proposal=proposal_a, award_form=forms["collective"])
    item = forms["collective"].checklist.get(name__startswith="Tờ trình")
    login(client, focal_a)
    response = _post(
        client,
        proposal_a,
        action="upload",
        item=item.pk,
        nominee="",
        file=SimpleUploadedFile("to-trinh.pdf", EXE, "application/pdf"),
    )

    (message,) = _messages(response)
    assert message.startswith(
        "Tờ trình đề nghị khen thưởng: Nội dung tệp không phải là tệp được chấp nhận"
    )
    assert not Document.objects.exists()


def test_generate_a_draft_then_download_it(client, proposal_a, focal_a, forms):
    services.nominee_add(actor=focal_a, proposal=proposal_a, award_form=forms["collective"])
    item = forms["collective"].checklist.get(name__startswith="Tờ trình")
    login(client, focal_a)
    _post(client, proposal_a, action="generate", item=item.pk, nominee="", fmt="docx")

    doc = Document.objects.get()
    assert doc.kind == "generated" and doc.name == "to-trinh-de-nghi-khen-thuong.docx"
    download = client.get(f"/de-nghi/tai-lieu/{doc.pk}/")
    body = b"".join(download.streaming_content)
    assert body[:2] == b"PK"
    import io

    from docx import Document as Docx

    text = "\n".join(p.text for p in Docx(io.BytesIO(body)).paragraphs)
    assert "TỜ TRÌNH" in text and "Xã Yên Lạc" in text


def test_submit_refused_when_incomplete_names_the_missing_document(
    client, proposal_a, focal_a, forms
):
    services.nominee_add(actor=focal_a, proposal=proposal_a, award_form=forms["collective"])
    login(client, focal_a)
    response = _post(client, proposal_a, action="submit")

    assert "Hồ sơ còn thiếu: Tờ trình đề nghị khen thưởng." in _messages(response)
    proposal_a.refresh_from_db()
    assert proposal_a.state == ProposalState.DRAFT


def test_round_trip_return_supplement_accept(client, filled_a, focal_a, secretariat):
    login(client, focal_a)
    assert _messages(_post(client, filled_a, action="submit")) == [
        "Đã gửi hồ sơ đề nghị khen thưởng."
    ]
    minutes = Document.objects.get(item__name__startswith="Biên bản", superseded_at=None)

    login(client, secretariat)
    response = _post(
        client,
        filled_a,
        action="return",
        note="",
        **{f"reason-{minutes.item_id}-": "Thiếu chữ ký của Chủ tịch Hội đồng."},
    )
    assert _messages(response) == ["Đã trả lại hồ sơ để đơn vị bổ sung."]
    assert "Thiếu chữ ký của Chủ tịch Hội đồng." in response.content.decode()

    login(client, focal_a)
    from django.core.files.uploadedfile import SimpleUploadedFile

    _post(
        client,
        filled_a,
        action="upload",
        item=minutes.item_id,
        nominee="",
        file=SimpleUploadedFile("bb.pdf", pdf_upload("đã ký").data, "application/pdf"),
    )
    _post(client, filled_a, action="submit")
    login(client, secretariat)
    response = _post(client, filled_a, action="accept")

    filled_a.refresh_from_db()
    assert (filled_a.state, filled_a.version) == (ProposalState.ACCEPTED, 2)
    history = response.context["events"]
    assert [e.action for e in history] == [
        "proposal_submit",
        "proposal_return",
        "proposal_submit",
        "proposal_accept",
    ]


def test_focal_point_cannot_review_its_own_dossier(client, filled_a, focal_a):
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    login(client, focal_a)
    response = _post(client, filled_a, action="accept")

    assert _messages(response) == ["Hồ sơ không ở trạng thái chờ xem xét."]
    filled_a.refresh_from_db()
    assert filled_a.state == ProposalState.SUBMITTED


@pytest.mark.parametrize("persona", ["focal_b", "editor", "observer", "no_role_user"])
def test_other_personas_cannot_read_the_dossier_or_its_files(client, request, filled_a, persona):
    user = request.getfixturevalue(persona)
    doc = Document.objects.filter(proposal=filled_a).first()
    nominee = filled_a.nominees.first()
    login(client, user)

    for url in [
        f"/de-nghi/{filled_a.pk}/",
        f"/de-nghi/tai-lieu/{doc.pk}/",
        f"/de-nghi/ung-vien/{nominee.pk}/",
    ]:
        response = client.get(url)
        assert response.status_code in {403, 404}, url
        assert b"Nguy\xe1\xbb\x85n V\xc4\x83n H\xc6\xb0\xe1\xbb\x9fng" not in response.content


def test_focal_point_cannot_see_the_secretariat_list(client, campaign, filled_a, focal_a):
    login(client, focal_a)
    assert client.get(f"/phong-trao/{campaign.pk}/ung-vien/").status_code == 404


def test_council_member_reads_the_dossier_but_cannot_change_it(client, filled_a, council_member):
    login(client, council_member)
    response = client.get(f"/de-nghi/{filled_a.pk}/")
    assert response.context["proposal"] == filled_a
    assert (response.context["can_edit"], response.context["can_review"]) == (False, False)


def test_nominee_page_shows_documents_and_criteria_side_by_side(
    client, filled_a, focal_a, secretariat
):
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    services.proposal_accept(actor=secretariat, proposal=filled_a)
    nominee = filled_a.nominees.get(subject_type="individual")
    login(client, secretariat)

    response = client.get(f"/de-nghi/ung-vien/{nominee.pk}/")

    rows = response.context["rows"]
    assert [r["criterion"].kind for r in rows] == ["rating_at_least", "no_discipline"]
    assert [r["verdict"].final for r in rows] == ["needs_review", "met"]
    assert [s.item.name for s in response.context["documents"]] == [
        "Tờ trình đề nghị khen thưởng.",
        "Biên bản họp Hội đồng Thi đua – Khen thưởng của đơn vị.",
        "Báo cáo thành tích.",
        "Bản tóm tắt thành tích.",
    ]

    verdict = rows[0]["verdict"]
    response = client.post(
        f"/de-nghi/ung-vien/{nominee.pk}/",
        {
            "action": "override",
            "criterion": verdict.criterion_id,
            f"o{verdict.criterion_id}-outcome": "met",
            f"o{verdict.criterion_id}-reason": "",
        },
    )
    assert response.context["rows"][0]["override"].errors["reason"] == [
        "Ghi rõ lý do khi thay đổi kết quả."
    ]
    client.post(
        f"/de-nghi/ung-vien/{nominee.pk}/",
        {
            "action": "override",
            "criterion": verdict.criterion_id,
            f"o{verdict.criterion_id}-outcome": "met",
            f"o{verdict.criterion_id}-reason": "Đã xếp loại Hoàn thành tốt theo Quyết định 15.",
        },
    )
    nominee.refresh_from_db()
    assert nominee.eligible is True


def test_nominee_list_filters_by_eligibility(client, campaign, filled_a, focal_a, secretariat):
    services.proposal_submit(actor=focal_a, proposal=filled_a)
    services.proposal_accept(actor=secretariat, proposal=filled_a)
    Nominee.objects.filter(subject_type="collective").update(eligible=False)
    login(client, secretariat)

    response = client.get(f"/phong-trao/{campaign.pk}/ung-vien/?eligible=no")

    assert [n.display_name for n, _ in response.context["rows"]] == ["Xã Yên Lạc"]


@pytest.mark.parametrize("count", [1, 3])
def test_nominee_list_query_count_is_pinned(
    client,
    campaign,
    proposal_a,
    focal_a,
    secretariat,
    forms,
    world,
    django_assert_num_queries,
    count,
):
    from tests.factories import make_person

    for i in range(count):
        person = make_person(world.commune_a, f"Nông Văn {i}")
        services.nominee_add(
            actor=focal_a, proposal=proposal_a, award_form=forms["individual"], person=person
        )
    complete_dossier(focal_a, proposal_a)
    services.proposal_submit(actor=focal_a, proposal=proposal_a)
    services.proposal_accept(actor=secretariat, proposal=proposal_a)
    login(client, secretariat)

    with django_assert_num_queries(NOMINEE_LIST_QUERIES):
        response = client.get(f"/phong-trao/{campaign.pk}/ung-vien/")
    assert len(response.context["rows"]) == count


NOMINEE_LIST_QUERIES = 18  # + the dossiers' clocks: kinds' rules, durations, calendar, events


def test_evidence_is_served_to_the_secretariat_and_refused_to_another_commune(
    client, filled_a, focal_a, focal_b, secretariat, campaign
):
    nominee = filled_a.nominees.get(subject_type="collective")
    criterion = campaign.criteria.get(kind="attested", subject_type="collective")
    answer = services.answer_set(
        actor=focal_a,
        nominee=nominee,
        criterion=criterion,
        attested=True,
        text="Đã hoàn thành.",
        evidence=pdf_upload("minh chứng"),
    )
    login(client, secretariat)
    page = client.get(f"/de-nghi/ung-vien/{nominee.pk}/").content.decode()
    assert f"/de-nghi/minh-chung/{answer.pk}/" in page
    body = b"".join(client.get(f"/de-nghi/minh-chung/{answer.pk}/").streaming_content)
    assert body == pdf_upload("minh chứng").data

    login(client, focal_b)
    assert client.get(f"/de-nghi/minh-chung/{answer.pk}/").status_code == 404


def test_proposal_and_nominee_pages_name_the_system_for_events_without_a_person(
    client, filled_a, proposal_a, campaign, secretariat
):
    """An event or an override recorded by the system (no actor) reads "hệ thống"; it used to
    crash both pages with a 500 because the name filter ran before the default."""
    from django.utils import timezone

    from thidua.nominations.models import Event, VerdictSet
    from thidua.nominations.verdicts import Verdict, digest, encode, engine_text

    Event.objects.create(proposal=proposal_a, action="submitted", actor=None, at=timezone.now())
    nominee = proposal_a.nominees.first()
    criterion = campaign.criteria.first()
    verdict = Verdict(
        nominee.pk, criterion.pk, "met", "Đạt.", "not_met", "Kiểm tra lại.", None, timezone.now()
    )
    VerdictSet.objects.create(
        nominee=nominee,
        verdicts=encode([verdict]),
        digest=digest(engine_text([(criterion.pk, "met", "Đạt.")])),
        overridden=True,
    )
    login(client, secretariat)

    proposal_page = client.get(f"/de-nghi/{proposal_a.pk}/")
    nominee_page = client.get(f"/de-nghi/ung-vien/{nominee.pk}/")

    assert proposal_page.status_code == 200 and nominee_page.status_code == 200
    assert "hệ thống" in proposal_page.content.decode()
    assert "Thường trực thi đua đánh giá lại (hệ thống," in nominee_page.content.decode()
