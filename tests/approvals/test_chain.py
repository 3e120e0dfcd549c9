# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""The internal approval chain end to end on the screens: the administrator configures the
office's steps and who holds each role; the secretariat assigns a received dossier to an
officer; it goes up step by step, is returned with a comment, comes back up and is approved;
at each moment «Việc của tôi» lists it for exactly the person it waits for, with its due date
in working days."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import _persona, login
from tests.nominations.conftest import (  # noqa: F401
    _private_media,
    campaign,
    filled_a,
    forms,
    proposal_a,
)
from thidua.approvals import selectors, services
from thidua.approvals.enums import AssignmentState, StepRole
from thidua.approvals.models import Action, Assignment
from thidua.core.models import AuditLog
from thidua.nominations import services as nominations
from thidua.nominations.models import Proposal
from thidua.org.enums import Role

pytestmark = pytest.mark.django_db
CHAIN_URL = "/cau-hinh/quy-trinh-duyet/"


@pytest.fixture
def staff(world):
    return {
        "officer": _persona("chuyenvien", Role.SECRETARIAT, world.district, first_name="Hà",
                            last_name="Thu"),
        "head": _persona("truongphong", Role.SECRETARIAT, world.district),
        "leader": _persona("lanhdao", Role.COUNCIL_CHAIR, world.district),
    }  # fmt: skip


@pytest.fixture
def received(filled_a, focal_a):
    nominations.proposal_submit(actor=focal_a, proposal=filled_a)
    at = dt.datetime(2026, 2, 6, 9, tzinfo=timezone.get_current_timezone())
    Proposal.objects.filter(pk=filled_a.pk).update(submitted_at=at)
    return filled_a


def _configure(client, admin_user, world, staff):
    login(client, admin_user)
    response = client.post(CHAIN_URL, {
        "action": "steps", "office": world.district.pk,
        "name_1": "Chuyên viên thụ lý", "role_1": StepRole.OFFICER,
        "name_2": "Lãnh đạo phòng", "role_2": StepRole.DIVISION_HEAD,
        "name_3": "Lãnh đạo cơ quan", "role_3": StepRole.OFFICE_HEAD,
    })  # fmt: skip
    assert response.status_code == 302
    for key, role in (
        ("officer", StepRole.OFFICER),
        ("head", StepRole.DIVISION_HEAD),
        ("leader", StepRole.OFFICE_HEAD),
    ):
        response = client.post(CHAIN_URL, {
            "action": "approver", "office": world.district.pk, "user": staff[key].pk,
            "role": role,
        })  # fmt: skip
        assert response.status_code == 302, response.content.decode()


def _work(client, user) -> str:
    login(client, user)
    return client.get("/viec-cua-toi/").content.decode()


def _act(client, user, proposal, decision, comment=""):
    login(client, user)
    return client.post(
        f"/duyet-ho-so/{proposal.pk}/",
        {"action": "act", "decision": decision, "comment": comment},
    )


def test_a_dossier_goes_up_the_chain_is_returned_and_approved(
    client, admin_user, world, staff, received, secretariat
):
    _configure(client, admin_user, world, staff)
    page = client.get(CHAIN_URL).content.decode()
    assert "Lãnh đạo phòng" in page and "truongphong" in page
    assert AuditLog.objects.filter(action="approvals.chain.set").count() == 1
    assert AuditLog.objects.filter(action="approvals.approver.add").count() == 3

    # The secretariat assigns the received dossier to the officer.
    login(client, secretariat)
    url = f"/duyet-ho-so/{received.pk}/"
    assert "chưa phân công" in client.get(url).content.decode()
    response = client.post(url, {"action": "assign", "officer": staff["officer"].pk})
    assert response.status_code == 302
    assignment = Assignment.objects.get(proposal=received)
    assert [s["name"] for s in assignment.steps] == [
        "Chuyên viên thụ lý", "Lãnh đạo phòng", "Lãnh đạo cơ quan",
    ]  # fmt: skip

    # It waits for the officer only, due 13/03/2026 (20 working days over Tết), overdue now.
    work = _work(client, staff["officer"])
    row = work.split(f'data-proposal="{received.pk}"')[1].split("</tr>")[0]
    assert "Bước 1/3: Chuyên viên thụ lý" in row and "hạn 13/03/2026" in row
    assert "quá hạn" in row and 'class="overdue"' in work
    assert f'data-proposal="{received.pk}"' not in _work(client, staff["head"])

    assert _act(client, staff["officer"], received, "approve", "Đủ hồ sơ").status_code == 302
    assert f'data-proposal="{received.pk}"' not in _work(client, staff["officer"])
    assert "Bước 2/3: Lãnh đạo phòng" in _work(client, staff["head"])

    # The officer can no longer act; the head returns it, with a reason (required).
    page = _act(client, staff["officer"], received, "approve").content.decode()
    assert "Hồ sơ không ở bước bạn xử lý." in page or "bạn không phải" in page
    page = _act(client, staff["head"], received, "return", "").content.decode()
    assert "Ghi rõ lý do trả lại." in page
    assignment.refresh_from_db()
    assert assignment.current == 1
    reason = "Bổ sung số liệu chỉ số CCHC năm 2025"
    assert _act(client, staff["head"], received, "return", reason).status_code == 302
    assert "Bước 1/3: Chuyên viên thụ lý" in _work(client, staff["officer"])

    _act(client, staff["officer"], received, "approve", "Đã bổ sung")
    _act(client, staff["head"], received, "approve", "Trình lãnh đạo")
    assert "Bước 3/3: Lãnh đạo cơ quan" in _work(client, staff["leader"])
    assert _act(client, staff["leader"], received, "approve", "Đồng ý").status_code == 302

    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.APPROVED and assignment.approved_at
    for user in staff.values():
        assert f'data-proposal="{received.pk}"' not in _work(client, user)
    login(client, secretariat)
    page = client.get(url).content.decode()
    assert "Đã duyệt xong" in page and reason in page
    assert [(a.kind, a.step) for a in Action.objects.filter(assignment=assignment)] == [
        ("assign", 0), ("approve", 0), ("return", 1), ("approve", 0), ("approve", 1),
        ("approve", 2),
    ]  # fmt: skip
    assert AuditLog.objects.filter(action="approvals.assignment.approve_last").count() == 1
    assert AuditLog.objects.get(action="approvals.assignment.return").note == reason


