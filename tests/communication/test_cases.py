import pytest
from django.core.exceptions import ValidationError

from thidua.communication import selectors, services
from thidua.communication.enums import ArticleKind, ArticleState, CaseState
from thidua.core.models import Notification


def test_observer_proposes_a_case_and_the_editor_sees_and_takes_it(
    world, observer, editor, focal_b
):
    case = services.case_propose(
        actor=observer,
        unit=world.district,
        subject_name="Ông Nông Văn Pải",
        subject_detail="Trưởng xóm Nà Bản, xã Yên Lạc",
        description="Vận động bà con hiến đất làm đường.",
    )
    assert Notification.objects.filter(user=editor, title__contains="Nông Văn Pải").count() == 1
    assert list(selectors.cases_for(editor)) == [case]
    assert list(selectors.cases_for(observer)) == [case]
    assert list(selectors.cases_for(focal_b)) == []
    article = services.case_accept(actor=editor, case=case, unit=world.district)
    case.refresh_from_db()
    assert (case.state, case.handled_by) == (CaseState.ACCEPTED, editor)
    assert (article.kind, article.state, article.case) == (
        ArticleKind.STORY,
        ArticleState.DRAFT,
        case,
    )
    assert article.body == (
        "<p>Trưởng xóm Nà Bản, xã Yên Lạc</p><p>Vận động bà con hiến đất làm đường.</p>"
    )
    with pytest.raises(ValidationError):
        services.case_decline(actor=editor, case=case, note="Trùng")


def test_a_unit_sees_only_its_own_proposals(world, focal_a, focal_b, editor):
    a = services.case_propose(
        actor=focal_a, unit=world.commune_a, subject_name="Chị A", description="Tận tụy."
    )
    services.case_propose(
        actor=focal_b, unit=world.commune_b, subject_name="Anh B", description="Sáng kiến."
    )
    assert list(selectors.cases_for(focal_a)) == [a]
    assert selectors.cases_for(editor).count() == 2
    declined = services.case_decline(actor=editor, case=a, note="Chưa đủ thông tin.")
    assert (declined.state, declined.note) == (CaseState.DECLINED, "Chưa đủ thông tin.")
