"""Frameworks: their tree of criteria, bands, opening for scoring, copying; the
assignment of component indicators; the labels of a framework."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.campaigns.services import focal_points_of
from thidua.core.formatting import deadline
from thidua.core.services import audit_record, notify, snapshot
from thidua.core.text import nfc
from thidua.core.transitions import transition
from thidua.indicators.enums import (
    FrameworkKind,
    FrameworkState,
    SubjectKind,
)
from thidua.indicators.models import (
    Assessment,
    ComponentAssignment,
    Framework,
    Node,
    RatingBand,
)
from thidua.indicators.services._common import FRAMEWORK_FIELDS, NODE_FIELDS, _decimal, _text
from thidua.org.models import Unit

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


# Labels used by several screens ----------------------------------------------------------------


def framework_title(kind: str, subject_kind: str, year: int) -> str:
    return f"{FrameworkKind.short(kind)} {SubjectKind(subject_kind).label.lower()} năm {year}"
