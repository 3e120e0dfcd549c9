"""Every write to indicators, CCHC tasks, ratings and discipline. One function per state change;
each writes its audit row in the same transaction.

Side effects run in this order: guard → save → audit row → notification (after commit).
Permission is checked by the caller (views load objects through selectors' `*_get_for`); the
services guard the states and the data.
"""

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thidua.campaigns import services as campaign_services
from thidua.campaigns.enums import AnnualRating, CampaignState, PhaseKind
from thidua.campaigns.services import focal_points_of
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
    DisciplineForm,
    FrameworkKind,
    FrameworkState,
    ResultSource,
    SubjectKind,
    TaskState,
)
from thidua.indicators.models import (
    Assessment,
    ComponentAssignment,
    DisciplineRecord,
    Evidence,
    Framework,
    Node,
    NodeResult,
    NominationWait,
    RatingBand,
    Score,
    StaffRating,
    Task,
    TaskReport,
)
from thidua.org.models import Person, Unit

FRAMEWORK_FIELDS = ["kind", "subject_kind", "year", "name", "issuer", "basis", "self_deadline"]
NODE_FIELDS = ["code", "name", "max_score", "is_survey", "parent", "position"]
TASK_FIELDS = ["year", "issuer", "unit", "code", "title", "description", "plan_ref", "deadline"]
DISCIPLINE_FIELDS = [
    "person",
    "form",
    "decision_number",
    "decided_on",
    "effective_from",
    "effective_to",
    "reason",
]
TWO = Decimal("0.01")


def _text(value: str) -> str:
    return "\n".join(nfc(line) for line in (value or "").replace("\r\n", "\n").split("\n")).strip()


