"""The upward chain: the district sends its council's list up to the province's campaign; the
province returns it once with every reason, the district supplements and resends, the
province accepts and decides. Each step is on the trail with hashes chained across levels, so
a document changed after its step is found."""

import pytest
from django.core.exceptions import ValidationError

from tests.nominations.conftest import pdf_upload
from thidua.nominations import selectors, services, trail
from thidua.nominations.enums import NomineeState, ProposalState, TrailAction
from thidua.nominations.models import Document, TrailStep

pytestmark = pytest.mark.django_db

DECISION = {
    "id": 7,
    "reference": "215/QĐ-UBND",
    "date": "20/11/2023",
    "summary": "Về việc khen thưởng",
    "issuer": "ỦY BAN NHÂN DÂN HUYỆN NGUYÊN BÌNH",
    "sha256": "a" * 64,
}


def _prepare(secretariat, campaign, province_campaign, nominees, subject="collective"):
    form = province_campaign.award_forms.get(subject_type=subject)
    return services.proposal_forward_prepare(
        actor=secretariat,
        source_campaign=campaign,
        target_campaign=province_campaign,
        award_form=form,
        nominees=[n for n in nominees if n.subject_type == subject],
        decision=DECISION,
        note="Hội đồng huyện đề nghị Chủ tịch UBND tỉnh tặng Bằng khen.",
    )


@pytest.fixture
def sent_up(secretariat, campaign, province_campaign, council_list):
    """The district's package, prepared, completed and sent up."""
    upper = _prepare(secretariat, campaign, province_campaign, council_list)
    for m in selectors.dossier_missing(upper):
        services.document_upload(
            actor=secretariat, proposal=upper, item=m.item, nominee=m.nominee, upload=pdf_upload()
        )
    return services.proposal_submit(actor=secretariat, proposal=upper)


def test_prepare_copies_the_council_list_and_matching_documents(
    secretariat, campaign, province_campaign, council_list, world
):
    upper = _prepare(secretariat, campaign, province_campaign, council_list)
    assert upper.campaign == province_campaign and upper.unit == world.district
    assert upper.source_campaign == campaign
    (copy,) = upper.nominees.all()
    lower = next(n for n in council_list if n.subject_type == "collective")
    assert copy.source_nominee == lower and copy.unit == world.commune_a
    # «Báo cáo thành tích.» is on both checklists: its file came up with the nominee, same bytes.
    (doc,) = Document.objects.filter(proposal=upper)
    assert doc.item.name == "Báo cáo thành tích."
    lower_doc = Document.objects.get(nominee=lower, item__name="Báo cáo thành tích.")
    assert doc.sha256 == lower_doc.sha256
    assert upper.forward_data["decision"]["reference"] == "215/QĐ-UBND"
    # The higher checklist's own Tờ trình is still missing, so sending is refused and says so.
    with pytest.raises(ValidationError) as e:
        services.proposal_submit(actor=secretariat, proposal=upper)
    assert "Hồ sơ còn thiếu: Tờ trình đề nghị khen thưởng của cấp trình." in e.value.messages


def test_send_up_records_the_forward_step_chained_to_the_lower_trail(sent_up, council_list):
    step = TrailStep.objects.get(proposal=sent_up)
    assert step.action == TrailAction.FORWARD and step.unit_name == "Huyện Nguyên Bình"
    lower_last = TrailStep.objects.filter(proposal=council_list[0].proposal).order_by("seq").last()
    assert lower_last.action == TrailAction.ACCEPT
    assert step.payload["forwarded"]["sources"] == [
        {"proposal": council_list[0].proposal_id, "step_hash": lower_last.step_hash}
    ]
    assert step.prev_hash == trail.origin_hash(sent_up.pk, [lower_last.step_hash])
    assert {d["sha256"] for d in step.payload["documents"]} == set(
        Document.objects.filter(proposal=sent_up).values_list("sha256", flat=True)
    )
    result = selectors.trail_of(sent_up)
    assert result.check.intact, result.check.problems
    # The lower level's submit and accept come first, then the higher level's steps.
    assert [s.action for s in result.steps] == ["submit", "accept", "forward"]


