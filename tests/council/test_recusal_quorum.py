# ruff: noqa: F811  (the `declared` fixture imported from test_conflicts)
"""Opening the vote is refused, naming the nominees, when the members recused on them leave
too few of those present (the pure rule: test_recusal_quorum_math.py): in the service, with
nothing stored, and on the secretary's console."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import login
from tests.council.test_conflicts import declared  # noqa: F401
from thidua.core.models import AuditLog
from thidua.council import services
from thidua.council.enums import SessionState
from thidua.council.models import Recusal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.fixture
def six_present(declared, session, secretariat):
    """Members 2–7 present (6 of 9, just the 2/3 quorum): 6 and 7 work in commune A, 2 in
    commune B."""
    services.attendance_set(actor=secretariat, session=session, present=declared[2:8])
    return session


def test_voting_does_not_open_when_recusals_leave_a_nominee_below_quorum(
    six_present, nominees, secretariat
):
    cols, _inds = nominees
    recusals = sorted(Recusal.objects.values_list("item_id", "member_id"))
    with pytest.raises(ValidationError) as refused:
        services.session_open_voting(actor=secretariat, session=six_present)
    (message,) = refused.value.messages
    # Commune A: 2 recused present → 4 of 7, 2/3 needs 5; commune B: 1 → 5 of 8, needs 6.
    # The individuals pass more than half of the others (their rule's quorum is 1/2).
    assert message.startswith(
        "Không đủ số thành viên dự họp sau khi loại các thành viên không tham gia biểu quyết vì "
        f"xung đột lợi ích, đối với: {cols[0].display_name} (còn 4/7 thành viên được biểu quyết "
        f"có mặt, cần ít nhất 5); {cols[1].display_name} (còn 5/8 thành viên được biểu quyết có "
        "mặt, cần ít nhất 6). Bổ sung thành viên Hội đồng hoặc mời thành viên dự khuyết"
    )
    assert _inds[0].display_name not in message  # 3 of 6 others present: half is enough
    six_present.refresh_from_db()
    assert six_present.state == SessionState.DRAFT
    assert sorted(Recusal.objects.values_list("item_id", "member_id")) == recusals
    assert not AuditLog.objects.filter(action="council.session.open_voting").exists()


def test_one_more_member_present_lets_the_vote_open(declared, six_present, secretariat):
    services.attendance_set(actor=secretariat, session=six_present, present=declared[1:8])
    services.session_open_voting(actor=secretariat, session=six_present)
    six_present.refresh_from_db()
    assert six_present.state == SessionState.VOTING


def test_the_console_says_which_nominees_and_what_to_do(client, six_present, nominees, secretariat):
    login(client, secretariat)
    response = client.post(
        reverse("web:council_action", args=[six_present.pk, "mo-bo-phieu"]), follow=True
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "sau khi loại các thành viên không tham gia biểu quyết vì xung đột lợi ích" in body
    assert nominees[0][0].display_name in body and "mời thành viên dự khuyết" in body
    six_present.refresh_from_db()
    assert six_present.state == SessionState.DRAFT
