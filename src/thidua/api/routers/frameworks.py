"""Indicator frameworks (bộ chỉ số: PAR INDEX, DDCI, SIPAS, a province's own index) and their
scores through the API: the tree with maximum scores, the bands, opening to the units, the
units' own scores, the appraisal and the publication.

Each operation is the screen's: the same form validates (thidua.indicators.forms), the same
service writes (thidua.indicators.services), the same rule decides (thidua.indicators.rules);
a framework or an assessment outside the token's reach is a 404, like an unknown id.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from thidua.api.aliases import with_old_path
from thidua.api.auth import guard, require_perm
from thidua.api.forms import check, clean, form_data
from thidua.api.pagination import Pagination
from thidua.api.schemas import UnitRef
from thidua.api.schemas_indicators import FrameworkFilters, FrameworkOut
from thidua.api.schemas_write import Id
from thidua.indicators import forms as f
from thidua.indicators import importers, selectors, services
from thidua.indicators.enums import AssessmentState, FrameworkKind, SubjectKind
from thidua.org import selectors as org_selectors

router = Router(tags=["Chỉ số CCHC, nhiệm vụ CCHC"])

BACKOFFICE = "org.access_backoffice"
CHANGE = "indicators.change_framework"
SELF_ASSESS = "indicators.self_assess"
APPRAISE = "indicators.appraise"


def _framework(user, framework_id, perm: str = CHANGE, **_):
    return selectors.framework_get_for(user, framework_id, perm)


def _assessment(perm: str):
    def load(user, framework_id, assessment_id, **_):
        assessment = selectors.assessment_get_for(user, assessment_id, perm)
        if str(assessment.framework_id) != str(framework_id):
            raise Http404
        return assessment

    return load


def _fresh(request: HttpRequest, framework) -> object:
    """The framework as GET /frameworks/{id} shows it, read afresh after a write."""
    return selectors.framework_get_for(request.user, framework.pk)


# Bodies --------------------------------------------------------------------------------------


class FrameworkIn(Schema):
    issuer: Id = Field(description="Mã (id) cơ quan tổ chức đánh giá, trong phạm vi quản lý")
    kind: FrameworkKind = Field(description="Bộ chỉ số")
    subject_kind: SubjectKind = Field(description="Đối tượng đánh giá")
    year: int = Field(description="Năm đánh giá", ge=2000, le=2100)
    name: str = Field(max_length=300, description="Tên bộ chỉ số")
    basis: str = Field("", max_length=5000, description="Căn cứ")
    self_deadline: dt.date | None = Field(None, description="Hạn tự chấm (đến hết ngày)")


class FrameworkPatch(Schema):
    name: str | None = Field(None, max_length=300, description="Tên bộ chỉ số")
    basis: str | None = Field(None, max_length=5000, description="Căn cứ")
    self_deadline: dt.date | None = Field(None, description="Hạn tự chấm (đến hết ngày)")


class NodeIn(Schema):
    code: str = Field(max_length=32, description="Mã tiêu chí: 1, 1.2, 1.2.3")
    name: str = Field(max_length=500, description="Nội dung")
    max_score: Decimal = Field(description="Điểm tối đa", max_digits=7, decimal_places=2)
    parent: str = Field("", max_length=32, description="Mã tiêu chí cha; trống: một lĩnh vực")
    is_survey: bool = Field(False, description="Thuộc phần điều tra xã hội học")


class NodesIn(Schema):
    nodes: list[NodeIn] = Field(
        description="Các tiêu chí, cha trước con; tất cả hoặc không tiêu chí nào được thêm",
        min_length=1,
        max_length=2000,
    )


class BandIn(Schema):
    minimum: Decimal = Field(description="Tỷ lệ tối thiểu (%)", ge=0, le=100, decimal_places=2)
    label: str = Field(min_length=1, max_length=60, description="Tên xếp loại")


class BandsIn(Schema):
    bands: list[BandIn] = Field(description="Các mức xếp loại", min_length=1, max_length=20)


class OpenIn(Schema):
    units: list[Id] = Field(description="Mã (id) các đơn vị được đánh giá", max_length=5000)
    self_deadline: dt.date = Field(description="Hạn tự chấm (đến hết ngày)")


class CopyIn(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Năm mới; trống: năm sau")


class PublishIn(Schema):
    doc_number: str = Field("", max_length=60, description="Số văn bản công bố")
    doc_date: dt.date | None = Field(None, description="Ngày văn bản")


class SelfScoreIn(Schema):
    score: Decimal | None = Field(None, description="Điểm tự chấm", max_digits=9)
    not_applicable: bool = Field(False, description="Tiêu chí không áp dụng với đơn vị")
    explanation: str = Field(
        "", max_length=20000, description="Giải trình (bắt buộc khi không có tài liệu kiểm chứng)"
    )


class AppraisalIn(Schema):
    score: Decimal | None = Field(None, description="Điểm thẩm định", max_digits=9)
    comment: str = Field("", max_length=5000, description="Ý kiến")
    not_applicable: bool = Field(False, description="Không áp dụng")


class AppraisalsIn(Schema):
    scores: dict[str, AppraisalIn] = Field(
        description="Mã (id) tiêu chí thành phần → điểm thẩm định; tiêu chí không gửi giữ nguyên"
    )
    finish: bool = Field(False, description="Hoàn thành thẩm định sau khi lưu")


class ReturnIn(Schema):
    note: str = Field(max_length=5000, description="Nội dung đề nghị đơn vị giải trình, bổ sung")


class AssessmentOut(Schema):
    id: int
    unit: UnitRef
    state: AssessmentState
    self_points: Decimal | None = Field(description="Điểm tự chấm")
    points: Decimal | None = Field(description="Điểm thẩm định")
    percent: Decimal | None = Field(description="Tỷ lệ %")
    band: str = Field(description="Xếp loại")


# The framework -------------------------------------------------------------------------------


@with_old_path(
    router.get,
    "/frameworks",
    old="/indicators/frameworks",
    response=list[FrameworkOut],
    summary="Bộ chỉ số (PAR INDEX, DDCI): cấu trúc tiêu chí, điểm tối đa, mức xếp loại",
)
@paginate(Pagination)
def framework_list(request: HttpRequest, filters: Query[FrameworkFilters]):
    require_perm(request, BACKOFFICE)
    frameworks = selectors.frameworks_with_structure_for(request.user)
    if filters.year is not None:
        frameworks = frameworks.filter(year=filters.year)
    if filters.kind:
        frameworks = frameworks.filter(kind=filters.kind)
    if filters.subject_kind:
        frameworks = frameworks.filter(subject_kind=filters.subject_kind)
    return frameworks


@router.post(
    "/frameworks",
    response={201: FrameworkOut},
    summary="Tạo bộ chỉ số (bản nháp): loại, đối tượng, năm, cơ quan tổ chức",
    auth=guard("indicators.add_framework"),
)
def framework_create(request: HttpRequest, payload: FrameworkIn):
    issuers = list(org_selectors.units_managed_by(request.user))
    data = clean(f.FrameworkForm, payload, issuers=issuers)
    framework = services.framework_create(actor=request.user, **data)
    return Status(201, _fresh(request, framework))


@router.get(
    "/frameworks/{framework_id}",
    response=FrameworkOut,
    summary="Một bộ chỉ số: cấu trúc tiêu chí, điểm tối đa, mức xếp loại",
)
def framework_detail(request: HttpRequest, framework_id: int):
    return selectors.framework_get_for(request.user, framework_id)


@router.patch(
    "/frameworks/{framework_id}",
    response=FrameworkOut,
    summary="Sửa tên, căn cứ, hạn tự chấm",
    auth=guard(CHANGE, load=_framework),
)
def framework_update(request: HttpRequest, framework_id: int, payload: FrameworkPatch):
    changes = payload.model_dump(exclude_unset=True)
    if "self_deadline" in changes:
        changes["self_deadline"] = check(
            f.DeadlineForm(data=form_data({"self_deadline": changes["self_deadline"]}))
        )["self_deadline"]
    for field in ("name", "basis"):
        if field in changes and changes[field] is None:
            raise ValidationError({field: "Không được để trống."})
    services.framework_update(actor=request.user, framework=request.api_object, **changes)
    return _fresh(request, request.api_object)


@router.post(
    "/frameworks/{framework_id}/nodes",
    response={201: FrameworkOut},
    summary="Thêm tiêu chí (lĩnh vực, tiêu chí, tiêu chí thành phần) với điểm tối đa",
    auth=guard(CHANGE, load=_framework),
)
def nodes_add(request: HttpRequest, framework_id: int, payload: NodesIn):
    framework = request.api_object
    rows, errors = [], {}
    nodes = list(framework.nodes.all())
    for i, node in enumerate(payload.nodes):
        form = f.NodeForm(
            data=form_data(node.model_dump()), nodes=nodes, known_codes=[r.code for r in rows]
        )
        if not form.is_valid():
            for field, messages in form.errors.items():
                errors[f"nodes.{i}.{field}"] = messages
            continue
        d = form.cleaned_data
        rows.append(
            services.NodeRow(
                d["code"], d["name"], d["max_score"], d["parent"] or None, d["is_survey"]
            )
        )
    if errors:
        raise ValidationError(errors)
    services.nodes_create(actor=request.user, framework=framework, rows=rows)
    return Status(201, _fresh(request, framework))


@router.post(
    "/frameworks/{framework_id}/nodes/import",
    response={201: FrameworkOut},
    summary="Nhập cấu trúc bộ chỉ số từ tệp Excel (.xlsx): tất cả các dòng hoặc không dòng nào",
    description="Gửi dạng multipart/form-data, trường `file`. Các cột: «Mã tiêu chí», «Nội "
    "dung», «Điểm tối đa», «Mã tiêu chí cấp trên», «Điều tra xã hội học» (tệp mẫu trên màn "
    "hình). Mỗi lỗi của tệp là một mục của 422, theo số dòng.",
    auth=guard(CHANGE, load=_framework),
)
def nodes_import(request: HttpRequest, framework_id: int, file: File[UploadedFile]):
    framework = request.api_object
    data = check(f.TreeImportForm(data={}, files={"file": file}))
    result = importers.framework_tree_import(
        actor=request.user, framework=framework, data=data["file"].read()
    )
    if not result.ok:
        raise ValidationError({"file": [e.message for e in result.errors]})
    return Status(201, _fresh(request, framework))


@router.delete(
    "/frameworks/{framework_id}/nodes/{node_id}",
    response={204: None},
    summary="Xóa một tiêu chí (bộ chỉ số còn là bản nháp)",
    auth=guard(CHANGE, load=_framework),
)
def node_remove(request: HttpRequest, framework_id: int, node_id: int):
    node = next((n for n in request.api_object.nodes.all() if n.pk == node_id), None)
    if node is None:
        raise Http404
    services.node_remove(actor=request.user, node=node)
    return Status(204, None)


@router.put(
    "/frameworks/{framework_id}/bands",
    response=FrameworkOut,
    summary="Đặt các mức xếp loại (thay cả danh sách)",
    auth=guard(CHANGE, load=_framework),
)
def bands_set(request: HttpRequest, framework_id: int, payload: BandsIn):
    bands = [(b.minimum, b.label.strip()) for b in payload.bands]
    services.bands_set(actor=request.user, framework=request.api_object, bands=bands)
    return _fresh(request, request.api_object)


@router.post(
    "/frameworks/{framework_id}/open",
    response=FrameworkOut,
    summary="Đưa vào chấm điểm: chọn đơn vị được đánh giá, đặt hạn tự chấm",
    auth=guard(CHANGE, load=_framework),
)
def framework_open(request: HttpRequest, framework_id: int, payload: OpenIn):
    framework = request.api_object
    units = list(org_selectors.unit_subtree(framework.issuer))
    data = clean(f.OpenForm, payload, units=units)
    services.framework_open(actor=request.user, framework=framework, **data)
    return _fresh(request, framework)


@router.post(
    "/frameworks/{framework_id}/copy",
    response={201: FrameworkOut},
    summary="Sao chép sang năm khác (cấu trúc, mức xếp loại; không chép điểm)",
    auth=guard(CHANGE, load=_framework),
)
def framework_copy(request: HttpRequest, framework_id: int, payload: CopyIn):
    copy = services.framework_copy(
        actor=request.user, framework=request.api_object, year=payload.year
    )
    return Status(201, _fresh(request, copy))


@router.post(
    "/frameworks/{framework_id}/publish",
    response={202: FrameworkOut},
    summary="Công bố kết quả (chạy nền; bộ chỉ số hiện «đang công bố» rồi «đã công bố»)",
    auth=guard(CHANGE, load=_framework),
)
def framework_publish(request: HttpRequest, framework_id: int, payload: PublishIn):
    services.framework_publish_request(
        actor=request.user,
        framework=request.api_object,
        doc_number=payload.doc_number,
        doc_date=payload.doc_date,
    )
    return Status(202, _fresh(request, request.api_object))


# Scores --------------------------------------------------------------------------------------


@router.get(
    "/frameworks/{framework_id}/assessments",
    response=list[AssessmentOut],
    summary="Kết quả chấm điểm từng đơn vị: trạng thái, điểm tự chấm, điểm thẩm định",
    description="Cơ quan tổ chức thấy mọi đơn vị; đơn vị được đánh giá thấy kết quả của mình.",
)
def assessment_list(request: HttpRequest, framework_id: int):
    framework = selectors.framework_get_for(request.user, framework_id)
    return [row.assessment for row in selectors.score_table(framework, user=request.user)]


def _leaf(assessment, node_id: int):
    node = next((n for n in assessment.framework.nodes.all() if n.pk == node_id), None)
    if node is None or not node.is_leaf or node.is_survey:
        raise Http404("Không tìm thấy tiêu chí thành phần tự chấm.")
    return node


@router.put(
    "/frameworks/{framework_id}/assessments/{assessment_id}/scores/{node_id}",
    response=AssessmentOut,
    summary="Đơn vị tự chấm một tiêu chí thành phần",
    description="Tài liệu kiểm chứng gửi trên màn hình chấm điểm; qua API, tiêu chí không có "
    "tài liệu cần giải trình.",
    auth=guard(SELF_ASSESS, load=_assessment(SELF_ASSESS)),
)
def score_set(
    request: HttpRequest, framework_id: int, assessment_id: int, node_id: int, payload: SelfScoreIn
):
    assessment = request.api_object
    node = _leaf(assessment, node_id)
    data = clean(f.SelfScoreForm, payload, max_bytes=settings.THIDUA_MAX_UPLOAD_BYTES)
    services.score_self_set(
        actor=request.user,
        assessment=assessment,
        node=node,
        score=data["score"],
        not_applicable=data["not_applicable"],
        explanation=data["explanation"],
    )
    return selectors.assessment_get_for(request.user, assessment.pk)


@router.post(
    "/frameworks/{framework_id}/assessments/{assessment_id}/submit",
    response=AssessmentOut,
    summary="Đơn vị gửi kết quả tự chấm đến cơ quan thẩm định",
    auth=guard(SELF_ASSESS, load=_assessment(SELF_ASSESS)),
)
def assessment_submit(request: HttpRequest, framework_id: int, assessment_id: int):
    services.assessment_submit(actor=request.user, assessment=request.api_object)
    return selectors.assessment_get_for(request.user, assessment_id)


@router.put(
    "/frameworks/{framework_id}/assessments/{assessment_id}/appraisal",
    response=AssessmentOut,
    summary="Tổ thẩm định chấm điểm (và hoàn thành thẩm định khi `finish`)",
    auth=guard(APPRAISE, load=_assessment(APPRAISE)),
)
def appraisal_save(
    request: HttpRequest, framework_id: int, assessment_id: int, payload: AppraisalsIn
):
    assessment = request.api_object
    values = {}
    for key, item in payload.scores.items():
        if not key.isdigit():
            raise ValidationError({"scores": f"«{key}» không phải mã tiêu chí."})
        node = next((n for n in assessment.framework.nodes.all() if n.pk == int(key)), None)
        if node is None or not node.is_leaf:
            raise ValidationError({"scores": f"Không có tiêu chí thành phần mã {key}."})
        values[node.pk] = services.Appraisal(
            score=item.score, comment=item.comment, not_applicable=item.not_applicable
        )
    services.appraisal_save(actor=request.user, assessment=assessment, values=values)
    if payload.finish:
        services.assessment_appraise(actor=request.user, assessment=assessment)
    return selectors.assessment_get_for(request.user, assessment_id)


@router.post(
    "/frameworks/{framework_id}/assessments/{assessment_id}/return",
    response=AssessmentOut,
    summary="Trả lại kết quả để đơn vị giải trình, bổ sung",
    auth=guard(APPRAISE, load=_assessment(APPRAISE)),
)
def assessment_return(
    request: HttpRequest, framework_id: int, assessment_id: int, payload: ReturnIn
):
    data = clean(f.ReturnForm, payload)
    services.assessment_return(actor=request.user, assessment=request.api_object, note=data["note"])
    return selectors.assessment_get_for(request.user, assessment_id)
