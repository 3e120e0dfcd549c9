"""Assessments: totals, self-assessment and its evidence, appraisal, publishing
the results."""

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thidua.campaigns.services import focal_points_of
from thidua.core.bulk import insert_rows, update_rows
from thidua.core.formatting import deadline
from thidua.core.services import audit_record, notify, snapshot
from thidua.core.tasks import enqueue
from thidua.core.text import nfc
from thidua.core.transitions import transition
from thidua.core.uploads import CheckedUpload
from thidua.indicators import scoring
from thidua.indicators.enums import (
    ASSESSMENT_TRANSITIONS,
    AssessmentState,
    FrameworkState,
    ResultSource,
)
from thidua.indicators.models import (
    Assessment,
    Evidence,
    Framework,
    Node,
    NodeResult,
    Score,
)
from thidua.indicators.services._common import _check_score, _decimal, _text
from thidua.indicators.services.frameworks import _locked_framework
from thidua.indicators.services.waits import _open_waiting_campaigns

# Assessments: totals ---------------------------------------------------------------------------


def _specs(nodes: Iterable[Node]) -> list[scoring.NodeSpec]:
    return [scoring.NodeSpec(n.pk, n.parent_id, n.max_score) for n in nodes]


def _leaf_values(scores: Iterable[Score], *, appraised: bool) -> dict[int, scoring.LeafValue]:
    key = "appraised_score" if appraised else "self_score"
    return {s.node_id: scoring.LeafValue(getattr(s, key), s.not_applicable) for s in scores}


def assessment_totals(
    nodes: Sequence[Node] | scoring.Tree, scores: Iterable[Score], *, appraised: bool
) -> dict[int, scoring.Total]:
    """Totals of every node from the leaves' self or appraised scores. A caller totalling
    many assessments over one framework passes its `scoring.Tree`, built once."""
    tree = nodes if isinstance(nodes, scoring.Tree) else scoring.Tree(_specs(nodes))
    return tree.roll_up(_leaf_values(scores, appraised=appraised))


RESULT_FIELDS = ["self_points", "points", "applicable_max", "percent", "band"]


def _recompute(
    assessment: Assessment,
    nodes: Sequence[Node] | None = None,
    scores: Sequence[Score] | None = None,
    bands: Sequence[tuple] | None = None,
    save: bool = True,
) -> None:
    """The stored totals of an assessment from its scores (nodes, scores and bands may be
    given by a caller that loaded them once for many assessments)."""
    nodes = list(nodes if nodes is not None else assessment.framework.nodes.all())
    scores = list(scores if scores is not None else assessment.scores.all())
    specs = _specs(nodes)
    own = scoring.grand_total(specs, assessment_totals(nodes, scores, appraised=False))
    # An imported result has no self-assessment: its self total is unknown, not 0.
    has_own = any(s.self_score is not None or s.not_applicable for s in scores)
    imported = assessment.source == ResultSource.IMPORT
    assessment.self_points = own.points if has_own or not imported else None
    appraised = any(s.appraised_score is not None or s.not_applicable for s in scores)
    if appraised or assessment.state in (AssessmentState.APPRAISED, AssessmentState.PUBLISHED):
        total = scoring.grand_total(specs, assessment_totals(nodes, scores, appraised=True))
        assessment.points = total.points
        assessment.applicable_max = total.applicable_max
        assessment.percent = total.percent
        if bands is None:
            bands = [(b.min_percent, b.label) for b in assessment.framework.bands.all()]
        assessment.band = scoring.band_for(total.percent, bands)
    else:
        assessment.applicable_max = scoring.grand_total(
            specs, assessment_totals(nodes, scores, appraised=False)
        ).applicable_max
    if save:
        assessment.save(update_fields=RESULT_FIELDS)


def _transition(*, actor, assessment: Assessment, to: str, note: str = "", **fields) -> None:
    transition(
        assessment,
        to=to,
        allowed_from=ASSESSMENT_TRANSITIONS,
        actor=actor,
        action=lambda before: f"indicators.{ASSESSMENT_TRANSITIONS[(before, to)]}",
        unit_id=assessment.unit_id,
        what="kết quả chấm điểm",
        fields=fields,
        note=note,
    )


def _locked_assessment(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("framework", "unit")
        .get(pk=assessment.pk)
    )


def _deadline_passed(framework: Framework, now: dt.datetime) -> bool:
    return framework.self_deadline is not None and now >= framework.self_deadline


# Self-assessment -------------------------------------------------------------------------------


