"""Proposals of commendation from the public: the form with evidence checked by content and
size, the tracking code and its status page, a flood throttled; the secretariat answers or
turns the proposal into a nominee of the campaign it chooses, and only it sees the list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import login
from thidua.campaigns.enums import CampaignState
from thidua.campaigns.models import Campaign, CampaignParticipant
from thidua.core.models import AuditLog
from thidua.nominations.models import Nominee
from thidua.participation import services
from thidua.participation.enums import CitizenState, DeedKind, ProposerKind
from thidua.participation.models import CitizenProposal

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% minh chung\n%%EOF\n"


def _form(world, **extra) -> dict:
    return {
        "unit": world.district.pk, "proposer_kind": ProposerKind.CITIZEN,
        "proposer_name": "Hoàng Văn Pao", "proposer_contact": "0987 111 222",
        "subject_name": "Em Triệu Thị Mai", "deed_kind": DeedKind.RESCUE,
        "happened_on": "20/08/2024", "description": "Cứu hai em nhỏ bị ngã xuống suối.",
        "website": "",
    } | extra  # fmt: skip


@pytest.fixture
def campaigned(campaign):
    """The public form offers the bodies that run campaigns: the district."""
    return campaign


def test_a_citizen_sends_a_proposal_with_evidence_and_follows_its_tracking_code(
    client, world, campaigned, secretariat
):
    evidence = SimpleUploadedFile("xac-nhan.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("portal:citizen_propose"), _form(world, files=[evidence]))
    assert response.status_code == 302
    proposal = CitizenProposal.objects.get()
    assert response["Location"] == f"/de-xuat-khen-thuong/{proposal.code}/?moi=1"
    assert len(proposal.code) == 10 and proposal.unit == world.district
    assert [f.name for f in proposal.files.all()] == ["xac-nhan.pdf"]
    assert proposal.files.get().file.read() == PDF
    page = client.get(response["Location"]).content.decode()
    assert proposal.code in page and "Đã tiếp nhận, đang xem xét" in page
    assert "0987 111 222" not in page  # the proposer's contact stays with the office
    # Looking it up by the code as printed, in lower case with a dash.
    code = proposal.code.lower()
    lookup = client.get(reverse("portal:citizen_propose"), {"ma": f"{code[:5]}-{code[5:]}"})
    assert lookup["Location"] == f"/de-xuat-khen-thuong/{proposal.code}/"
    assert client.get("/de-xuat-khen-thuong/KHONGCOMA1/").status_code == 404
    assert AuditLog.objects.filter(action="participation.citizen.submit").count() == 1
    assert secretariat.notifications.filter(title__contains="Em Triệu Thị Mai").exists()


def test_evidence_is_judged_by_content_and_size(client, world, campaigned, settings):
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(reverse("portal:citizen_propose"), _form(world, files=[fake]))
    html = response.content.decode()
    assert response.status_code == 200 and "anh.jpg: Nội dung tệp không phải" in html
    settings.THIDUA_PUBLIC_EVIDENCE_BYTES = 10
    big = SimpleUploadedFile("to.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("portal:citizen_propose"), _form(world, files=[big]))
    assert "to.pdf: Tệp quá lớn" in response.content.decode()
    assert CitizenProposal.objects.count() == 0
    missing = client.post(reverse("portal:citizen_propose"), _form(world, subject_name=""))
    assert "Nhập tên người hoặc tập thể được đề xuất khen thưởng." in missing.content.decode()


def test_a_proposal_flood_from_one_address_is_throttled(client, world, campaigned, settings):
    settings.THIDUA_PUBLIC_PROPOSALS_PER_WINDOW = 3
    answers = [
        client.post(reverse("portal:citizen_propose"), _form(world), REMOTE_ADDR="198.51.100.7")
        for _ in range(5)
    ]
    assert [r.status_code for r in answers] == [302, 302, 302, 429, 429]
    assert "đã gửi quá 3 lần" in answers[3].content.decode()
    assert CitizenProposal.objects.count() == 3


def _submitted(world) -> CitizenProposal:
    return services.citizen_proposal_submit(
        unit=world.district, proposer_kind=ProposerKind.ENTERPRISE,
        proposer_name="Công ty TNHH Thành Đạt", proposer_contact="0206 3851 999",
        subject_name=world.person_a.full_name, deed_kind=DeedKind.GOOD_DEED,
        description="Trả lại ví nhặt được.", address="203.0.113.7",
        files=[],
    )  # fmt: skip


def test_the_secretariat_answers_and_the_citizen_reads_the_answer(client, world, secretariat):
    proposal = _submitted(world)
    login(client, secretariat)
    page = client.get(reverse("web:citizen_proposal", args=[proposal.pk])).content.decode()
    assert "Công ty TNHH Thành Đạt" in page and "0206 3851 999" in page
    empty = client.post(reverse("web:citizen_answer", args=[proposal.pk]), {"answer": " "})
    assert "Nhập nội dung trả lời người đề xuất." in empty.content.decode()
    client.post(
        reverse("web:citizen_answer", args=[proposal.pk]),
        {"answer": "Xã đã tặng Giấy khen; huyện không khen thêm."},
    )
    proposal.refresh_from_db()
    assert proposal.state == CitizenState.ANSWERED and proposal.handled_by == secretariat
    client.logout()
    status = client.get(f"/de-xuat-khen-thuong/{proposal.code}/").content.decode()
    assert "Đã trả lời" in status and "huyện không khen thêm" in status


def test_the_secretariat_turns_it_into_a_nominee_of_the_chosen_campaign(
    client, world, campaign, forms, secretariat
):
    # The chosen round is running and commune A takes part in it.
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.RUNNING)
    CampaignParticipant.objects.get_or_create(campaign=campaign, unit=world.commune_a)
    individual = forms[1]
    proposal = _submitted(world)
    login(client, secretariat)
    url = reverse("web:citizen_convert", args=[proposal.pk])
    wrong = client.post(url, {"award_form": individual.pk, "unit": world.commune_a.pk,
                              "person_code": "KHONG-CO"})  # fmt: skip
    assert "Không có cá nhân mang mã «KHONG-CO»." in wrong.content.decode()
    response = client.post(url, {"award_form": individual.pk, "unit": world.commune_a.pk,
                                 "person_code": world.person_a.code})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-3000:]
    proposal.refresh_from_db()
    nominee = Nominee.objects.get(pk=proposal.nominee_id)
    assert proposal.state == CitizenState.CONVERTED
    assert (nominee.person, nominee.award_form, nominee.proposal.campaign) == (
        world.person_a, individual, campaign,
    )  # fmt: skip
    assert f"mã {proposal.code}" in nominee.achievement
    row = AuditLog.objects.get(action="participation.citizen.convert")
    assert row.after == {"state": "converted", "nominee": nominee.pk, "campaign": campaign.pk}
    status = client.get(f"/de-xuat-khen-thuong/{proposal.code}/").content.decode()
    assert "Đã chuyển thành đề nghị khen thưởng" in status and individual.name in status
    again = client.post(url, {"award_form": individual.pk, "unit": world.commune_a.pk,
                              "person_code": world.person_a.code}, follow=True)  # fmt: skip
    assert "Đề xuất đang ở trạng thái «Đã chuyển thành đề nghị khen thưởng»." in (
        again.content.decode()
    )


def test_only_the_secretariat_over_the_body_sees_a_proposal(
    client, world, secretariat, focal_a, council_member, editor
):
    proposal = _submitted(world)
    for user in (focal_a, council_member, editor):
        login(client, user)
        assert client.get(reverse("web:citizen_proposals")).status_code == 403
        assert client.get(reverse("web:citizen_proposal", args=[proposal.pk])).status_code == 404
    login(client, secretariat)
    listing = client.get(reverse("web:citizen_proposals")).content.decode()
    assert proposal.code in listing and proposal.subject_name in listing


def test_the_list_costs_a_constant_number_of_queries(
    client, world, secretariat, django_assert_num_queries
):
    login(client, secretariat)
    _submitted(world)
    client.get(reverse("web:citizen_proposals"))
    with django_assert_num_queries(5) as first:
        client.get(reverse("web:citizen_proposals"))
    for _ in range(4):
        _submitted(world)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(reverse("web:citizen_proposals"))
    assert response.content.decode().count("Công ty TNHH Thành Đạt") == 5