def test_a_first_step_not_for_the_officer_and_an_empty_chain_are_refused(client, admin_user, world):
    login(client, admin_user)
    page = client.post(CHAIN_URL, {
        "action": "steps", "office": world.district.pk,
        "name_1": "Lãnh đạo phòng", "role_1": StepRole.DIVISION_HEAD,
    }).content.decode()  # fmt: skip
    assert "Bước đầu tiên do «Chuyên viên thụ lý» thực hiện" in page
    page = client.post(CHAIN_URL, {"action": "steps", "office": world.district.pk}).content
    assert "Quy trình cần ít nhất một bước." in page.decode()
    page = client.post(CHAIN_URL, {
        "action": "steps", "office": world.district.pk, "name_1": "Thụ lý",
    }).content.decode()  # fmt: skip
    assert "Chọn vai trò xử lý của bước này." in page
    assert selectors.chain_of(world.district) is None


def test_assigning_without_a_chain_says_where_to_configure_it(client, received, secretariat, staff):
    login(client, secretariat)
    page = client.post(
        f"/duyet-ho-so/{received.pk}/", {"action": "assign", "officer": staff["officer"].pk}
    ).content.decode()
    assert "Chọn chuyên viên trong danh sách." in page  # nobody holds the officer's role yet
    with pytest.raises(Exception, match="chưa cấu hình quy trình duyệt nội bộ"):
        services.assignment_create(actor=secretariat, proposal=received, officer=staff["officer"])


def test_others_get_404_with_the_dossier_present(
    client, admin_user, world, staff, received, secretariat, focal_a, focal_b, council_member
):
    _configure(client, admin_user, world, staff)
    services.assignment_create(actor=secretariat, proposal=received, officer=staff["officer"])
    for user in (focal_a, focal_b, council_member):
        login(client, user)
        url = f"/duyet-ho-so/{received.pk}/"
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "act", "decision": "approve"}).status_code == 404
        assert client.get(CHAIN_URL).status_code == 403
    assert Action.objects.count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_my_work_is_a_pinned_number_of_queries(
    client,
    admin_user,
    world,
    staff,
    received,
    secretariat,
    campaign,
    count,
    django_assert_num_queries,
):
    from tests.factories import make_unit

    _configure(client, admin_user, world, staff)
    received.refresh_from_db()
    proposals = [received]
    for i in range(count - 1):
        unit = make_unit(f"Xã Thử {i}", parent=world.district)
        p = Proposal.objects.create(
            campaign=campaign, unit=unit, state="submitted", submitted_at=received.submitted_at
        )
        proposals.append(p)
    for p in proposals:
        services.assignment_create(actor=secretariat, proposal=p, officer=staff["officer"])
    login(client, staff["officer"])
    with django_assert_num_queries(MY_WORK_QUERIES):
        response = client.get("/viec-cua-toi/")
    assert len(response.context["rows"]) == count


MY_WORK_QUERIES = 9  # the dossier clocks read the kinds' clock codes (one query)