@transaction.atomic
def score_self_set(
    *,
    actor,
    assessment: Assessment,
    node: Node,
    score,
    not_applicable: bool = False,
    explanation: str = "",
    evidence: Sequence[CheckedUpload] = (),
    evidence_names: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> Score:
    """The unit's own score of one leaf, with its evidence files (checked by content by the
    caller through core.uploads.check_upload) or, without any, an explanation."""
    now = now or timezone.now()
    assessment = _locked_assessment(assessment)
    if assessment.state not in AssessmentState.unit_editable():
        raise ValidationError("Đơn vị đã gửi kết quả tự chấm; không sửa được nữa.")
    if assessment.state == AssessmentState.DRAFT and _deadline_passed(assessment.framework, now):
        raise ValidationError(
            f"Đã hết hạn tự chấm ({deadline(assessment.framework.self_deadline)})."
        )
    if node.framework_id != assessment.framework_id or not node.is_leaf:
        raise ValidationError("Chỉ chấm điểm các tiêu chí thành phần của bộ chỉ số này.")
    if node.is_survey:
        raise ValidationError(
            f"Tiêu chí {node.code} thuộc phần điều tra xã hội học; cơ quan thẩm định cho điểm."
        )
    value = (
        None
        if not_applicable
        else _check_score(node, _decimal(score, "Điểm tự chấm"), "Điểm tự chấm")
    )
    explanation = _text(explanation)
    item, _ = Score.objects.get_or_create(assessment=assessment, node=node)
    before = snapshot(item, ["self_score", "not_applicable", "explanation"])
    has_evidence = bool(evidence) or item.evidence.exists()
    if not not_applicable and value is None:
        raise ValidationError("Nhập điểm tự chấm (hoặc đánh dấu «không áp dụng»).")
    if not not_applicable and not has_evidence and not explanation:
        raise ValidationError(
            "Chưa có tài liệu kiểm chứng: tải tài liệu lên hoặc giải trình lý do không có."
        )
    item.self_score, item.not_applicable, item.explanation = value, not_applicable, explanation
    item.full_clean()
    item.save()
    for i, upload in enumerate(evidence):
        original = evidence_names[i] if i < len(evidence_names) else ""
        _evidence_add(actor=actor, score=item, upload=upload, original=original, now=now)
    _recompute(assessment)
    audit_record(
        actor=actor,
        action="indicators.score.self",
        obj=item,
        unit_id=assessment.unit_id,
        before=before,
        after=snapshot(item, ["self_score", "not_applicable", "explanation"])
        | {"evidence_added": len(evidence)},
    )
    return item


def _evidence_add(
    *, actor, score: Score, upload: CheckedUpload, original: str, now: dt.datetime
) -> Evidence:
    stem = nfc(original.rsplit(".", 1)[0])[:120] if original else f"kiem-chung-{score.node.code}"
    item = Evidence(
        score=score,
        name=f"{stem}.{upload.extension}",
        size=upload.size,
        sha256=upload.sha256,
        uploaded_at=now,
        uploaded_by=actor,
    )
    item.file.save(
        f"{score.assessment_id}/{score.node_id}-{uuid.uuid4().hex[:12]}.{upload.extension}",
        ContentFile(upload.data),
        save=False,
    )
    item.save()
    return item


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence) -> None:
    assessment = _locked_assessment(evidence.score.assessment)
    if assessment.state not in AssessmentState.unit_editable():
        raise ValidationError("Đơn vị đã gửi kết quả tự chấm; không xóa tài liệu được nữa.")
    audit_record(
        actor=actor,
        action="indicators.evidence.remove",
        obj=evidence,
        unit_id=assessment.unit_id,
        before={"name": evidence.name, "sha256": evidence.sha256},
    )
    evidence.file.delete(save=False)
    evidence.delete()


def submit_problems(assessment: Assessment) -> list[str]:
    """What must be done before the unit sends its self-assessment."""
    leaves = [n for n in assessment.framework.nodes.all() if n.is_leaf and not n.is_survey]
    scores = {s.node_id: s for s in assessment.scores.prefetch_related("evidence")}
    missing = [
        n.code
        for n in leaves
        if n.pk not in scores
        or (scores[n.pk].self_score is None and not scores[n.pk].not_applicable)
    ]
    problems = []
    if missing:
        problems.append(
            f"Còn {len(missing)} tiêu chí thành phần chưa tự chấm: "
            f"{', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}."
        )
    return problems


