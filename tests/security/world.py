"""The world the URL sweep requests: the whole demo (every stage) with two communes' data side
by side — Thị trấn Nguyên Bình (commune A, whose focal point is `daumoi.ttnb`) and Xã Yên Lạc
(commune B, `daumoi.yenlac`, the user of the other unit) — plus the few rows the demo does not
make (a finished job, a locked login). Object URLs are filled with commune A's rows wherever the
object belongs to a unit, so commune B's focal point must get 404 on every one of them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from thidua.awards.models import (
    Annulment,
    BaseSalary,
    Certificate,
    CertificateBatch,
    Coefficient,
    Decision,
    LegalBasisTemplate,
    RuleSet,
)
from thidua.campaigns.models import (
    Assignment,
    AwardForm,
    Campaign,
    Criterion,
    Registration,
)
from thidua.clusters.models import Cluster
from thidua.communication.models import Article, CaseProposal, Photo
from thidua.core.models import Holiday
from thidua.core.services import api_token_create
from thidua.core.uploads import CheckedUpload
from thidua.council.models import CouncilMember, CouncilSession, PassRule
from thidua.distribution.models import Delivery, Distribution
from thidua.indicators.models import (
    Assessment,
    ComponentAssignment,
    DisciplineRecord,
    Evidence,
    Framework,
    Node,
)
from thidua.indicators.services import (
    framework_copy,
    framework_open,
    score_self_set,
    task_create,
    task_report,
)
from thidua.monitoring.models import StatForm
from thidua.monitoring.services import job_create, reminder_rule_add
from thidua.nominations.models import Answer, Document, Nominee, Proposal
from thidua.org.models import Person, ServicePeriod, Unit
from thidua.org.services import service_period_add
from thidua.participation.models import (
    CitizenEvidence,
    CitizenProposal,
    Disclosure,
    PublicComment,
)
from thidua.records.services import initiative_create

UNIT_A, UNIT_B = "X01726", "X01732"  # Thị trấn Nguyên Bình, Xã Yên Lạc

ANON = "anonymous"
ADMIN, SECRETARIAT = "quantri", "noivu"
FOCAL, OTHER_FOCAL = "daumoi.ttnb", "daumoi.yenlac"
MEMBER, CHAIR, EDITOR, OBSERVER = "hoidong", "chutich", "bientap", "mattran"
SIGNED_IN = (ADMIN, SECRETARIAT, FOCAL, OTHER_FOCAL, MEMBER, CHAIR, EDITOR, OBSERVER)
PERSONAS = (ANON, *SIGNED_IN)


def _pdf() -> CheckedUpload:
    data = b"%PDF-1.4\n% minh chung\n%%EOF\n"
    return CheckedUpload(
        kind="pdf", size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data
    )


def _first(qs):
    row = qs.order_by("pk").first()
    assert row is not None, f"the demo world has no {qs.model.__name__} for the sweep"
    return row


def build_world() -> dict:
    """Build the demo and return the ids the URL table refers to (`world key → value`)."""
    call_command("demo", stdout=io.StringIO())
    users = {u.username: u for u in get_user_model().objects.filter(username__in=SIGNED_IN)}
    assert set(users) == set(SIGNED_IN)
    a = Unit.objects.get(code=UNIT_A)
    campaign = _first(Campaign.objects.filter(parent__isnull=True))
    proposal = Proposal.objects.get(unit=a, campaign=campaign)
    nominee = _first(Nominee.objects.filter(proposal=proposal))
    # The proposal and nominee pages render the history; system events (no actor) once made
    # them answer 500 (issue 18, item 9): the sweep keeps rendering them with such events.
    assert proposal.events.filter(actor__isnull=True).exists()
    framework = _first(Framework.objects.filter(assessments__unit=a))
    assessment = Assessment.objects.filter(unit=a, framework=framework).first()
    session = _first(CouncilSession.objects.all())
    decision = _first(Decision.objects.all())
    # A certificate of the decision still valid as first printed (the demo annuls one award
    # and re-issues another certificate, stage `levels`).
    certificate = _first(
        Certificate.objects.filter(
            award__decision=decision, award__annulment__isnull=True, reissues__isnull=True
        )
    )
    photo = _first(Photo.objects.filter(article__state="published"))
    job = job_create(actor=users[SECRETARIAT], kind="units_export", campaign=campaign)
    job.refresh_from_db()
    # A lockout lasts AXES_COOLOFF_TIME (15 minutes) from its last attempt, and on a loaded
    # machine the sweep runs longer than that after the world is built: the attempt is dated
    # a day ahead so the account is still locked when the unlock URL's turn comes.
    attempt = AccessAttempt.objects.create(
        username="khach.la", ip_address="127.0.0.9", user_agent="sweep", get_data="",
        post_data="", http_accept="", path_info="/dang-nhap/", failures_since_start=50,
        attempt_time=timezone.now() + dt.timedelta(days=1),
    )  # fmt: skip
    component = ComponentAssignment.objects.select_related("node").order_by("pk").first()
    # The demo's frameworks are all published: open next year's copy of commune A's latest one,
    # so that the self-assessment pages (score, evidence, submit, appraise) meet a draft with a
    # file; and give one of commune A's tasks a report with a file.
    latest = Framework.objects.filter(assessments__unit=a).order_by("-year", "pk").first()
    draft = framework_copy(actor=users[SECRETARIAT], framework=latest)
    b = Unit.objects.get(code=UNIT_B)
    framework_open(actor=users[SECRETARIAT], framework=draft, units=[a, b])
    open_assessment = Assessment.objects.get(framework=draft, unit=a)
    leaf = _first(Node.objects.filter(framework=draft, is_leaf=True, is_survey=False))
    score = score_self_set(
        actor=users[FOCAL], assessment=open_assessment, node=leaf, score=leaf.max_score,
        evidence=[_pdf()], evidence_names=["minh-chung.pdf"],
    )  # fmt: skip
    open_task = task_create(
        actor=users[SECRETARIAT], issuer=campaign.issuer, unit=a, year=draft.year,
        title="Số hóa hồ sơ thủ tục hành chính", deadline=dt.date(draft.year, 11, 30),
    )  # fmt: skip
    report = task_report(
        actor=users[FOCAL], task=open_task, progress=60, note="Đang thực hiện.",
        evidence=_pdf(), evidence_name="bao-cao.pdf",
    )  # fmt: skip
    initiative = initiative_create(
        actor=users[SECRETARIAT], name="Số hóa sổ hộ tịch", unit=a,
        authors=[_first(Person.objects.filter(unit=a))], year=2022,
        recognised_by="Hội đồng sáng kiến huyện", scope="co_so",
    )  # fmt: skip
    # The demo's disclosure is open at the time the demo is built (stage `disclosure`).
    disclosure = _first(Disclosure.objects.filter(closes_on__gte=timezone.localdate()))
    citizen = _first(CitizenProposal.objects.filter(state="received"))
    story = _first(Article.objects.filter(kind="story", state="published"))
    news = _first(Article.objects.filter(kind="news", state="published"))
    person_a = _first(Person.objects.filter(unit=a))
    service_period = ServicePeriod.objects.filter(person=person_a).first() or service_period_add(
        actor=users[SECRETARIAT],
        person=person_a,
        organisation="UBND xã",
        started_on=dt.date(2001, 3, 1),
    )
    ids = {
        "service_period": service_period.pk,
        "unit": a.pk,
        "person": _first(Person.objects.filter(unit=a)).pk,
        "campaign": campaign.pk,
        "registration": Registration.objects.get(campaign=campaign, unit=a).pk,
        "criterion_item": _first(Criterion.objects.filter(campaign=campaign)).pk,
        "award_item": _first(AwardForm.objects.filter(campaign=campaign)).pk,
        "assignment_item": _first(Assignment.objects.filter(campaign=campaign)).pk,
        "proposal": proposal.pk,
        "nominee": nominee.pk,
        "document": _first(Document.objects.filter(proposal=proposal)).pk,
        "answer": (
            Answer.objects.filter(nominee__proposal=proposal).exclude(evidence="").first()
            or _first(Answer.objects.filter(nominee__proposal=proposal))
        ).pk,
        "framework": framework.pk,
        "node": _first(Node.objects.filter(framework=framework)).pk,
        "assessment": assessment.pk if assessment else 0,
        "task": open_task.pk,
        "task_report": report.pk,
        "open_assessment": open_assessment.pk,
        "open_framework": draft.pk,
        "open_node": leaf.pk,
        "open_evidence": _first(Evidence.objects.filter(score=score)).pk,
        "staff_person": _first(Person.objects.filter(unit=a)).pk,
        "discipline": _first(DisciplineRecord.objects.all()).pk,
        "session": session.pk,
        "council": session.council_id,
        "council_member": _first(CouncilMember.objects.filter(council_id=session.council_id)).pk,
        # the council member persona's own membership (declares its conflicts of interest)
        "own_membership": _first(
            CouncilMember.objects.filter(council_id=session.council_id, user__username="hoidong")
        ).pk,
        "pass_rule": _first(PassRule.objects.all()).pk,
        "rule_set": _first(RuleSet.objects.filter(code="152/2025/NĐ-CP")).pk,
        "coefficient": _first(Coefficient.objects.filter(rule_set__code="152/2025/NĐ-CP")).pk,
        "base_salary": _first(BaseSalary.objects.order_by("-valid_from")).pk,
        "stat_form": _first(StatForm.objects.filter(level="district")).pk,
        "basis_template": _first(LegalBasisTemplate.objects.all()).pk,
        "award_form": _first(AwardForm.objects.filter(campaign=campaign)).pk,
        "decision": decision.pk,
        "decision_year": decision.year,
        "holiday": _first(Holiday.objects.order_by("day")).pk,
        "award": certificate.award_id,
        "batch": _first(CertificateBatch.objects.filter(decision=decision)).pk,
        "certificate": certificate.pk,
        "certificate_code": certificate.code,
        "job": job.pk,
        "job_state": job.state,
        "rule": reminder_rule_add(
            actor=users[SECRETARIAT], campaign=campaign, target="registration", days=3
        ).pk,
        "article": story.pk,
        "story_slug": story.slug,
        "news_slug": news.slug,
        "photo": photo.pk,
        "photo_ext": photo.extension,
        "case": _first(CaseProposal.objects.all()).pk,
        "delivery": _first(Delivery.objects.filter(unit=a, distribution__kind="decision")).pk,
        "distribution": _first(Distribution.objects.filter(kind="decision")).pk,
        "locked_attempt": attempt.pk,
        "initiative": initiative.pk,
        "component_assignment": component.pk if component else 0,
        "ca_framework": component.node.framework_id if component else framework.pk,
        "disclosure": disclosure.pk,
        "disclosed_entry": _first(disclosure.entries.all()).pk,
        "public_comment": _first(PublicComment.objects.filter(entry__disclosure=disclosure)).pk,
        "citizen": citizen.pk,
        "citizen_code": citizen.code,
        "citizen_file": _first(CitizenEvidence.objects.filter(proposal=citizen)).pk,
    }
    # The demo's annulled award (hủy bỏ) and its cluster of communes with their covenants
    # (stage `levels`), for the annulment and cluster pages.
    ids["annulment"] = _first(Annulment.objects.filter(award__decision=decision)).pk
    ids["cluster"] = _first(Cluster.objects.filter(years__covenant_sha256__gt="")).pk
    ids["account"] = users[FOCAL].pk
    ids["account_role"] = users[FOCAL].role_assignments.get().pk
    ids["users"] = users
    ids["tokens"] = {
        name: api_token_create(user=user, name="sweep", scope="write")[1]
        for name, user in users.items()
    }
    ids["since"] = timezone.now() - dt.timedelta(seconds=1)
    return ids
