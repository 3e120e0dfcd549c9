import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tests.fixtures.campaigns import vn
from thidua.campaigns import services
from thidua.campaigns.enums import TRANSITIONS, CampaignState, PhaseKind
from thidua.campaigns.models import Campaign
from thidua.core.models import AuditLog, Notification

SERVICES = {
    CampaignState.PUBLISHED: lambda actor, c: services.campaign_publish(actor=actor, campaign=c),
    CampaignState.RUNNING: lambda actor, c: services.campaign_start(actor=actor, campaign=c),
    CampaignState.EVALUATING: lambda actor, c: services.campaign_start_evaluation(
        actor=actor, campaign=c
    ),
    CampaignState.DECIDED: lambda actor, c: services.campaign_mark_decided(actor=actor, campaign=c),
    CampaignState.CLOSED: lambda actor, c: services.campaign_close(actor=actor, campaign=c),
}
ORDER = [
    CampaignState.DRAFT,
    CampaignState.PUBLISHED,
    CampaignState.RUNNING,
    CampaignState.EVALUATING,
    CampaignState.DECIDED,
    CampaignState.CLOSED,
]


def test_each_allowed_transition_moves_one_step_and_writes_an_audit_row(draft, secretariat):
    for before, after in zip(ORDER, ORDER[1:], strict=False):
        campaign = SERVICES[after](secretariat, draft)
        assert campaign.state == after
        log = AuditLog.objects.filter(
            object_id=str(draft.pk), action__startswith="campaigns.campaign.campaign_"
        ).latest("id")
        assert (log.before, log.after, log.actor) == (
            {"state": before},
            {"state": after},
            secretariat,
        )
        assert log.action == f"campaigns.campaign.{TRANSITIONS[(before, after)]}"


@pytest.mark.parametrize("start", ORDER)
@pytest.mark.parametrize("target", ORDER[1:])
def test_every_other_transition_is_refused(draft, secretariat, start, target):
    if (start, target) in TRANSITIONS:
        return  # covered above
    Campaign.objects.filter(pk=draft.pk).update(state=start)
    with pytest.raises(ValidationError) as exc:
        SERVICES[target](secretariat, draft)
    assert "Không thể chuyển phong trào" in str(exc.value) or "đã ban hành" in str(exc.value)
    draft.refresh_from_db()
    assert draft.state == start


def test_publish_needs_participants_phase_award_form_and_criteria(world, secretariat):
    import datetime as dt

    empty = services.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=2024,
        title="Thi đua 2024",
        issuer_display="UBND",
        place="Nguyên Bình",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
    )
    with pytest.raises(ValidationError) as exc:
        services.campaign_publish(actor=secretariat, campaign=empty)
    assert exc.value.messages == [
        "Chưa chọn đơn vị tham gia.",
        "Chưa đặt hạn đăng ký thi đua và gửi kế hoạch của đơn vị.",
        "Chưa có hình thức khen thưởng.",
        "Chưa có tiêu chí thi đua.",
    ]
    empty.refresh_from_db()
    assert empty.state == CampaignState.DRAFT


def test_publish_generates_the_plan_and_notifies_each_participant_focal_point(
    draft, secretariat, focal_a, focal_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = services.campaign_publish(actor=secretariat, campaign=draft, doc_number="05")
    assert campaign.plan_pdf.read(5) == b"%PDF-"
    assert campaign.plan_docx.read(2) == b"PK"
    notes = Notification.objects.filter(title__startswith="Kế hoạch 05/KH-UBND").order_by(
        "user__username"
    )
    assert [n.user for n in notes] == [focal_a, focal_b]
    assert notes[0].body == (
        "Huyện Nguyên Bình đã ban hành Kế hoạch 05/KH-UBND về việc phát động phong trào thi đua "
        "cải cách hành chính năm 2023. Đề nghị đơn vị đăng ký thi đua và gửi kế hoạch của đơn vị "
        "trước ngày 10/01/2023."
    )
    assert sorted(m.to[0] for m in mail.outbox) == [focal_a.email, focal_b.email]
    assert mail.outbox[0].subject == f"Kế hoạch 05/KH-UBND: {draft.title}"


def test_plan_content_cannot_change_after_publishing(published, secretariat):
    with pytest.raises(ValidationError):
        services.campaign_update(actor=secretariat, campaign=published, title="Khác")
    services.campaign_update(actor=secretariat, campaign=published, reminder_days=5)
    published.refresh_from_db()
    assert published.reminder_days == 5 and published.title != "Khác"


def test_registration_deadline_may_not_fall_after_the_period(draft, secretariat):
    with pytest.raises(ValidationError) as exc:
        services.phase_set(
            actor=secretariat,
            campaign=draft,
            kind=PhaseKind.REGISTRATION,
            starts_at=vn(2023, 1, 5),
            ends_at=vn(2024, 1, 2),
        )
    assert "không được sau ngày kết thúc thi đua" in exc.value.messages[0]


def test_overlapping_phases_are_refused(draft, secretariat):
    with pytest.raises(ValidationError) as exc:
        services.phase_set(
            actor=secretariat,
            campaign=draft,
            kind=PhaseKind.NOMINATION,
            starts_at=vn(2023, 1, 8),
            ends_at=vn(2023, 2, 1),
        )
    assert "bắt đầu (00:00 08/01/2023) trước khi giai đoạn" in exc.value.messages[0]
    assert not draft.phases.filter(kind=PhaseKind.NOMINATION).exists()


def test_phase_end_before_start_is_refused(draft, secretariat):
    with pytest.raises(ValidationError) as exc:
        services.phase_set(
            actor=secretariat,
            campaign=draft,
            kind=PhaseKind.COUNCIL,
            starts_at=vn(2024, 2, 1),
            ends_at=vn(2024, 1, 1),
        )
    assert exc.value.messages == ["Thời điểm kết thúc phải sau thời điểm bắt đầu."]


def test_bad_criterion_parameters_are_refused_in_vietnamese(draft, secretariat):
    with pytest.raises(ValidationError) as exc:
        services.criterion_add(
            actor=secretariat,
            campaign=draft,
            subject_type="collective",
            text="x",
            kind="tasks_completed",
            params={"min_percent": "abc"},
        )
    assert exc.value.message_dict["params"] == ["Tham số «tỷ lệ tối thiểu (%)» phải là một số."]
    with pytest.raises(ValidationError) as exc:
        services.criterion_add(
            actor=secretariat,
            campaign=draft,
            subject_type="collective",
            text="x",
            kind="tasks_completed",
            params={"min_percent": 120},
        )
    assert "trong khoảng 0–100" in exc.value.message_dict["params"][0]


def test_clone_copies_the_plan_into_next_year_as_a_draft(published, secretariat):
    copy = services.campaign_clone(actor=secretariat, campaign=published)
    assert (copy.state, copy.year, copy.doc_number) == (CampaignState.DRAFT, 2024, "")
    assert copy.title == "Phát động phong trào thi đua cải cách hành chính năm 2024"
    assert copy.phases.get(kind=PhaseKind.REGISTRATION).ends_at == vn(2024, 1, 10)
    assert [c.text for c in copy.criteria.all()] == [
        "Kết quả thực hiện nhiệm vụ cải cách hành chính năm 2024 hoàn thành 100%."
    ]
    form = copy.award_forms.get()
    assert (form.quota, [i.name for i in form.checklist.all()]) == (
        5,
        ["Tờ trình đề nghị khen thưởng."],
    )
    assert sorted(copy.participants.values_list("unit_id", flat=True)) == sorted(
        published.participants.values_list("unit_id", flat=True)
    )
    assert copy.registrations.count() == 0