@transaction.atomic
def assessment_submit(
    *, actor, assessment: Assessment, now: dt.datetime | None = None
) -> Assessment:
    """Draft (or returned) → submitted for appraisal. A first submission must come before the
    deadline (server clock); an answer to a return may come later."""
    now = now or timezone.now()
    assessment = _locked_assessment(assessment)
    if assessment.state == AssessmentState.DRAFT and _deadline_passed(assessment.framework, now):
        raise ValidationError(
            f"Đã hết hạn gửi kết quả tự chấm ({deadline(assessment.framework.self_deadline)})."
        )
    if assessment.state in AssessmentState.unit_editable():
        problems = submit_problems(assessment)
        if problems:
            raise ValidationError(problems)
    _transition(actor=actor, assessment=assessment, to=AssessmentState.SUBMITTED, submitted_at=now)
    return assessment


# Appraisal -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Appraisal:
    score: object  # a number or "" / None (not appraised yet)
    comment: str = ""
    not_applicable: bool = False


@transaction.atomic
def appraisal_save(*, actor, assessment: Assessment, values: dict[int, Appraisal]) -> Assessment:
    """The appraisal team's score and comment per leaf (node id → Appraisal). Every value is
    checked first; nothing is saved when one is wrong."""
    assessment = _locked_assessment(assessment)
    if assessment.state not in AssessmentState.appraisable():
        raise ValidationError("Chỉ thẩm định kết quả đơn vị đã gửi.")
    nodes = {n.pk: n for n in assessment.framework.nodes.all()}
    errors, checked = [], {}
    for node_id, item in values.items():
        node = nodes.get(node_id)
        if node is None or not node.is_leaf:
            errors.append("Tiêu chí không thuộc bộ chỉ số này.")
            continue
        try:
            value = (
                None
                if item.not_applicable
                else _check_score(
                    node,
                    _decimal(item.score, f"Điểm thẩm định của tiêu chí {node.code}"),
                    "Điểm thẩm định",
                )
            )
        except ValidationError as exc:
            errors += exc.messages
            continue
        checked[node_id] = (value, _text(item.comment), item.not_applicable)
    if errors:
        raise ValidationError(errors)
    existing = {s.node_id: s for s in assessment.scores.all()}
    new, changed = [], []
    for node_id, (value, comment, na) in checked.items():
        s = existing.get(node_id)
        if s is None:
            s = Score(assessment=assessment, node_id=node_id)
            new.append(s)
        else:
            changed.append(s)
        s.appraised_score, s.appraisal_comment, s.not_applicable = value, comment, na
    Score.objects.bulk_create(new)
    Score.objects.bulk_update(changed, ["appraised_score", "appraisal_comment", "not_applicable"])
    _recompute(assessment, nodes=list(nodes.values()))
    audit_record(
        actor=actor,
        action="indicators.appraisal.save",
        obj=assessment,
        unit_id=assessment.unit_id,
        after={str(nodes[k].code): str(v[0]) for k, v in checked.items()},
    )
    return assessment


@transaction.atomic
def assessment_return(
    *, actor, assessment: Assessment, note: str, now: dt.datetime | None = None
) -> Assessment:
    """Submitted → returned to the unit for an explanation; at most once."""
    now = now or timezone.now()
    assessment = _locked_assessment(assessment)
    note = _text(note)
    if not note:
        raise ValidationError({"note": "Nêu nội dung đơn vị cần giải trình, bổ sung."})
    if assessment.returned_at is not None:
        raise ValidationError("Kết quả này đã được trả lại một lần; không trả lại lần nữa.")
    _transition(
        actor=actor,
        assessment=assessment,
        to=AssessmentState.RETURNED,
        note=note,
        returned_at=now,
        return_note=note,
    )

    notify(
        users=focal_points_of([assessment.unit]),
        title=f"Đề nghị giải trình: {assessment.framework.name}",
        body=note,
        url=f"/chi-so/cham-diem/{assessment.pk}/",
    )
    return assessment


def appraise_problems(assessment: Assessment) -> list[str]:
    leaves = [n for n in assessment.framework.nodes.all() if n.is_leaf]
    scores = {s.node_id: s for s in assessment.scores.all()}
    missing = [
        n.code
        for n in leaves
        if n.pk not in scores
        or (scores[n.pk].appraised_score is None and not scores[n.pk].not_applicable)
    ]
    if missing:
        return [
            f"Còn {len(missing)} tiêu chí thành phần chưa có điểm thẩm định: "
            f"{', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}."
        ]
    return []


