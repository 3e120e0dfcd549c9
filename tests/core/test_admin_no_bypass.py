"""Django admin cannot go around the workflow or the audit log: workflow rows are view-only,
roles are granted and revoked through org.services (with their audit rows), units and people
are saved through their services, and the audit log cannot be changed."""

import pytest

from tests.conftest import login
from tests.nominations.conftest import campaign, forms, proposal_a  # noqa: F401
from thidua.core.models import AuditLog
from thidua.core.services import audit_verify
from thidua.nominations.models import Proposal
from thidua.org.enums import Role
from thidua.org.models import RoleAssignment

pytestmark = pytest.mark.django_db


def test_a_proposal_cannot_be_moved_back_to_draft_in_admin(client, admin_user, proposal_a):
    Proposal.objects.filter(pk=proposal_a.pk).update(state="accepted")
    login(client, admin_user)
    url = f"/admin/nominations/proposal/{proposal_a.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and b'name="state"' not in page.content
    before = AuditLog.objects.count()
    response = client.post(url, {"state": "draft", "version": 1})
    assert response.status_code == 403
    proposal_a.refresh_from_db()
    assert proposal_a.state == "accepted" and AuditLog.objects.count() == before
    assert client.post(f"/admin/nominations/proposal/{proposal_a.pk}/delete/").status_code == 403


def test_a_role_granted_in_admin_goes_through_the_service(client, admin_user, world, focal_a):
    login(client, admin_user)
    response = client.post(
        "/admin/org/roleassignment/add/",
        {"user": focal_a.pk, "role": Role.SECRETARIAT, "unit": world.district.pk},
    )
    assert response.status_code == 302
    granted = RoleAssignment.objects.get(user=focal_a, role=Role.SECRETARIAT)
    row = AuditLog.objects.get(action="org.role.grant", object_id=str(granted.pk))
    assert row.actor == admin_user and row.after["role"] == Role.SECRETARIAT
    assert audit_verify().broken is None