def test_return_once_with_every_reason_then_second_return_needs_justification(
    sent_up, province_secretariat, secretariat
):
    slots = selectors.dossier_slots(sent_up)
    reasons = [{"item": s.item, "nominee": s.nominee, "reason": f"Thiếu chữ ký {i}"} for i, s in
               enumerate(slots)]  # fmt: skip
    services.proposal_return(
        actor=province_secretariat, proposal=sent_up, reasons=reasons, note="Bổ sung số liệu."
    )
    step = TrailStep.objects.filter(proposal=sent_up).order_by("seq").last()
    assert step.action == TrailAction.RETURN and step.unit_name == "Tỉnh Cao Bằng"
    assert [r["reason"] for r in step.payload["reasons"]] == ["Thiếu chữ ký 0", "Thiếu chữ ký 1"]
    assert step.payload["return_number"] == 1

    # The district supplements and resends.
    services.document_upload(
        actor=secretariat,
        proposal=sent_up,
        item=slots[0].item,
        nominee=slots[0].nominee,
        upload=pdf_upload("bản đã ký"),
    )
    services.proposal_submit(actor=secretariat, proposal=sent_up)
    assert TrailStep.objects.filter(proposal=sent_up).order_by("seq").last().action == "resend"

    # A second return without a justification is refused, in Vietnamese, and changes nothing.
    with pytest.raises(ValidationError) as e:
        services.proposal_return(
            actor=province_secretariat, proposal=sent_up, reasons=reasons[:1], note=""
        )
    assert "đã được trả lại để bổ sung 1 lần" in e.value.message_dict["justification"][0]
    sent_up.refresh_from_db()
    assert sent_up.state == ProposalState.SUBMITTED
    assert TrailStep.objects.filter(proposal=sent_up).count() == 3

    services.proposal_return(
        actor=province_secretariat,
        proposal=sent_up,
        reasons=reasons[:1],
        justification="Bản ký bổ sung sai thẩm quyền ký.",
    )
    last = TrailStep.objects.filter(proposal=sent_up).order_by("seq").last()
    assert last.payload["justification"] == "Bản ký bổ sung sai thẩm quyền ký."
    assert last.payload["return_number"] == 2
    event = sent_up.events.order_by("at", "id").last()
    assert "Lý do trả lại lần nữa: Bản ký bổ sung sai thẩm quyền ký." in event.note
    assert selectors.trail_of(sent_up).check.intact


def test_a_document_changed_after_its_step_is_detected(sent_up):
    doc = Document.objects.filter(proposal=sent_up).order_by("pk").first()
    with doc.file.open("wb") as fh:  # the file swapped in storage behind the application
        fh.write(b"%PDF-1.4\n% forged\n%%EOF\n")
    check = selectors.trail_of(sent_up).check
    assert not check.intact
    (problem,) = check.problems  # said once, at the first step that recorded the document
    assert problem.startswith("Hồ sơ đã bị thay đổi sau bước 1 (Gửi lên cấp trên, ngày ")
    assert f"nội dung tài liệu «{doc.name}» khác với khi ghi nhận" in problem
    assert (sent_up.pk, 1) in check.broken_steps


def test_a_row_rewritten_with_its_new_hash_is_detected(sent_up):
    forged = pdf_upload("giả mạo")
    doc = Document.objects.filter(proposal=sent_up).order_by("pk").first()
    with doc.file.open("wb") as fh:
        fh.write(forged.data)
    Document.objects.filter(pk=doc.pk).update(sha256=forged.sha256)
    problems = selectors.trail_of(sent_up).check.problems
    assert any("khác với khi ghi nhận" in p for p in problems), problems


def test_an_edited_step_and_a_changed_lower_dossier_are_detected(sent_up, council_list):
    step = TrailStep.objects.get(proposal=sent_up)
    payload = step.payload | {"forwarded": step.payload["forwarded"] | {"decision": None}}
    TrailStep.objects.filter(pk=step.pk).update(payload=payload)
    problems = selectors.trail_of(sent_up).check.problems
    assert any("nội dung ghi nhận của bước này đã bị sửa" in p for p in problems), problems

    TrailStep.objects.filter(pk=step.pk).update(payload=step.payload)  # put back
    assert selectors.trail_of(sent_up).check.intact
    # The commune's own document, checked by the district, changed after the district's step.
    lower = Document.objects.filter(proposal=council_list[0].proposal).order_by("pk").first()
    with lower.file.open("wb") as fh:
        fh.write(b"%PDF-1.4\n% khac\n%%EOF\n")
    problems = selectors.trail_of(sent_up).check.problems
    assert any("sau bước 1 (Gửi hồ sơ, ngày" in p for p in problems), problems


def test_accept_and_decision_at_the_higher_level_close_the_trail(sent_up, province_secretariat):
    services.proposal_accept(actor=province_secretariat, proposal=sent_up)
    (n,) = sent_up.nominees.all()
    services.nominee_stage_council_outcome(
        actor=province_secretariat, nominee=n, outcome="proposed", votes=9, rank=1
    )
    decision = DECISION | {"reference": "1020/QĐ-UBND", "issuer": "UBND TỈNH CAO BẰNG"}
    services.nominees_mark_awarded(actor=province_secretariat, nominees=[n], decision=decision)
    n.refresh_from_db()
    assert n.state == NomineeState.AWARDED
    steps = list(TrailStep.objects.filter(proposal=sent_up).order_by("seq"))
    assert [s.action for s in steps] == ["forward", "accept", "decide"]
    assert steps[-1].payload["decision"]["reference"] == "1020/QĐ-UBND"
    assert steps[-1].unit_name == "Tỉnh Cao Bằng"
    assert selectors.trail_of(sent_up).check.intact


