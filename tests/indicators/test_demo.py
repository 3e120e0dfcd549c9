"""`thidua demo --stage scored`: realistic frameworks, published results for every unit in 2022
and 2023, components assigned to agencies, tasks, ratings, discipline; said to be synthetic;
the seed campaign's nomination phase opened by the publication; idempotent."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.conftest import rows_for_module
from thidua.campaigns.enums import PhaseKind
from thidua.core.models import Notification
from thidua.demo.campaigns import seed_campaign
from thidua.indicators import selectors
from thidua.indicators.enums import AssessmentState, Change, FrameworkKind, SubjectKind
from thidua.indicators.models import Assessment, Framework, StaffRating, Task
from thidua.org.enums import UnitKind
from thidua.org.models import Person, Unit

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def scored(django_db_setup, django_db_blocker, tmp_path_factory):
    """The scored stage, built once for the module's tests (they only read it; the idempotence
    test's second run is rolled back with it)."""
    media = tmp_path_factory.mktemp("media")
    with rows_for_module(django_db_blocker), override_settings(MEDIA_ROOT=media):
        out = io.StringIO()
        call_command("demo", "--stage", "scored", stdout=out)
        yield out.getvalue()


def test_scored_stage_builds_the_indicator_world(scored):
    assert "điểm số là số liệu giả lập" in scored
    frameworks = Framework.objects.all()
    assert sorted((f.year, f.kind, f.subject_kind) for f in frameworks) == sorted(
        (y, k, s)
        for y in (2022, 2023)
        for k, s in [
            (FrameworkKind.PAR_INDEX, SubjectKind.AGENCY),
            (FrameworkKind.PAR_INDEX, SubjectKind.COMMUNE),
            (FrameworkKind.PAR_INDEX, SubjectKind.DISTRICT),
            (FrameworkKind.DDCI, SubjectKind.DISTRICT),
        ]
    )
    communes = Unit.objects.filter(kind__in=UnitKind.commune_level()).count()
    for fw in frameworks.filter(kind=FrameworkKind.PAR_INDEX, subject_kind=SubjectKind.COMMUNE):
        assert fw.nodes.filter(depth=0).count() == 8  # the 7 fields and the survey
        assert fw.nodes.filter(is_leaf=True).count() == 33
        assert sum(n.max_score for n in fw.nodes.filter(depth=0)) == Decimal("100")
        assert fw.assessments.filter(state=AssessmentState.PUBLISHED).count() == communes == 17
        assert "giả lập" in fw.basis
    assert not Assessment.objects.exclude(state=AssessmentState.PUBLISHED).exists()


def test_publication_opened_the_seed_campaigns_nomination_phase(scored):
    campaign = seed_campaign()
    phase = campaign.phases.get(kind=PhaseKind.NOMINATION)
    assert phase.starts_at == dt.datetime(2024, 1, 25, 9, tzinfo=HCM)
    assert phase.ends_at == dt.datetime(2024, 2, 10, tzinfo=HCM)
    assert Notification.objects.filter(title__startswith="Đề nghị khen thưởng").exists()


def test_components_tasks_ratings_and_discipline(scored):
    tnmt, ttr = Unit.objects.get(code="NB-TNMT"), Unit.objects.get(code="NB-TTR")
    changes = selectors.component_changes_by_unit(unit_ids=[tnmt.pk, ttr.pk], year=2023)
    assert [(c.code, c.change) for c in changes[tnmt.pk]] == [("D2", Change.DOWN)]
    assert ("D9", Change.NO_DATA) in [(c.code, c.change) for c in changes[ttr.pk]]
    completion = selectors.task_completion_by_unit(
        unit_ids=list(Unit.objects.values_list("pk", flat=True)), year=2023
    )
    assert {v for v in completion.values() if v[1]} == {(10, 10), (9, 10), (8, 10)}
    assert Task.objects.filter(year=2023).count() == 310
    assert StaffRating.objects.filter(year=2023).count() == Person.objects.count()
    assert Person.objects.filter(discipline__isnull=False).distinct().count() == 3


def test_scored_stage_is_idempotent(scored):
    before = (
        Framework.objects.count(),
        Assessment.objects.count(),
        Task.objects.count(),
        StaffRating.objects.count(),
    )
    out = io.StringIO()
    call_command("demo", "--stage", "scored", stdout=out)
    assert "đã có sẵn" in out.getvalue()
    assert before == (
        Framework.objects.count(),
        Assessment.objects.count(),
        Task.objects.count(),
        StaffRating.objects.count(),
    )