def test_a_role_cannot_be_edited_in_place_and_a_revoke_is_audited(client, admin_user, focal_a):
    login(client, admin_user)
    assignment = RoleAssignment.objects.get(user=focal_a)
    url = f"/admin/org/roleassignment/{assignment.pk}/"
    response = client.post(
        f"{url}change/",
        {"user": focal_a.pk, "role": Role.SECRETARIAT, "unit": assignment.unit_id},
    )
    assert response.status_code == 403
    assignment.refresh_from_db()
    assert assignment.role == Role.FOCAL_POINT
    response = client.post(f"{url}delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    row = AuditLog.objects.get(action="org.role.revoke", object_id=str(assignment.pk))
    assert row.actor == admin_user and row.before["user"] == focal_a.pk


def test_a_unit_changed_in_admin_is_audited(client, admin_user, world):
    login(client, admin_user)
    unit = world.commune_a
    response = client.post(
        f"/admin/org/unit/{unit.pk}/change/",
        {
            "code": unit.code,
            "name": "Xã Yên Lạc mới",
            "kind": unit.kind,
            "parent": unit.parent_id,
            "gso_code": unit.gso_code,
            "position": unit.position,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    unit.refresh_from_db()
    assert unit.name == "Xã Yên Lạc mới"
    row = AuditLog.objects.get(action="org.unit.update", object_id=str(unit.pk))
    assert row.actor == admin_user and row.after["name"] == "Xã Yên Lạc mới"
    assert client.post(f"/admin/org/unit/{unit.pk}/delete/", {"post": "yes"}).status_code == 403


def test_the_audit_log_is_read_only_in_admin(client, admin_user, world):
    login(client, admin_user)
    row = AuditLog.objects.order_by("-id").first()
    url = f"/admin/core/auditlog/{row.pk}/"
    assert client.post(f"{url}change/", {"note": "sửa"}).status_code == 403
    assert client.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    assert client.post("/admin/core/auditlog/add/", {"action": "x"}).status_code == 403
    assert AuditLog.objects.get(pk=row.pk).note == row.note


def test_making_an_account_an_administrator_in_admin_is_audited(client, admin_user, focal_a):
    """is_superuser reaches every unit: granting it is a role change and leaves its row."""
    login(client, admin_user)
    response = client.post(
        f"/admin/auth/user/{focal_a.pk}/change/",
        {
            "username": focal_a.username,
            "email": focal_a.email,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "01/01/2026",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    focal_a.refresh_from_db()
    assert focal_a.is_superuser
    row = AuditLog.objects.get(action="org.account.update", object_id=str(focal_a.pk))
    assert row.actor == admin_user
    assert (row.before["is_superuser"], row.after["is_superuser"]) == (False, True)
    assert audit_verify().broken is None
    assert client.post(f"/admin/auth/user/{focal_a.pk}/delete/", {"post": "yes"}).status_code == 403


def test_every_admin_screen_that_writes_does_so_through_a_service(rf, admin_user):
    """A model registered in admin is either view-only or saved and deleted by thidua code
    (a service with its audit row): a new registration with Django's plain save fails here."""
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = admin_user
    plain = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        cls = type(model_admin)
        writes = {
            "add": model_admin.has_add_permission(request),
            "change": model_admin.has_change_permission(request),
            "delete": model_admin.has_delete_permission(request),
        }
        hooks = ["save_model"] if writes["add"] or writes["change"] else []
        hooks += ["delete_model", "delete_queryset"] if writes["delete"] else []
        for hook in hooks:
            owner = next(k for k in cls.__mro__ if hook in k.__dict__)
            if not owner.__module__.startswith("thidua."):
                plain.append(f"{label}: {hook} is Django's ({owner.__module__})")
    assert not plain, "\n".join(plain)


def test_a_council_set_up_in_admin_is_audited_with_its_members(client, admin_user, world):
    login(client, admin_user)
    response = client.post(
        "/admin/council/council/add/",
        {
            "issuer": world.district.pk,
            "name": "Hội đồng Thi đua – Khen thưởng huyện",
            "established_by": "",
            "valid_from": "2024-01-01",
            "quorum_num": "1",
            "quorum_den": "2",
            "valid_to": "",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
            "members-0-user": admin_user.pk,
            "members-0-full_name": "Bế Văn Thắng",
            "members-0-title": "Chủ tịch UBND huyện",
            "members-0-role": "chair",
            "members-0-position": "1",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    rows = AuditLog.objects.filter(action="core.admin.create", actor=admin_user)
    assert {r.object_type for r in rows} == {"council.council", "council.councilmember"}
    council_row = rows.get(object_type="council.council")
    assert council_row.after["name"] == "Hội đồng Thi đua – Khen thưởng huyện"
    assert audit_verify().broken is None


def test_an_api_token_or_a_lockout_cannot_be_made_or_lifted_in_admin(client, admin_user):
    from axes.models import AccessAttempt
    from django.utils import timezone

    attempt = AccessAttempt.objects.create(
        username="canbo", ip_address="10.1.1.1", user_agent="", get_data="", post_data="",
        http_accept="", path_info="/dang-nhap/", failures_since_start=9,
        attempt_time=timezone.now(),
    )  # fmt: skip
    login(client, admin_user)
    assert client.get("/admin/core/apitoken/add/").status_code == 403
    assert client.get("/admin/axes/accessattempt/").status_code == 200
    client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_the_task_queue_is_shown_in_admin_and_never_changed(client, admin_user):
    from django_q.models import Schedule

    schedule = Schedule.objects.create(name="nhắc hạn", func="thidua.core.tasks.noop")
    login(client, admin_user)
    assert client.get(f"/admin/django_q/schedule/{schedule.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/django_q/schedule/{schedule.pk}/change/",
        {"name": "đổi tên", "func": "os.system", "schedule_type": "O", "repeats": "-1"},
    )
    assert response.status_code == 403
    schedule.refresh_from_db()
    assert (schedule.name, schedule.func) == ("nhắc hạn", "thidua.core.tasks.noop")
    assert (
        client.post(f"/admin/django_q/schedule/{schedule.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/admin/django_q/schedule/add/").status_code == 403
