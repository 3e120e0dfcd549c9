"""Self-assessment → appraisal → publication, with who may do each step and what is refused."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.indicators.conftest import (
    FULL_SELF,
    appraise_all,
    assessment_of,
    build_framework,
    demo_plan_pdf_bytes,
    leaf,
    publish_with,
    self_all,
    vn,
)
from thidua.campaigns import services as campaign_services
from thidua.campaigns.enums import PhaseKind
from thidua.core.models import AuditLog, Notification
from thidua.core.uploads import CheckedUpload
from thidua.indicators import services
from thidua.indicators.enums import (
    ASSESSMENT_TRANSITIONS,
    AssessmentState,
    FrameworkState,
)
from thidua.indicators.models import Assessment, Evidence, Framework, NodeResult, Score

D = Decimal
FULL = FULL_SELF | {"3.1": "9"}


def pdf() -> CheckedUpload:
    data = demo_plan_pdf_bytes()
    return CheckedUpload(
        kind="pdf", size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data
    )


def test_framework_tree_rolls_inner_maxima_up_from_leaves(framework):
    nodes = {n.code: n for n in framework.nodes.all()}
    assert (nodes["1"].max_score, nodes["1.1"].max_score, nodes["2"].max_score) == (
        D("10"),
        D("4"),
        D("20"),
    )
    assert [c for c, n in nodes.items() if n.is_leaf] == [
        "1.1.1",
        "1.1.2",
        "1.2",
        "2.1",
        "2.2",
        "3.1",
    ]
    assert nodes["3.1"].is_survey and not nodes["2.1"].is_survey
    assert framework.state == FrameworkState.OPEN
    assert set(framework.assessments.values_list("unit__code", flat=True)) == {"X01732", "X01738"}


def test_self_score_with_evidence_is_saved_and_totalled(world, framework, focal_a):
    a = assessment_of(framework, world.commune_a)
    services.score_self_set(
        actor=focal_a,
        assessment=a,
        node=leaf(framework, "2.1"),
        score="7.5",
        evidence=[pdf()],
        evidence_names=["Quyết định công khai TTHC.pdf"],
        now=vn(2024, 1, 5),
    )
    score = Score.objects.get(assessment=a, node__code="2.1")
    assert score.self_score == D("7.50")
    assert list(score.evidence.values_list("name", flat=True)) == ["Quyết định công khai TTHC.pdf"]
    a.refresh_from_db()
    assert a.self_points == D("7.50")
    assert a.applicable_max == D("40")
    assert (
        AuditLog.objects.filter(action="indicators.score.self", unit=world.commune_a).count() == 1
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("8.01", "Điểm tự chấm của tiêu chí 2.1 (8,01) vượt quá điểm tối đa 8."),
        ("-1", "Điểm tự chấm của tiêu chí 2.1 không được âm."),
        ("abc", "Điểm tự chấm phải là một số."),
        ("7.555", "Điểm tự chấm của tiêu chí 2.1 chỉ được có tối đa 2 chữ số thập phân."),
        ("", "Nhập điểm tự chấm (hoặc đánh dấu «không áp dụng»)."),
    ],
)
def test_bad_self_scores_are_refused_in_vietnamese_and_nothing_is_saved(
    world, framework, value, message
):
    a = assessment_of(framework, world.commune_a)
    with pytest.raises(ValidationError) as exc:
        services.score_self_set(
            actor=None,
            assessment=a,
            node=leaf(framework, "2.1"),
            score=value,
            evidence=[pdf()],
            now=vn(2024, 1, 5),
        )
    assert exc.value.messages == [message]
    assert not Score.objects.exists() and not Evidence.objects.exists()


def test_score_without_evidence_needs_an_explanation(world, framework):
    a = assessment_of(framework, world.commune_a)
    with pytest.raises(ValidationError) as exc:
        services.score_self_set(
            actor=None, assessment=a, node=leaf(framework, "2.1"), score="8", now=vn(2024, 1, 5)
        )
    assert exc.value.messages == [
        "Chưa có tài liệu kiểm chứng: tải tài liệu lên hoặc giải trình lý do không có."
    ]
    services.score_self_set(
        actor=None,
        assessment=a,
        node=leaf(framework, "2.1"),
        score="8",
        explanation="Niêm yết tại bộ phận một cửa, chưa chụp ảnh.",
        now=vn(2024, 1, 5),
    )
    assert Score.objects.get().explanation == "Niêm yết tại bộ phận một cửa, chưa chụp ảnh."


def test_survey_leaf_is_not_self_assessed(world, framework):
    a = assessment_of(framework, world.commune_a)
    with pytest.raises(ValidationError) as exc:
        services.score_self_set(
            actor=None,
            assessment=a,
            node=leaf(framework, "3.1"),
            score="9",
            explanation="x",
            now=vn(2024, 1, 5),
        )
    assert "điều tra xã hội học" in exc.value.messages[0]


def test_submit_needs_every_leaf_and_the_deadline(world, framework):
    a = assessment_of(framework, world.commune_a)
    self_all(a, {"2.1": "8"})
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(actor=None, assessment=a, now=vn(2024, 1, 6))
    assert exc.value.messages == ["Còn 4 tiêu chí thành phần chưa tự chấm: 1.1.1, 1.1.2, 1.2, 2.2."]
    self_all(a, FULL_SELF)
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(actor=None, assessment=a, now=vn(2024, 1, 15))
    assert exc.value.messages == ["Đã hết hạn gửi kết quả tự chấm (trước ngày 15/01/2024)."]
    with pytest.raises(ValidationError):
        services.score_self_set(
            actor=None,
            assessment=a,
            node=leaf(framework, "2.1"),
            score="7",
            explanation="x",
            now=vn(2024, 1, 15),
        )
    services.assessment_submit(actor=None, assessment=a, now=vn(2024, 1, 14, 23, 59))
    a.refresh_from_db()
    assert a.state == AssessmentState.SUBMITTED
    assert a.self_points == D("26.50")


def test_not_applicable_leaf_leaves_the_appraisable_maximum(world, framework):
    a = assessment_of(framework, world.commune_a)
    self_all(a, {k: v for k, v in FULL_SELF.items() if k != "1.2"})
    services.score_self_set(
        actor=None,
        assessment=a,
        node=leaf(framework, "1.2"),
        score=None,
        not_applicable=True,
        now=vn(2024, 1, 5),
    )
    services.assessment_submit(actor=None, assessment=a, now=vn(2024, 1, 6))
    values = {
        leaf(framework, c).pk: services.Appraisal(score=v) for c, v in FULL.items() if c != "1.2"
    }
    values[leaf(framework, "1.2").pk] = services.Appraisal(score="", not_applicable=True)
    services.appraisal_save(actor=None, assessment=a, values=values)
    services.assessment_appraise(actor=None, assessment=a)
    a.refresh_from_db()
    # 2 + 1.5 + 8 + 10 + 9 = 30.5 of 34 (40 less the 6 points of 1.2)
    assert (a.points, a.applicable_max, a.percent, a.band) == (
        D("30.50"),
        D("34.00"),
        D("89.71"),
        "Tốt",
    )


def test_appraisal_return_once_then_appraise_and_publish(world, framework, secretariat, focal_a):
    a = assessment_of(framework, world.commune_a)
    self_all(a, FULL_SELF, actor=focal_a)
    services.assessment_submit(actor=focal_a, assessment=a, now=vn(2024, 1, 6))
    services.assessment_return(
        actor=secretariat,
        assessment=a,
        note="Bổ sung quyết định công khai TTHC.",
        now=vn(2024, 1, 10),
    )
    a.refresh_from_db()
    assert a.state == AssessmentState.RETURNED
    assert (
        Notification.objects.filter(user=focal_a, title__startswith="Đề nghị giải trình").count()
        == 1
    )
    # the unit answers after the deadline: allowed for a returned assessment
    services.score_self_set(
        actor=focal_a,
        assessment=a,
        node=leaf(framework, "2.1"),
        score="8",
        evidence=[pdf()],
        now=vn(2024, 1, 16),
    )
    services.assessment_submit(actor=focal_a, assessment=a, now=vn(2024, 1, 16))
    with pytest.raises(ValidationError) as exc:
        services.assessment_return(actor=secretariat, assessment=a, note="Lần nữa.")
    assert exc.value.messages == ["Kết quả này đã được trả lại một lần; không trả lại lần nữa."]
    with pytest.raises(ValidationError) as exc:
        services.assessment_appraise(actor=secretariat, assessment=a)
    assert exc.value.messages == [
        "Còn 6 tiêu chí thành phần chưa có điểm thẩm định: 1.1.1, 1.1.2, 1.2, 2.1, 2.2, 3.1."
    ]
    appraise_all(a, FULL | {"2.2": "9"}, actor=secretariat)
    a.refresh_from_db()
    assert (a.state, a.points, a.percent, a.band) == (
        AssessmentState.APPRAISED,
        D("34.50"),
        D("86.25"),
        "Tốt",
    )


def test_appraised_score_above_the_maximum_is_refused_and_nothing_saved(world, framework):
    a = assessment_of(framework, world.commune_a)
    self_all(a, FULL_SELF)
    services.assessment_submit(actor=None, assessment=a, now=vn(2024, 1, 6))
    values = {
        leaf(framework, "2.1").pk: services.Appraisal(score="7"),
        leaf(framework, "2.2").pk: services.Appraisal(score="12.5"),
    }
    with pytest.raises(ValidationError) as exc:
        services.appraisal_save(actor=None, assessment=a, values=values)
    assert exc.value.messages == ["Điểm thẩm định của tiêu chí 2.2 (12,5) vượt quá điểm tối đa 12."]
    assert not Score.objects.filter(appraised_score__isnull=False).exists()


def test_publish_needs_every_unit_appraised(world, framework):
    a = assessment_of(framework, world.commune_a)
    self_all(a, FULL_SELF)
    services.assessment_submit(actor=None, assessment=a, now=vn(2024, 1, 6))
    appraise_all(a, FULL)
    with pytest.raises(ValidationError) as exc:
        services.framework_publish(actor=None, framework=framework)
    assert exc.value.messages == ["Còn 1 đơn vị chưa thẩm định xong: Xã Ca Thành."]
    assert Assessment.objects.get(pk=a.pk).state == AssessmentState.APPRAISED


def test_publish_writes_node_results_and_exact_90_percent_is_xuat_sac(world, framework, focal_a):
    # 36 of 40 = 90.00 % exactly; 35 of 40 = 87.50 %
    publish_with(
        world,
        framework,
        {
            world.commune_a: FULL | {"1.1.2": "2", "1.2": "6", "2.2": "9"},
            world.commune_b: FULL | {"1.2": "6", "2.2": "10", "3.1": "7.5"},
        },
    )
    a, b = assessment_of(framework, world.commune_a), assessment_of(framework, world.commune_b)
    assert (a.points, a.percent, a.band, a.state) == (
        D("36.00"),
        D("90.00"),
        "Xuất sắc",
        "published",
    )
    assert (b.points, b.percent, b.band) == (D("35.00"), D("87.50"), "Tốt")
    assert (a.source_doc_number, a.source_doc_date) == ("15/TB-UBND", dt.date(2024, 1, 20))
    results = dict(NodeResult.objects.filter(assessment=a).values_list("node__code", "points"))
    assert results == {
        "1": D("10"),
        "1.1": D("4"),
        "1.1.1": D("2"),
        "1.1.2": D("2"),
        "1.2": D("6"),
        "2": D("17"),
        "2.1": D("8"),
        "2.2": D("9"),
        "3": D("9"),
        "3.1": D("9"),
    }
    framework.refresh_from_db()
    assert framework.state == FrameworkState.PUBLISHED
    assert (
        Notification.objects.filter(user=focal_a, title__startswith="Công bố kết quả").count() == 1
    )


def test_every_transition_of_the_table_is_made_by_its_service(world, framework):
    a = assessment_of(framework, world.commune_a)
    self_all(a, FULL_SELF)
    services.assessment_submit(actor=None, assessment=a, now=vn(2024, 1, 6))
    services.assessment_return(actor=None, assessment=a, note="Giải trình 2.2.")
    services.assessment_submit(actor=None, assessment=a, now=vn(2024, 1, 20))
    appraise_all(a, FULL)
    b = assessment_of(framework, world.commune_b)
    self_all(b, FULL_SELF)
    services.assessment_submit(actor=None, assessment=b, now=vn(2024, 1, 6))
    appraise_all(b, FULL)
    services.framework_publish(actor=None, framework=framework)
    made = set(
        AuditLog.objects.filter(
            object_type="indicators.assessment", object_id=str(a.pk)
        ).values_list("action", flat=True)
    )
    # Publishing moves every unit at once: one audit row for the batch, on the framework,
    # listing each assessment and unit it published.
    (batch,) = AuditLog.objects.filter(action="indicators.framework_publish")
    assert (batch.object_type, batch.object_id) == ("indicators.framework", str(framework.pk))
    assert sorted(batch.after["assessments"]) == sorted([a.pk, b.pk])
    assert sorted(batch.after["units"]) == sorted([a.unit_id, b.unit_id])
    made.add(batch.action)
    expected = {f"indicators.{name}" for name in ASSESSMENT_TRANSITIONS.values()}
    assert expected <= made


@pytest.mark.parametrize(
    ("state", "call"),
    [
        (AssessmentState.DRAFT, "assessment_appraise"),
        (AssessmentState.DRAFT, "assessment_return"),
        (AssessmentState.SUBMITTED, "assessment_submit"),
        (AssessmentState.APPRAISED, "assessment_submit"),
        (AssessmentState.APPRAISED, "assessment_return"),
        (AssessmentState.PUBLISHED, "assessment_appraise"),
        (AssessmentState.PUBLISHED, "assessment_submit"),
    ],
)
def test_moves_outside_the_table_are_refused(world, framework, state, call):
    a = assessment_of(framework, world.commune_a)
    Assessment.objects.filter(pk=a.pk).update(state=state)
    a.refresh_from_db()
    kwargs = {"note": "x"} if call == "assessment_return" else {}
    with pytest.raises(ValidationError) as exc:
        getattr(services, call)(actor=None, assessment=a, **kwargs)
    assert exc.value.messages[0].startswith("Không thể chuyển kết quả chấm điểm từ")
    assert Assessment.objects.get(pk=a.pk).state == state


def test_who_may_do_each_step(world, framework, secretariat, focal_a, focal_b, council_member):
    a = assessment_of(framework, world.commune_a)
    assert focal_a.has_perm("indicators.self_assess", a)
    assert not focal_b.has_perm("indicators.self_assess", a)
    assert not council_member.has_perm("indicators.self_assess", a)
    assert not focal_a.has_perm("indicators.appraise", a)
    self_all(a, FULL_SELF)
    services.assessment_submit(actor=focal_a, assessment=a, now=vn(2024, 1, 6))
    a.refresh_from_db()
    # once submitted the unit may no longer change it; the secretariat appraises
    assert not focal_a.has_perm("indicators.self_assess", a)
    assert secretariat.has_perm("indicators.appraise", a)
    assert not focal_a.has_perm("indicators.appraise", a)
    assert not council_member.has_perm("indicators.appraise", a)
    assert secretariat.has_perm("indicators.publish", framework)
    for user in (focal_a, focal_b, council_member):
        assert not user.has_perm("indicators.publish", framework)
    assert focal_a.has_perm("indicators.view_assessment", a)
    assert not focal_b.has_perm("indicators.view_assessment", a)


def test_publishing_opens_the_nomination_phase_of_waiting_campaigns(world, secretariat, focal_a):
    from tests.campaigns.conftest import vn as campaign_vn
    from thidua.campaigns.enums import CriterionKind, DossierScope, SubjectType

    campaign = campaign_services.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=2023,
        title="Thi đua CCHC năm 2023",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
        place="Nguyên Bình",
        period_start=dt.date(2023, 1, 5),
        period_end=dt.date(2023, 12, 30),
    )
    campaign_services.participants_set(
        actor=secretariat, campaign=campaign, units=[world.commune_a, world.commune_b]
    )
    campaign_services.phase_set(
        actor=secretariat,
        campaign=campaign,
        kind=PhaseKind.REGISTRATION,
        starts_at=campaign_vn(2023, 1, 5),
        ends_at=campaign_vn(2023, 1, 10),
    )
    campaign_services.criterion_add(
        actor=secretariat,
        campaign=campaign,
        subject_type=SubjectType.COLLECTIVE,
        text="Hoàn thành 100%.",
        kind=CriterionKind.TASKS_COMPLETED,
        params={"min_percent": 100},
    )
    campaign_services.award_form_add(
        actor=secretariat,
        campaign=campaign,
        name="Giấy khen",
        legal_kind="GIAY_KHEN_THU_TRUONG",
        subject_type=SubjectType.COLLECTIVE,
        quota=5,
        checklist=[("Tờ trình.", DossierScope.PER_PROPOSAL)],
    )
    campaign_services.campaign_publish(actor=secretariat, campaign=campaign)
    communes = build_framework(world, units=[world.commune_a, world.commune_b])
    agencies = build_framework(
        world, units=[world.noivu], subject_kind="agency", name="Chỉ số CCHC các cơ quan năm 2023"
    )
    services.nomination_wait_set(
        actor=secretariat, campaign=campaign, frameworks=[communes, agencies], nomination_days=14
    )
    publish_with(world, communes, {world.commune_a: FULL, world.commune_b: FULL})
    assert campaign.phases.filter(kind=PhaseKind.NOMINATION).count() == 0  # agencies still due
    publish_with(world, agencies, {world.noivu: FULL}, now=vn(2024, 1, 25, 9, 0))
    phase = campaign.phases.get(kind=PhaseKind.NOMINATION)
    assert (phase.starts_at, phase.ends_at) == (vn(2024, 1, 25, 9, 0), vn(2024, 2, 9))
    note = Notification.objects.get(user=focal_a, title__startswith="Đề nghị khen thưởng")
    assert note.body.endswith("gửi hồ sơ đề nghị khen thưởng trước ngày 09/02/2024.")
    assert AuditLog.objects.filter(action="indicators.nomination.open").count() == 1


def test_copy_forward_keeps_the_tree_bands_and_assignments(world, framework):
    node = leaf(framework, "2.2")
    services.component_assign(actor=None, node=node, unit=world.noivu, subject=world.commune_a)
    copy = services.framework_copy(actor=None, framework=framework)
    assert (copy.year, copy.state, copy.name) == (
        2024,
        FrameworkState.DRAFT,
        "Chỉ số CCHC cấp xã năm 2024",
    )
    old = list(
        framework.nodes.order_by("code").values_list("code", "parent__code", "max_score", "is_leaf")
    )
    new = list(
        copy.nodes.order_by("code").values_list("code", "parent__code", "max_score", "is_leaf")
    )
    assert old == new
    assert list(copy.bands.values_list("label", flat=True)) == [
        "Xuất sắc",
        "Tốt",
        "Khá",
        "Trung bình",
    ]
    assert list(
        copy.nodes.get(code="2.2").assignments.values_list("unit__code", "subject__code")
    ) == [("NB-NV", "X01732")]
    with pytest.raises(ValidationError) as exc:
        services.framework_copy(actor=None, framework=framework)
    assert exc.value.messages == ["Đã có bộ chỉ số này cho năm 2024."]


def test_a_campaign_refusing_the_phase_does_not_stop_the_publication(world, secretariat):
    from tests.campaigns.conftest import vn as campaign_vn
    from thidua.campaigns.models import Campaign

    campaign = campaign_services.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=2023,
        title="Thi đua CCHC năm 2023",
        issuer_display="ỦY BAN NHÂN DÂN",
        place="Nguyên Bình",
        period_start=dt.date(2023, 1, 5),
        period_end=dt.date(2023, 12, 30),
    )
    # a council meeting already scheduled after the publication: the nomination would overlap
    campaign_services.phase_set(
        actor=secretariat,
        campaign=campaign,
        kind=PhaseKind.COUNCIL,
        starts_at=campaign_vn(2024, 1, 30),
        ends_at=campaign_vn(2024, 1, 31),
    )
    Campaign.objects.filter(pk=campaign.pk).update(state="published")
    communes = build_framework(world, units=[world.commune_a])
    services.nomination_wait_set(actor=secretariat, campaign=campaign, frameworks=[communes])
    publish_with(world, communes, {world.commune_a: FULL})
    communes.refresh_from_db()
    assert communes.state == FrameworkState.PUBLISHED
    assert not campaign.phases.filter(kind=PhaseKind.NOMINATION).exists()
    refused = AuditLog.objects.get(action="indicators.nomination.open_refused")
    assert "bắt đầu" in refused.note and "trước khi giai đoạn" in refused.note


def test_publishing_is_queued_runs_once_and_a_late_refusal_shows_on_the_framework(
    world, framework, secretariat, settings
):
    """Publishing a province's thousands of units runs on the task queue: the request checks
    and queues; the task publishes once, even when delivered twice; a refusal found when the
    task runs is kept for the framework's page and told to whoever asked."""
    for unit in (world.commune_a, world.commune_b):
        a = assessment_of(framework, unit)
        self_all(a, FULL_SELF)
        services.assessment_submit(actor=None, assessment=a, now=vn(2024, 1, 6))
        appraise_all(a, FULL)
    settings.THIDUA_TASKS_SYNC = False  # queued for the worker, as in production
    services.framework_publish_request(
        actor=secretariat, framework=framework, doc_number="15/TB-UBND"
    )
    framework.refresh_from_db()
    assert framework.state != FrameworkState.PUBLISHED and framework.publish_queued_at
    with pytest.raises(ValidationError, match="đang được công bố"):
        services.framework_publish_request(actor=secretariat, framework=framework)

    services.framework_publish_task(framework.pk, secretariat.pk, "15/TB-UBND", None)
    services.framework_publish_task(framework.pk, secretariat.pk, "15/TB-UBND", None)
    framework.refresh_from_db()
    assert (framework.state, framework.publish_queued_at) == (FrameworkState.PUBLISHED, None)
    assert framework.source_doc_number == "15/TB-UBND"
    published = AuditLog.objects.filter(action="indicators.framework.publish")
    assert published.count() == 1  # delivered twice, published once

    # Another framework whose unit was sent back after the request: refused when the task runs.
    Framework.objects.filter(pk=framework.pk).update(state=FrameworkState.OPEN)
    Assessment.objects.filter(framework=framework, unit=world.commune_b).update(
        state=AssessmentState.SUBMITTED
    )
    services.framework_publish_task(framework.pk, secretariat.pk, "", None)
    framework.refresh_from_db()
    assert framework.publish_error == "Còn 1 đơn vị chưa thẩm định xong: Xã Ca Thành."
    assert Notification.objects.filter(
        user=secretariat, title=f"Chưa công bố được: {framework.name}"
    ).exists()