@transaction.atomic
def assessment_appraise(
    *, actor, assessment: Assessment, now: dt.datetime | None = None
) -> Assessment:
    """Submitted → appraised, once every leaf has an appraised score (or is not applicable)."""
    now = now or timezone.now()
    assessment = _locked_assessment(assessment)
    if assessment.state == AssessmentState.SUBMITTED:
        problems = appraise_problems(assessment)
        if problems:
            raise ValidationError(problems)
    _transition(actor=actor, assessment=assessment, to=AssessmentState.APPRAISED, appraised_at=now)
    _recompute(assessment)
    return assessment


def _scores_by_assessment(ids: Sequence[int]) -> dict[int, list[Score]]:
    scores: dict[int, list[Score]] = {i: [] for i in ids}
    for s in Score.objects.filter(assessment_id__in=ids):
        scores[s.assessment_id].append(s)
    return scores


def _write_results(
    assessments: Sequence[Assessment],
    nodes: Sequence[Node],
    scores: dict[int, list[Score]] | None = None,
) -> None:
    """NodeResult rows (the published totals of every node) for these assessments."""
    ids = [a.pk for a in assessments]
    NodeResult.objects.filter(assessment_id__in=ids).delete()
    if scores is None:
        scores = _scores_by_assessment(ids)
    rows = []
    tree = scoring.Tree(_specs(nodes))
    for a in assessments:
        totals = assessment_totals(tree, scores.get(a.pk, []), appraised=True)
        rows += [
            NodeResult(
                assessment=a, node_id=node_id, points=t.points, applicable_max=t.applicable_max
            )
            for node_id, t in totals.items()
        ]
    NodeResult.objects.bulk_create(rows, batch_size=1000)


def _publish_check(framework: Framework) -> list[Assessment]:
    """What publishing needs, in Vietnamese when it is missing; the assessments to publish."""
    if framework.state == FrameworkState.DRAFT:
        raise ValidationError("Bộ chỉ số chưa đưa vào chấm điểm.")
    if framework.state == FrameworkState.PUBLISHED:
        raise ValidationError("Kết quả của bộ chỉ số này đã được công bố.")
    assessments = list(
        framework.assessments.select_related("unit").order_by("unit__position", "unit__name")
    )
    pending = [
        a.unit.name
        for a in assessments
        if a.state not in (AssessmentState.APPRAISED, AssessmentState.PUBLISHED)
    ]
    if not assessments:
        raise ValidationError("Chưa có kết quả của đơn vị nào.")
    if pending:
        raise ValidationError(
            f"Còn {len(pending)} đơn vị chưa thẩm định xong: "
            f"{', '.join(pending[:8])}{' …' if len(pending) > 8 else ''}."
        )
    return assessments


@transaction.atomic
def framework_publish_request(
    *, actor, framework: Framework, doc_number: str = "", doc_date: dt.date | None = None
) -> Framework:
    """Check at once, then publish on the task queue: a province's thousands of units take
    longer than a request should. The framework page shows it queued, then published, or the
    reason it failed."""
    framework = _locked_framework(framework)
    _publish_check(framework)
    if framework.publish_queued_at is not None:
        raise ValidationError("Kết quả đang được công bố; chờ trong giây lát.")
    framework.publish_queued_at, framework.publish_error = timezone.now(), ""
    framework.save(update_fields=["publish_queued_at", "publish_error"])
    audit_record(actor=actor, action="indicators.framework.publish_request", obj=framework,
                 unit_id=framework.issuer_id, after={"doc_number": doc_number})  # fmt: skip
    enqueue(
        "thidua.indicators.services.framework_publish_task",
        framework.pk,
        actor.pk if actor is not None and actor.is_authenticated else None,
        nfc(doc_number),
        doc_date.isoformat() if doc_date else None,
    )
    return framework


def framework_publish_task(
    framework_id: int, actor_id: int | None, doc_number: str, doc_date: str | None
) -> None:
    """The queued publication. Delivered again after a worker died, it publishes once: the
    framework is locked and a published one is left alone. A refusal is kept on the framework
    for its page and told to whoever asked."""
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    framework = Framework.objects.get(pk=framework_id)
    try:
        with transaction.atomic():
            if _locked_framework(framework).state == FrameworkState.PUBLISHED:
                return
            framework_publish(
                actor=actor,
                framework=framework,
                doc_number=doc_number,
                doc_date=dt.date.fromisoformat(doc_date) if doc_date else None,
            )
    except ValidationError as exc:
        reason = " ".join(exc.messages)
        Framework.objects.filter(pk=framework_id).update(
            publish_queued_at=None, publish_error=reason
        )
        if actor is not None:
            notify(users=[actor], title=f"Chưa công bố được: {framework.name}", body=reason,
                   url=f"/chi-so/{framework.pk}/")  # fmt: skip