def test_refusals_name_what_is_wrong(
    secretariat, campaign, province_campaign, council_list, filled_a, focal_a
):
    form = province_campaign.award_forms.get(subject_type="collective")
    individual = next(n for n in council_list if n.subject_type == "individual")
    with pytest.raises(ValidationError) as e:
        services.proposal_forward_prepare(
            actor=secretariat,
            source_campaign=campaign,
            target_campaign=province_campaign,
            award_form=form,
            nominees=[individual],
        )
    assert "không thuộc đối tượng của hình thức «Bằng khen của Chủ tịch UBND tỉnh»" in str(e.value)
    with pytest.raises(ValidationError) as e:  # a campaign of the same level is not "up"
        services.proposal_forward_prepare(
            actor=secretariat,
            source_campaign=campaign,
            target_campaign=campaign,
            award_form=campaign.award_forms.first(),
            nominees=council_list,
        )
    assert "Chỉ gửi lên phong trào của cơ quan cấp trên của Huyện Nguyên Bình." in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.proposal_forward_prepare(
            actor=secretariat,
            source_campaign=campaign,
            target_campaign=province_campaign,
            award_form=form,
            nominees=[],
        )
    assert "Chọn ít nhất một tập thể, cá nhân để gửi lên." in str(e.value)
    assert not province_campaign.proposals.exists()


def test_pure_check_names_a_broken_link():
    fields = trail.step_fields(
        proposal_id=1, seq=1, action="submit", actor_id=None, actor_name="hệ thống", unit_id=1,
        unit_name="Xã Yên Lạc", level="Xã", at="2026-01-05T02:00:00+00:00",
        payload={"documents": []},
    )  # fmt: skip
    content = trail.content_hash(fields)
    origin = trail.origin_hash(1)
    good = trail.RecordedStep(1, 1, "Gửi hồ sơ", "05/01/2026", fields, content, origin,
                              trail.step_hash(origin, content))  # fmt: skip
    assert trail.check({1: [good]}, {1: origin}, {}, lambda _: None).intact
    bad = trail.RecordedStep(1, 1, "Gửi hồ sơ", "05/01/2026", fields, content, "f" * 64,
                             trail.step_hash("f" * 64, content))  # fmt: skip
    (problem,) = trail.check({1: [bad]}, {1: origin}, {}, lambda _: None).problems
    assert problem.startswith("Hồ sơ đã bị thay đổi sau bước 1 (Gửi hồ sơ, ngày 05/01/2026)")


def test_a_dossier_forwarded_further_carries_every_level_trail(
    world, secretariat, campaign, forms, province_campaign
):
    """Village → commune (its own campaign) → district → province: the district accepts what
    the commune sent and sends it further; the province reads one chain across three levels."""
    from tests.factories import make_unit
    from tests.nominations.conftest import complete_dossier, make_province_campaign

    village = make_unit("Thôn Nà Pồng", parent=world.commune_a)
    commune_campaign = make_province_campaign(
        world,
        secretariat,
        "Phong trào thi đua của Xã Yên Lạc năm 2023",
        issuer=world.commune_a,
        participants=[village],
    )
    inner = services.proposal_open(actor=secretariat, campaign=commune_campaign, unit=village)
    first = services.nominee_add(
        actor=secretariat,
        proposal=inner,
        award_form=commune_campaign.award_forms.get(subject_type="collective"),
        unit=village,
        achievement="Đi đầu làm đường giao thông nông thôn.",
    )
    complete_dossier(secretariat, inner)
    services.proposal_submit(actor=secretariat, proposal=inner)
    services.proposal_accept(actor=secretariat, proposal=inner)

    to_district = services.proposal_forward_prepare(
        actor=secretariat,
        source_campaign=commune_campaign,
        target_campaign=campaign,
        award_form=forms["collective"],
        nominees=[first],
    )
    complete_dossier(secretariat, to_district)
    services.proposal_submit(actor=secretariat, proposal=to_district)
    services.proposal_accept(actor=secretariat, proposal=to_district)
    (middle,) = to_district.nominees.all()

    to_province = _prepare(secretariat, campaign, province_campaign, [middle])
    complete_dossier(secretariat, to_province)
    services.proposal_submit(actor=secretariat, proposal=to_province)

    (last,) = to_province.nominees.all()
    assert last.source_nominee == middle and middle.source_nominee == first
    result = selectors.trail_of(to_province)
    assert [(s.proposal_id, s.action) for s in result.steps] == [
        (inner.pk, "submit"),
        (inner.pk, "accept"),
        (to_district.pk, "forward"),
        (to_district.pk, "accept"),
        (to_province.pk, "forward"),
    ]
    assert result.check.intact, result.check.problems
    # The village's document, changed after the commune accepted it, is seen from the province.
    doc = Document.objects.filter(proposal=inner).order_by("pk").first()
    with doc.file.open("wb") as fh:
        fh.write(b"%PDF-1.4\n% thon\n%%EOF\n")
    (problem,) = selectors.trail_of(to_province).check.problems
    assert problem.startswith("Hồ sơ đã bị thay đổi sau bước 1 (Gửi hồ sơ, ngày ")