def _decimal(value, what: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{what} phải là một số.") from None
    if not number.is_finite():
        raise ValidationError(f"{what} phải là một số.")
    return number


def _check_score(node: Node, value: Decimal | None, what: str) -> Decimal | None:
    """A score of a leaf: 0 ≤ value ≤ its maximum, at most 2 decimal places."""
    if value is None:
        return None
    label = f"{what} của tiêu chí {node.code}"
    if value < 0:
        raise ValidationError(f"{label} không được âm.")
    if value > node.max_score:
        raise ValidationError(
            f"{label} ({_num(value)}) vượt quá điểm tối đa {_num(node.max_score)}."
        )
    if value != value.quantize(TWO):
        raise ValidationError(f"{label} chỉ được có tối đa 2 chữ số thập phân.")
    return value.quantize(TWO)


def _num(value: Decimal) -> str:
    """12.50 → "12,5" as Vietnamese write numbers."""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")


# Frameworks ------------------------------------------------------------------------------------


def _locked_framework(framework: Framework) -> Framework:
    return Framework.objects.select_for_update().get(pk=framework.pk)


def _require_draft(framework: Framework) -> None:
    if framework.state not in FrameworkState.editable():
        raise ValidationError(
            "Bộ chỉ số đã đưa vào chấm điểm; không sửa cấu trúc tiêu chí được nữa."
        )


@transaction.atomic
def framework_create(
    *,
    actor,
    issuer: Unit,
    kind: str,
    subject_kind: str,
    year: int,
    name: str,
    basis: str = "",
    self_deadline: dt.datetime | None = None,
) -> Framework:
    framework = Framework(
        issuer=issuer,
        kind=kind,
        subject_kind=subject_kind,
        year=year,
        name=nfc(name),
        basis=_text(basis),
        self_deadline=self_deadline,
    )
    framework.full_clean()
    framework.save()
    audit_record(
        actor=actor,
        action="indicators.framework.create",
        obj=framework,
        unit_id=issuer.pk,
        after=snapshot(framework, FRAMEWORK_FIELDS),
    )
    return framework


@transaction.atomic
def framework_update(*, actor, framework: Framework, **changes) -> Framework:
    """Name, basis and the self-assessment deadline may change at any time before publication
    (a deadline may be extended)."""
    allowed = {"name", "basis", "self_deadline"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    framework = _locked_framework(framework)
    if framework.state == FrameworkState.PUBLISHED:
        raise ValidationError("Bộ chỉ số đã công bố kết quả; không sửa được nữa.")
    before = snapshot(framework, FRAMEWORK_FIELDS)
    for name, value in changes.items():
        setattr(framework, name, _text(value) if isinstance(value, str) else value)
    framework.full_clean()
    framework.save()
    audit_record(
        actor=actor,
        action="indicators.framework.update",
        obj=framework,
        unit_id=framework.issuer_id,
        before=before,
        after=snapshot(framework, FRAMEWORK_FIELDS),
    )
    return framework


@dataclass(frozen=True)
class NodeRow:
    """A node to create: its parent is named by code (None: a lĩnh vực)."""

    code: str
    name: str
    max_score: Decimal
    parent_code: str | None = None
    is_survey: bool = False


def _refresh_tree(framework: Framework) -> list[Node]:
    """Depth, leaf flags and inner maxima (the sum of their leaves) of the whole tree."""
    nodes = list(Node.objects.filter(framework=framework).order_by("position", "id"))
    by_id = {n.pk: n for n in nodes}
    children: dict[int | None, list[Node]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)

    def visit(node: Node, depth: int) -> Decimal:
        node.depth = depth
        kids = children.get(node.pk, [])
        node.is_leaf = not kids
        if kids:
            node.max_score = sum((visit(k, depth + 1) for k in kids), Decimal("0"))
            if any(k.is_survey for k in kids) and all(k.is_survey for k in kids):
                node.is_survey = True
        return node.max_score

    for root in children.get(None, []):
        visit(root, 0)
    # A survey lĩnh vực makes its whole subtree survey.
    for n in nodes:
        p = by_id.get(n.parent_id)
        while p is not None:
            if p.is_survey:
                n.is_survey = True
                break
            p = by_id.get(p.parent_id)
    Node.objects.bulk_update(nodes, ["depth", "is_leaf", "max_score", "is_survey"])
    return nodes


@transaction.atomic
def nodes_create(*, actor, framework: Framework, rows: Sequence[NodeRow]) -> list[Node]:
    """Add lĩnh vực, tiêu chí and tiêu chí thành phần in one go (parents before children).
    Inner maxima are recomputed from the leaves."""
    framework = _locked_framework(framework)
    _require_draft(framework)
    existing = {n.code: n for n in Node.objects.filter(framework=framework)}
    position = len(existing)
    created: list[Node] = []
    errors: list[str] = []
    for row in rows:
        code = (row.code or "").strip()
        if code in existing:
            errors.append(f"Mã tiêu chí «{code}» đã có trong bộ chỉ số.")
            continue
        parent = existing.get(row.parent_code) if row.parent_code else None
        if row.parent_code and parent is None:
            errors.append(f"Tiêu chí «{code}»: không có tiêu chí cấp trên mã «{row.parent_code}».")
            continue
        position += 1
        node = Node(
            framework=framework,
            parent=parent,
            code=code,
            name=nfc(row.name),
            max_score=_decimal(row.max_score, f"Điểm tối đa của tiêu chí {code}"),
            is_survey=row.is_survey,
            position=position,
        )
        try:
            node.full_clean(exclude=["framework", "parent"])
        except ValidationError as exc:
            errors += [f"Tiêu chí «{code}»: {m}" for m in exc.messages]
            continue
        node.save()
        existing[code] = node
        created.append(node)
    if errors:
        raise ValidationError(errors)
    _refresh_tree(framework)
    audit_record(
        actor=actor,
        action="indicators.node.create",
        obj=framework,
        unit_id=framework.issuer_id,
        after={"codes": [n.code for n in created]},
    )
    return created


@transaction.atomic
def node_update(*, actor, node: Node, **changes) -> Node:
    allowed = {"name", "max_score", "is_survey", "position"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    framework = _locked_framework(node.framework)
    _require_draft(framework)
    node = Node.objects.get(pk=node.pk)
    before = snapshot(node, NODE_FIELDS)
    if "max_score" in changes and not node.is_leaf:
        changes.pop("max_score")  # inner maxima follow their leaves
    for name, value in changes.items():
        setattr(node, name, nfc(value) if isinstance(value, str) else value)
    node.full_clean()
    node.save()
    _refresh_tree(framework)
    node.refresh_from_db()
    audit_record(
        actor=actor,
        action="indicators.node.update",
        obj=node,
        unit_id=framework.issuer_id,
        before=before,
        after=snapshot(node, NODE_FIELDS),
    )
    return node


@transaction.atomic
def node_remove(*, actor, node: Node) -> None:
    framework = _locked_framework(node.framework)
    _require_draft(framework)
    audit_record(
        actor=actor,
        action="indicators.node.remove",
        obj=node,
        unit_id=framework.issuer_id,
        before=snapshot(node, NODE_FIELDS),
    )
    node.delete()
    _refresh_tree(framework)


@transaction.atomic
def bands_set(*, actor, framework: Framework, bands: Iterable[tuple[Decimal, str]]) -> None:
    """Replace the rating bands: [(minimum %, label)], e.g. [(90, "Xuất sắc"), (80, "Tốt")…]."""
    framework = _locked_framework(framework)
    if framework.state == FrameworkState.PUBLISHED:
        raise ValidationError("Bộ chỉ số đã công bố kết quả; không đổi mức xếp loại được nữa.")
    rows = []
    for minimum, label in bands:
        band = RatingBand(
            framework=framework, label=nfc(label), min_percent=_decimal(minimum, "Mức tối thiểu")
        )
        band.full_clean(exclude=["framework"])
        rows.append(band)
    if len({b.min_percent for b in rows}) != len(rows):
        raise ValidationError("Hai mức xếp loại không được có cùng mức tối thiểu.")
    before = list(framework.bands.values_list("min_percent", "label"))
    framework.bands.all().delete()
    RatingBand.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="indicators.bands.set",
        obj=framework,
        unit_id=framework.issuer_id,
        before={"bands": [[str(m), lbl] for m, lbl in before]},
        after={"bands": [[str(b.min_percent), b.label] for b in rows]},
    )


def _subject_problems(framework: Framework, units: Sequence[Unit]) -> list[str]:
    problems = []
    for unit in units:
        if not unit.path.startswith(framework.issuer.path):
            problems.append(f"{unit.name} không thuộc phạm vi của {framework.issuer.name}.")
    return problems


@transaction.atomic
def framework_open(
    *, actor, framework: Framework, units: Sequence[Unit], self_deadline: dt.datetime | None = None
) -> Framework:
    """Draft → open: the tree is fixed and each subject unit gets its assessment to fill in."""
    framework = _locked_framework(framework)
    if framework.state != FrameworkState.DRAFT:
        raise ValidationError("Bộ chỉ số đã đưa vào chấm điểm.")
    problems = []
    if not Node.objects.filter(framework=framework).exists():
        problems.append("Bộ chỉ số chưa có tiêu chí nào.")
    if not framework.bands.exists():
        problems.append("Chưa đặt các mức xếp loại.")
    if not units:
        problems.append("Chưa chọn đơn vị được đánh giá.")
    problems += _subject_problems(framework, units)
    if problems:
        raise ValidationError(problems)
    if self_deadline is not None:
        framework.self_deadline = self_deadline
    transition(
        framework, to=FrameworkState.OPEN, allowed_from={FrameworkState.DRAFT}, actor=actor,
        action="indicators.framework.open", unit_id=framework.issuer_id, what="bộ chỉ số",
        update_fields=["self_deadline"], after={"units": sorted(u.pk for u in units)},
    )  # fmt: skip
    have = set(framework.assessments.values_list("unit_id", flat=True))
    Assessment.objects.bulk_create(
        [Assessment(framework=framework, unit=u) for u in units if u.pk not in have]
    )

    notify(
        users=focal_points_of(units),
        title=f"Tự chấm điểm: {framework.name}",
        body=f"Đề nghị đơn vị tự chấm điểm, gửi tài liệu kiểm chứng "
        f"{deadline(framework.self_deadline) if framework.self_deadline else ''}.".replace(
            " .", "."
        ),
        url=f"/chi-so/{framework.pk}/",
    )
    return framework


@transaction.atomic
def framework_copy(*, actor, framework: Framework, year: int | None = None) -> Framework:
    """A draft copy for another year: the tree, the bands and the component assignments
    (pointing at the copied nodes). Scores are not copied."""
    year = year or framework.year + 1
    if Framework.objects.filter(
        issuer=framework.issuer, kind=framework.kind, subject_kind=framework.subject_kind, year=year
    ).exists():
        raise ValidationError(f"Đã có bộ chỉ số này cho năm {year}.")
    copy = Framework(
        issuer=framework.issuer,
        kind=framework.kind,
        subject_kind=framework.subject_kind,
        year=year,
        name=framework.name.replace(str(framework.year), str(year)),
        basis=framework.basis,
        copied_from=framework,
    )
    copy.full_clean()
    copy.save()
    old = list(Node.objects.filter(framework=framework).order_by("depth", "position", "id"))
    mapping: dict[int, Node] = {}
    for depth in sorted({n.depth for n in old}):
        level = [n for n in old if n.depth == depth]
        new = [
            Node(
                framework=copy,
                parent=mapping.get(n.parent_id),
                code=n.code,
                name=n.name,
                max_score=n.max_score,
                is_survey=n.is_survey,
                position=n.position,
                depth=n.depth,
                is_leaf=n.is_leaf,
            )
            for n in level
        ]
        Node.objects.bulk_create(new)
        if any(n.pk is None for n in new):  # backends that return no ids
            by_code = {n.code: n for n in Node.objects.filter(framework=copy)}
            new = [by_code[n.code] for n in level]
        mapping.update({o.pk: n for o, n in zip(level, new, strict=True)})
    RatingBand.objects.bulk_create(
        [
            RatingBand(framework=copy, label=b.label, min_percent=b.min_percent)
            for b in framework.bands.all()
        ]
    )
    ComponentAssignment.objects.bulk_create(
        [
            ComponentAssignment(node=mapping[a.node_id], subject_id=a.subject_id, unit_id=a.unit_id)
            for a in ComponentAssignment.objects.filter(node__framework=framework)
        ]
    )
    audit_record(
        actor=actor,
        action="indicators.framework.copy",
        obj=copy,
        unit_id=copy.issuer_id,
        after={"from": framework.pk, "year": year},
    )
    return copy


# Assessments: totals ---------------------------------------------------------------------------


def _specs(nodes: Iterable[Node]) -> list[scoring.NodeSpec]:
    return [scoring.NodeSpec(n.pk, n.parent_id, n.max_score) for n in nodes]


def assessment_totals(
    nodes: Sequence[Node], scores: Iterable[Score], *, appraised: bool
) -> dict[int, scoring.Total]:
    """Totals of every node from the leaves' self or appraised scores."""
    key = "appraised_score" if appraised else "self_score"
    values = {s.node_id: scoring.LeafValue(getattr(s, key), s.not_applicable) for s in scores}
    return scoring.roll_up(_specs(nodes), values)


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
    for a in assessments:
        totals = assessment_totals(nodes, scores.get(a.pk, []), appraised=True)
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
    units (see `_open_waiting_campaigns`). Screens go through `framework_publish_request`."""
    now = now or timezone.now()
    framework = _locked_framework(framework)
    assessments = _publish_check(framework)
    nodes = list(framework.nodes.all())
    bands = [(b.min_percent, b.label) for b in framework.bands.all()]
    to_publish = [a for a in assessments if a.state == AssessmentState.APPRAISED]
    # Everything loaded once and written in bulk: a constant number of queries plus one audit
    # row per unit (the transition each unit's result made).
    scores = _scores_by_assessment([a.pk for a in to_publish])
    edge = (AssessmentState.APPRAISED, AssessmentState.PUBLISHED)
    action = f"indicators.{ASSESSMENT_TRANSITIONS[edge]}"
    for a in to_publish:
        a.framework = framework
        _recompute(a, nodes=nodes, scores=scores[a.pk], bands=bands, save=False)
        a.state, a.published_at = AssessmentState.PUBLISHED, now
        a.source_doc_number, a.source_doc_date = nfc(doc_number), doc_date
        audit_record(
            actor=actor,
            action=action,
            obj=a,
            unit_id=a.unit_id,
            before={"state": AssessmentState.APPRAISED},
            after={"state": AssessmentState.PUBLISHED},
        )
    Assessment.objects.filter(pk__in=[a.pk for a in to_publish]).update(
        state=AssessmentState.PUBLISHED,
        published_at=now,
        source_doc_number=nfc(doc_number),
        source_doc_date=doc_date,
    )
    Assessment.objects.bulk_update(to_publish, RESULT_FIELDS, batch_size=500)
    _write_results(to_publish, nodes, scores)
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


# Nomination phase of the campaigns that wait for the results ----------------------------------


@transaction.atomic
def nomination_wait_set(
    *, actor, campaign, frameworks: Sequence[Framework], nomination_days: int = 15
) -> NominationWait:
    """The campaign opens its nomination phase when all these frameworks are published."""
    if campaign.state not in (CampaignState.DRAFT, CampaignState.PUBLISHED, CampaignState.RUNNING):
        raise ValidationError("Phong trào đã sang giai đoạn xét khen thưởng.")
    if not frameworks:
        raise ValidationError("Chọn ít nhất một bộ chỉ số.")
    wait, _ = NominationWait.objects.get_or_create(
        campaign=campaign, defaults={"nomination_days": nomination_days}
    )
    wait.nomination_days = nomination_days
    wait.full_clean()
    wait.save()
    wait.frameworks.set(frameworks)
    audit_record(
        actor=actor,
        action="indicators.nomination_wait.set",
        obj=wait,
        unit_id=campaign.issuer_id,
        after={"frameworks": sorted(f.pk for f in frameworks), "days": nomination_days},
    )
    return wait


def _open_waiting_campaigns(*, actor, framework: Framework, now: dt.datetime) -> list:
    """For each campaign waiting on this framework whose frameworks are now all published:
    set its nomination phase (now → now + N days) through campaigns.services.phase_set and
    notify the participant units' focal points."""

    opened = []
    waits = NominationWait.objects.filter(frameworks=framework, opened_at__isnull=True)
    for wait in waits.select_related("campaign__issuer").prefetch_related("frameworks"):
        if any(
            f.state != FrameworkState.PUBLISHED and f.pk != framework.pk
            for f in wait.frameworks.all()
        ):
            continue
        campaign = wait.campaign
        if campaign.state not in (CampaignState.PUBLISHED, CampaignState.RUNNING):
            continue
        local = timezone.localtime(now)
        ends = (local + dt.timedelta(days=wait.nomination_days)).replace(
            hour=0, minute=0, second=0, microsecond=0
        ) + dt.timedelta(days=1)
        try:
            # A savepoint: a campaign whose schedule refuses the phase must not stop the
            # publication; the refusal is recorded and the secretariat sets the phase by hand.
            with transaction.atomic():
                campaign_services.phase_set(
                    actor=actor,
                    campaign=campaign,
                    kind=PhaseKind.NOMINATION,
                    starts_at=now,
                    ends_at=ends,
                    note="Mở khi công bố kết quả chỉ số cải cách hành chính",
                )
        except ValidationError as exc:
            audit_record(
                actor=actor,
                action="indicators.nomination.open_refused",
                obj=campaign,
                unit_id=campaign.issuer_id,
                note=" ".join(exc.messages),
            )
            continue
        wait.opened_at = now
        wait.save(update_fields=["opened_at"])
        names = ", ".join(f.name for f in wait.frameworks.all())
        units = [p.unit for p in campaign.participants.select_related("unit")]
        notify(
            users=campaign_services.focal_points_of(units),
            title=f"Đề nghị khen thưởng: {campaign.title}",
            body=f"Đã có kết quả {names}. Đề nghị đơn vị gửi hồ sơ đề nghị khen thưởng "
            f"{deadline(ends)}.",
            url=f"/phong-trao/{campaign.pk}/",
        )
        audit_record(
            actor=actor,
            action="indicators.nomination.open",
            obj=campaign,
            unit_id=campaign.issuer_id,
            after={"framework": framework.pk, "ends_at": ends.isoformat()},
        )
        opened.append(campaign)
    return opened


# Component assignment --------------------------------------------------------------------------


@transaction.atomic
def component_assign(
    *, actor, node: Node, unit: Unit, subject: Unit | None = None
) -> ComponentAssignment:
    """Assign a component of `subject`'s index (default: the framework's organiser itself, as
    for the district's own DDCI) to the unit responsible for it."""
    framework = node.framework
    subject = subject or framework.issuer
    if not unit.path.startswith(framework.issuer.path):
        raise ValidationError(f"{unit.name} không thuộc phạm vi của {framework.issuer.name}.")
    assignment, created = ComponentAssignment.objects.get_or_create(
        node=node, subject=subject, unit=unit
    )
    if created:
        audit_record(
            actor=actor,
            action="indicators.component.assign",
            obj=assignment,
            unit_id=unit.pk,
            after={"node": node.code, "subject": subject.pk, "unit": unit.pk},
        )
    return assignment


@transaction.atomic
def component_unassign(*, actor, assignment: ComponentAssignment) -> None:
    audit_record(
        actor=actor,
        action="indicators.component.unassign",
        obj=assignment,
        unit_id=assignment.unit_id,
        before={"node": assignment.node_id, "unit": assignment.unit_id},
    )
    assignment.delete()


# CCHC tasks ------------------------------------------------------------------------------------


@transaction.atomic
def task_create(
    *,
    actor,
    issuer: Unit,
    unit: Unit,
    year: int,
    title: str,
    deadline: dt.date,
    code: str = "",
    description: str = "",
    plan_ref: str = "",
) -> Task:
    if not unit.path.startswith(issuer.path):
        raise ValidationError({"unit": f"{unit.name} không thuộc phạm vi của {issuer.name}."})
    task = Task(
        issuer=issuer,
        unit=unit,
        year=year,
        title=nfc(title),
        deadline=deadline,
        code=code.strip(),
        description=_text(description),
        plan_ref=nfc(plan_ref),
    )
    task.full_clean()
    task.save()
    audit_record(
        actor=actor,
        action="indicators.task.create",
        obj=task,
        unit_id=unit.pk,
        after=snapshot(task, TASK_FIELDS),
    )
    return task


def _locked_task(task: Task) -> Task:
    return Task.objects.select_for_update(of=("self",)).select_related("unit").get(pk=task.pk)


@transaction.atomic
def task_report(
    *,
    actor,
    task: Task,
    progress: int,
    note: str,
    done: bool = False,
    evidence: CheckedUpload | None = None,
    evidence_name: str = "",
    now: dt.datetime | None = None,
) -> TaskReport:
    """The unit reports progress; `done` asks the assigning body to confirm completion."""
    now = now or timezone.now()
    task = _locked_task(task)
    if task.state == TaskState.COMPLETED:
        raise ValidationError("Nhiệm vụ đã được xác nhận hoàn thành.")
    if task.state == TaskState.REPORTED:
        raise ValidationError("Đơn vị đã báo cáo hoàn thành; chờ cơ quan giao xác nhận.")
    note = _text(note)
    if not note:
        raise ValidationError({"note": "Nêu kết quả thực hiện."})
    if done:
        progress = 100
        if evidence is None and not task.reports.exclude(file="").exists():
            raise ValidationError({"evidence": "Báo cáo hoàn thành cần kèm tài liệu kiểm chứng."})
    report = TaskReport(task=task, reported_at=now, reported_by=actor, progress=progress, note=note)
    report.full_clean(exclude=["task", "file"])
    if evidence is not None:
        stem = nfc(evidence_name.rsplit(".", 1)[0])[:120] if evidence_name else "kiem-chung"
        report.file.save(
            f"{task.pk}/{uuid.uuid4().hex[:12]}.{evidence.extension}",
            ContentFile(evidence.data),
            save=False,
        )
        report.file_name = f"{stem}.{evidence.extension}"
        report.file_size, report.file_sha256 = evidence.size, evidence.sha256
    report.save()
    before = task.state
    task.state = TaskState.REPORTED if done else TaskState.IN_PROGRESS
    task.progress = progress
    if done:
        task.completed_on = timezone.localtime(now).date()
    task.save(update_fields=["state", "progress", "completed_on"])
    audit_record(
        actor=actor,
        action="indicators.task.report",
        obj=task,
        unit_id=task.unit_id,
        before={"state": before},
        after={"state": task.state, "progress": progress},
    )
    return report


@transaction.atomic
def task_confirm(
    *, actor, task: Task, completed_on: dt.date | None = None, now: dt.datetime | None = None
) -> Task:
    """Reported → completed: the assigning body confirms the unit's completion."""
    now = now or timezone.now()
    task = _locked_task(task)
    completed_on = completed_on or task.completed_on or timezone.localtime(now).date()
    transition(
        task, to=TaskState.COMPLETED, allowed_from={TaskState.REPORTED}, actor=actor,
        action="indicators.task.confirm", unit_id=task.unit_id, what="nhiệm vụ",
        refusal="Chỉ xác nhận nhiệm vụ đơn vị đã báo cáo hoàn thành.",
        timestamp="confirmed_at", now=now,
        fields={"completed_on": completed_on, "confirmed_by": actor},
        after={"completed_on": str(completed_on)},
    )  # fmt: skip
    return task


@transaction.atomic
def task_reject(*, actor, task: Task, note: str) -> Task:
    """Reported → in progress: the completion is not accepted; the unit is told why."""
    task = _locked_task(task)
    refusal = "Chỉ trả lại nhiệm vụ đơn vị đã báo cáo hoàn thành."
    if task.state != TaskState.REPORTED:  # before the note is checked
        raise ValidationError(refusal)
    note = _text(note)
    if not note:
        raise ValidationError({"note": "Nêu lý do chưa xác nhận hoàn thành."})
    last = task.reports.order_by("-reported_at", "-id").first()
    if last is not None:
        last.reviewer_note = note
        last.save(update_fields=["reviewer_note"])
    transition(
        task, to=TaskState.IN_PROGRESS, allowed_from={TaskState.REPORTED}, actor=actor,
        action="indicators.task.reject", unit_id=task.unit_id, what="nhiệm vụ",
        refusal=refusal, fields={"completed_on": None}, note=note,
    )  # fmt: skip

    notify(
        users=focal_points_of([task.unit]),
        title=f"Chưa xác nhận hoàn thành: {task.title}",
        body=note,
        url=f"/nhiem-vu-cchc/{task.pk}/",
    )
    return task


# Staff ratings and discipline ------------------------------------------------------------------


@transaction.atomic
def rating_set(
    *,
    actor,
    person: Person,
    year: int,
    rating: str,
    decision_number: str = "",
    decided_on: dt.date | None = None,
) -> StaffRating:
    if rating not in AnnualRating.values:
        raise ValidationError({"rating": "Xếp loại không hợp lệ."})
    item = StaffRating.objects.filter(person=person, year=year).first()
    before = snapshot(item, ["rating", "decision_number", "decided_on"]) if item else None
    item = item or StaffRating(person=person, year=year)
    item.rating, item.decision_number, item.decided_on = rating, nfc(decision_number), decided_on
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="indicators.rating.set",
        obj=item,
        unit_id=person.unit_id,
        before=before,
        after=snapshot(item, ["year", "rating", "decision_number", "decided_on"]),
    )
    return item


def add_months(day: dt.date, months: int) -> dt.date:
    """The last day of a discipline lasting `months` from `day` (12 months from 15/03/2023 end
    on 14/03/2024)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    import calendar

    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last)) - dt.timedelta(days=1)


@transaction.atomic
def discipline_add(
    *,
    actor,
    person: Person,
    form: str,
    decision_number: str,
    decided_on: dt.date,
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
    months: int | None = None,
    reason: str = "",
) -> DisciplineRecord:
    """A discipline record. Its effect runs from `effective_from` (default: the decision date)
    to `effective_to`, or for `months` months."""
    if form not in DisciplineForm.values:
        raise ValidationError({"form": "Hình thức kỷ luật không hợp lệ."})
    effective_from = effective_from or decided_on
    if months is not None and effective_to is None:
        if months <= 0:
            raise ValidationError({"effective_to": "Thời hạn phải là số tháng dương."})
        effective_to = add_months(effective_from, months)
    if effective_to is not None and effective_to < effective_from:
        raise ValidationError({"effective_to": "Ngày hết hiệu lực phải sau ngày có hiệu lực."})
    record = DisciplineRecord(
        person=person,
        form=form,
        decision_number=nfc(decision_number),
        decided_on=decided_on,
        effective_from=effective_from,
        effective_to=effective_to,
        reason=_text(reason),
    )
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        action="indicators.discipline.add",
        obj=record,
        unit_id=person.unit_id,
        after=snapshot(record, DISCIPLINE_FIELDS),
    )
    return record


@transaction.atomic
def discipline_remove(*, actor, record: DisciplineRecord) -> None:
    audit_record(
        actor=actor,
        action="indicators.discipline.remove",
        obj=record,
        unit_id=record.person.unit_id,
        before=snapshot(record, DISCIPLINE_FIELDS),
    )
    record.delete()


# Labels used by several screens ----------------------------------------------------------------


def framework_title(kind: str, subject_kind: str, year: int) -> str:
    return f"{FrameworkKind.short(kind)} {SubjectKind(subject_kind).label.lower()} năm {year}"