@dataclass(frozen=True)
class _LeafScore:
    """A score as publishing reads it: plain values, no model instance."""

    node_id: int
    self_score: object
    appraised_score: object
    not_applicable: bool


def _leaf_scores(framework: Framework) -> dict[int, list[_LeafScore]]:
    scores: dict[int, list[_LeafScore]] = {}
    rows = Score.objects.filter(assessment__framework=framework).values_list(
        "assessment_id", "node_id", "self_score", "appraised_score", "not_applicable"
    )
    for assessment_id, *values in rows.iterator(chunk_size=20_000):
        scores.setdefault(assessment_id, []).append(_LeafScore(*values))
    return scores


@transaction.atomic
def framework_publish(
    *,
    actor,
    framework: Framework,
    now: dt.datetime | None = None,
    doc_number: str = "",
    doc_date: dt.date | None = None,
) -> Framework:
    """Publish the results: every assessment must be appraised (or already published). Then
    the campaigns that wait for these results open their nomination phase and tell their
    units (see `_open_waiting_campaigns`). Screens go through `framework_publish_request`.

    Built for a nation's thousands of units in one task: scores are read as plain values
    once, each unit's totals are rolled up once, the results are written as plain rows
    (COPY on PostgreSQL) and the units' transition is one audit row for the whole batch,
    listing every assessment and unit it published; a constant number of queries."""
    now = now or timezone.now()
    framework = _locked_framework(framework)
    assessments = _publish_check(framework)
    nodes = list(framework.nodes.all())
    specs = _specs(nodes)
    bands = [(b.min_percent, b.label) for b in framework.bands.all()]
    to_publish = [a for a in assessments if a.state == AssessmentState.APPRAISED]
    scores = _leaf_scores(framework)
    number = nfc(doc_number)
    updates, results = [], []
    tree = scoring.Tree(specs)
    for a in to_publish:
        leaves = scores.get(a.pk, [])
        own = tree.grand_total(assessment_totals(tree, leaves, appraised=False))
        has_own = any(s.self_score is not None or s.not_applicable for s in leaves)
        self_points = own.points if has_own or a.source != ResultSource.IMPORT else None
        totals = assessment_totals(tree, leaves, appraised=True)
        total = tree.grand_total(totals)
        band = scoring.band_for(total.percent, bands)
        updates.append((AssessmentState.PUBLISHED, now, number, doc_date, self_points,
                        total.points, total.applicable_max, total.percent, band, a.pk))  # fmt: skip
        results += [(a.pk, node_id, t.points, t.applicable_max) for node_id, t in totals.items()]
    edge = (AssessmentState.APPRAISED, AssessmentState.PUBLISHED)
    audit_record(
        actor=actor,
        action=f"indicators.{ASSESSMENT_TRANSITIONS[edge]}",
        obj=framework,
        unit_id=framework.issuer_id,
        before={"state": AssessmentState.APPRAISED},
        after={
            "state": AssessmentState.PUBLISHED,
            "assessments": [a.pk for a in to_publish],
            "units": [a.unit_id for a in to_publish],
        },
    )
    update_rows(Assessment, ["state", "published_at", "source_doc_number", "source_doc_date",
                             *RESULT_FIELDS], updates)  # fmt: skip
    NodeResult.objects.filter(assessment__framework=framework, assessment__in=to_publish).delete()
    insert_rows(NodeResult, ["assessment_id", "node_id", "points", "applicable_max"], results)
    framework.state = FrameworkState.PUBLISHED
    framework.published_at = now
    framework.source_doc_number = nfc(doc_number) or framework.source_doc_number
    framework.source_doc_date = doc_date or framework.source_doc_date
    framework.publish_queued_at, framework.publish_error = None, ""
    framework.save(
        update_fields=[
            "state",
            "published_at",
            "source_doc_number",
            "source_doc_date",
            "publish_queued_at",
            "publish_error",
        ]
    )
    audit_record(
        actor=actor,
        action="indicators.framework.publish",
        obj=framework,
        unit_id=framework.issuer_id,
        after={"assessments": len(to_publish), "doc_number": doc_number},
    )

    notify(
        users=focal_points_of([a.unit for a in assessments]),
        title=f"Công bố kết quả: {framework.name}",
        body=f"{framework.issuer.name} đã công bố kết quả {framework.name}.",
        url=f"/chi-so/{framework.pk}/",
    )
    _open_waiting_campaigns(actor=actor, framework=framework, now=now)
    return framework
