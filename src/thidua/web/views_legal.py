"""Configuration of the legal and council side, without Django admin (Cấu hình › Khen thưởng):
councils with their members and quorum, pass rules per legal form and level, rule sets with
coefficients and rounding, base salaries, and the "Căn cứ" templates of plans and decisions.

Every change goes through a service (audited, Vietnamese refusals); a council is loaded through
council.selectors.council_get_for (404 outside the secretariat's reach); the legal tables are
read by the secretariat and changed by an administrator."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thidua.awards import selectors as award_selectors
from thidua.awards import services as award_services
from thidua.awards.enums import FormKind
from thidua.awards.forms import BaseSalaryForm, BasisTemplateForm, CoefficientForm, RuleSetForm
from thidua.core.formatting import group_thousands
from thidua.council import selectors as council_selectors
from thidua.council import services as council_services
from thidua.council.forms import CouncilForm, MemberForm, PassRuleForm
from thidua.web.decorators import permission
from thidua.web.service_calls import add_service_error

VIEW_LEGAL = "awards.view_legal"
CHANGE_LEGAL = "awards.change_legal"


def _post(request):
    return request.POST if request.method == "POST" else None


def _require(request, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _saved(request, form, call, done: str, url):
    """valid → service → back with a message (`url` may be a function of what the service
    returned); a refusal is shown on the form with what was typed."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as exc:
        add_service_error(form, exc)
        return None
    messages.success(request, done)
    return redirect(url(result) if callable(url) else url)


def _d(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _page(request, **context):
    return render(request, "legal/page.html", context)


# Index -------------------------------------------------------------------------------------------


@require_GET
@permission(VIEW_LEGAL)
def index(request):
    links = [
        ("web:config_councils", "Hội đồng Thi đua – Khen thưởng", "Thành viên, vai trò, số thành "
         "viên dự họp tối thiểu của Hội đồng mỗi cơ quan, đơn vị."),
        ("web:config_pass_rules", "Quy tắc xét chọn", "Hình thức biểu quyết, tỷ lệ cần đạt, theo "
         "hình thức khen thưởng và cấp của Hội đồng; mọi phong trào dùng chung."),
        ("web:config_rule_sets", "Văn bản quy định mức thưởng", "Nghị định, thời gian áp dụng, "
         "hệ số tiền thưởng, cách làm tròn."),
        ("web:config_base_salaries", "Mức lương cơ sở", "Mức lương cơ sở theo thời gian."),
        ("web:config_bases", "Mẫu căn cứ pháp lý", "Các dòng «Căn cứ» mặc định của kế hoạch và "
         "quyết định khen thưởng, theo văn bản và cấp."),
    ]  # fmt: skip
    if request.user.has_perm("approvals.configure_chains"):
        links.append(("web:approval_chain", "Quy trình duyệt hồ sơ", "Các bước duyệt hồ sơ "
                      "nội bộ của cơ quan (chuyên viên, lãnh đạo phòng, lãnh đạo cơ quan) và "
                      "người giữ từng vai trò."))  # fmt: skip
    return render(request, "legal/index.html", {"links": links})


# Councils ----------------------------------------------------------------------------------------


@permission("council.add_council")
def councils(request):
    form = CouncilForm(_post(request), issuers=council_selectors.issuers_for(request.user))

    def call(data):
        return council_services.council_create(actor=request.user, **data)

    def url(council):
        return reverse("web:config_council", args=[council.pk])

    done = _saved(request, form, call, "Đã tạo Hội đồng; hãy thêm thành viên.", url)
    if done is not None:
        return done
    rows = [
        (reverse("web:config_council", args=[c.pk]), [c.name, c.issuer.name, _d(c.valid_from),
         _d(c.valid_to), f"{c.quorum_num}/{c.quorum_den}" if c.quorum_num else "chưa quy định"])
        for c in council_selectors.councils_for(request.user)
    ]  # fmt: skip
    return _page(
        request,
        title="Hội đồng Thi đua – Khen thưởng",
        columns=["Hội đồng", "Cơ quan, đơn vị", "Hiệu lực từ", "đến", "Dự họp tối thiểu"],
        rows=rows,
        form=form,
        form_title="Thành lập Hội đồng",
        submit="Tạo Hội đồng",
    )


@permission("org.access_backoffice")
def council(request, pk):
    council = council_selectors.council_get_for(request.user, pk)
    url = reverse("web:config_council", args=[council.pk])
    initial = {
        "name": council.name,
        "established_by": council.established_by,
        "valid_from": council.valid_from,
        "valid_to": council.valid_to,
        "quorum": council.quorum if council.quorum_num else "",
    }
    form = CouncilForm(_post(request), initial=initial)

    def call(data):
        council_services.council_update(actor=request.user, council=council, **data)

    done = _saved(request, form, call, "Đã lưu Hội đồng.", url)
    if done is not None:
        return done
    return _council_page(request, council, form=form)


def _council_page(request, council, *, form=None, member_form=None):
    members = council_selectors.members_of(council)
    users = council_selectors.users_for_council(council)
    rows = [
        (reverse("web:config_member", args=[council.pk, m.pk]),
         reverse("web:council_relations", args=[m.pk]),
         [m.position, m.full_name, m.title, m.get_role_display(), m.user.username,
          _d(m.valid_from), _d(m.valid_to)])
        for m in members
    ]  # fmt: skip
    return render(
        request,
        "legal/council.html",
        {
            "council": council,
            "form": form or CouncilForm(initial={"quorum": council.quorum}),
            "member_form": member_form or MemberForm(users=users),
            "columns": ["TT", "Họ và tên", "Chức vụ", "Vai trò", "Tài khoản", "Từ", "Đến"],
            "rows": rows,
        },
    )


@require_POST
@permission("org.access_backoffice")
def member_add(request, pk):
    council = council_selectors.council_get_for(request.user, pk)
    form = MemberForm(request.POST, users=council_selectors.users_for_council(council))

    def call(data):
        council_services.member_add(actor=request.user, council=council, **data)

    url = reverse("web:config_council", args=[council.pk]) + "#thanh-vien"
    done = _saved(request, form, call, "Đã thêm thành viên Hội đồng.", url)
    return done or _council_page(request, council, member_form=form)


@permission("org.access_backoffice")
def member(request, pk, member_pk):
    council = council_selectors.council_get_for(request.user, pk)
    member = council_selectors.member_get(council, member_pk)
    url = reverse("web:config_council", args=[council.pk]) + "#thanh-vien"
    initial = {f: getattr(member, f) for f in council_services.MEMBER_FIELDS if f != "user"}
    form = MemberForm(_post(request), initial=initial)

    def call(data):
        council_services.member_update(actor=request.user, member=member, **data)

    done = _saved(request, form, call, "Đã lưu thành viên Hội đồng.", url)
    if done is not None:
        return done
    return _page(
        request,
        title=f"{member.full_name} – {council.name}",
        back=url,
        form=form,
        form_title="Sửa thành viên",
        submit="Lưu",
        delete_url=reverse("web:config_member_remove", args=[council.pk, member.pk]),
        delete_label="Xóa thành viên (chỉ khi nhập nhầm)",
    )


@require_POST
@permission("org.access_backoffice")
def member_remove(request, pk, member_pk):
    council = council_selectors.council_get_for(request.user, pk)
    member = council_selectors.member_get(council, member_pk)
    try:
        council_services.member_remove(actor=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã xóa thành viên.")
    return redirect(reverse("web:config_council", args=[council.pk]) + "#thanh-vien")


# Pass rules --------------------------------------------------------------------------------------


def _rule_row(r):
    return [
        FormKind(r.form_kind).label if r.form_kind else "",
        r.get_subject_type_display() if r.subject_type else "mọi đối tượng",
        r.get_level_display() if r.level else "mọi cấp",
        r.get_ballot_type_display(),
        r.rule_text,
        _d(r.valid_from),
        _d(r.valid_to),
    ]


@permission("council.view_pass_rules")
def pass_rules(request):
    may_change = request.user.has_perm("council.change_pass_rules")
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    form = PassRuleForm(_post(request)) if may_change else None

    def call(data):
        council_services.pass_rule_set(actor=request.user, **form.service_kwargs())

    url = reverse("web:config_pass_rules")
    done = form and _saved(request, form, call, "Đã thêm quy tắc xét chọn.", url)
    if done:
        return done
    rows = [
        (reverse("web:config_pass_rule", args=[r.pk]) if may_change else "", _rule_row(r))
        for r in council_selectors.pass_rules()
    ]
    return _page(
        request,
        title="Quy tắc xét chọn của Hội đồng",
        intro="Quy tắc gắn với hình thức khen thưởng theo quy định và cấp của Hội đồng: mọi "
        "phong trào có hình thức đó dùng quy tắc có hiệu lực vào ngày họp, không phải khai báo "
        "lại. Quy tắc riêng của một cấp, một đối tượng được ưu tiên hơn quy tắc chung.",
        columns=["Hình thức", "Đối tượng", "Cấp", "Biểu quyết", "Tiêu chuẩn đạt", "Từ", "Đến"],
        rows=rows,
        form=form,
        form_title="Thêm quy tắc",
        submit="Thêm quy tắc",
    )


@permission("council.change_pass_rules")
def pass_rule(request, pk):
    rule = council_selectors.pass_rule_get(pk)
    initial = {
        f: getattr(rule, f)
        for f in ["form_kind", "subject_type", "level", "ballot_type", "denominator", "strict",
                  "written_votes", "tie_breakers", "basis", "valid_from", "valid_to"]
    } | {"threshold": rule.threshold, "quorum": rule.quorum}  # fmt: skip
    form = PassRuleForm(_post(request), initial=initial)

    def call(data):
        council_services.pass_rule_set(actor=request.user, rule=rule, **form.service_kwargs())

    url = reverse("web:config_pass_rules")
    done = _saved(request, form, call, "Đã lưu quy tắc xét chọn.", url)
    if done is not None:
        return done
    return _page(
        request,
        title=f"Quy tắc xét chọn: {rule.get_form_kind_display()}",
        back=url,
        form=form,
        form_title="Sửa quy tắc",
        submit="Lưu",
        delete_url=reverse("web:config_pass_rule_delete", args=[rule.pk]),
        delete_label="Xóa quy tắc (chỉ khi chưa dùng ở phiên họp nào)",
    )


@require_POST
@permission("council.change_pass_rules")
def pass_rule_delete(request, pk):
    rule = council_selectors.pass_rule_get(pk)
    try:
        council_services.pass_rule_delete(actor=request.user, rule=rule)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("web:config_pass_rule", pk=rule.pk)
    messages.success(request, "Đã xóa quy tắc xét chọn.")
    return redirect("web:config_pass_rules")


# Rule sets and coefficients ----------------------------------------------------------------------


@permission(VIEW_LEGAL)
def rule_sets(request):
    may_change = request.user.has_perm(CHANGE_LEGAL)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    form = RuleSetForm(_post(request), initial={"rounding_step": 10_000}) if may_change else None

    def call(data):
        return award_services.rule_set_save(actor=request.user, **data)

    def url(rule_set):
        return reverse("web:config_rule_set", args=[rule_set.pk])

    done = form and _saved(request, form, call, "Đã thêm văn bản; hãy nhập các hệ số.", url)
    if done:
        return done
    rows = [
        (reverse("web:config_rule_set", args=[r.pk]),
         [r.name, _d(r.valid_from), _d(r.valid_to), r.get_rounding_mode_display(),
          f"{group_thousands(r.rounding_step)} đồng"])
        for r in award_selectors.rule_sets()
    ]  # fmt: skip
    return _page(
        request,
        title="Văn bản quy định mức thưởng",
        intro="Văn bản áp dụng vào ngày quyết định khen thưởng quyết định hệ số tiền thưởng; "
        "các hình thức khen thưởng của phong trào được chọn trong các hình thức của văn bản áp "
        "dụng vào ngày dự kiến quyết định.",
        columns=["Văn bản", "Áp dụng từ", "đến hết", "Làm tròn", "đến hàng"],
        rows=rows,
        form=form,
        form_title="Thêm văn bản",
        submit="Thêm văn bản",
    )


@permission(VIEW_LEGAL)
def rule_set(request, pk):
    rule_set = award_selectors.rule_set_get(pk)
    may_change = request.user.has_perm(CHANGE_LEGAL)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    url = reverse("web:config_rule_set", args=[rule_set.pk])
    initial = {
        f: getattr(rule_set, f)
        for f in [
            "code",
            "name",
            "valid_from",
            "valid_to",
            "rounding_mode",
            "rounding_step",
            "note",
        ]
    }
    form = RuleSetForm(_post(request), initial=initial) if may_change else None

    def call(data):
        award_services.rule_set_save(actor=request.user, rule_set=rule_set, **data)

    done = form and _saved(request, form, call, "Đã lưu văn bản.", url)
    if done:
        return done
    return _rule_set_page(request, rule_set, form=form, may_change=may_change)


def _rule_set_page(request, rule_set, *, form=None, coefficient_form=None, may_change=False):
    rows = [
        (reverse("web:config_coefficient", args=[rule_set.pk, c.pk]) if may_change else "",
         [c.get_form_kind_display(), c.get_subject_type_display(),
          ("× mức của cá nhân " if c.of_individual else "")
          + format(c.coefficient.normalize(), "f").replace(".", ","), c.note])
        for c in award_selectors.coefficients_of(rule_set)
    ]  # fmt: skip
    return render(
        request,
        "legal/rule_set.html",
        {
            "rule_set": rule_set,
            "form": form,
            "coefficient_form": coefficient_form or (CoefficientForm() if may_change else None),
            "columns": ["Hình thức", "Đối tượng", "Hệ số", "Ghi chú"],
            "rows": rows,
        },
    )


@require_POST
@permission(CHANGE_LEGAL)
def coefficient_add(request, pk):
    rule_set = award_selectors.rule_set_get(pk)
    form = CoefficientForm(request.POST)

    def call(data):
        award_services.coefficient_save(actor=request.user, rule_set=rule_set, **data)

    url = reverse("web:config_rule_set", args=[rule_set.pk]) + "#he-so"
    done = _saved(request, form, call, "Đã thêm hệ số.", url)
    return done or _rule_set_page(request, rule_set, coefficient_form=form, may_change=True)


@permission(CHANGE_LEGAL)
def coefficient(request, pk, item_pk):
    rule_set = award_selectors.rule_set_get(pk)
    row = award_selectors.coefficient_get(rule_set, item_pk)
    url = reverse("web:config_rule_set", args=[rule_set.pk]) + "#he-so"
    initial = {
        "form_kind": row.form_kind,
        "subject_type": row.subject_type,
        "value": format(row.coefficient.normalize(), "f").replace(".", ","),
        "of_individual": row.of_individual,
        "note": row.note,
    }
    form = CoefficientForm(_post(request), initial=initial)

    def call(data):
        award_services.coefficient_save(
            actor=request.user, rule_set=rule_set, coefficient=row, **data
        )

    done = _saved(request, form, call, "Đã lưu hệ số.", url)
    if done is not None:
        return done
    return _page(
        request,
        title=f"Hệ số: {row.get_form_kind_display()} – {row.get_subject_type_display()}",
        back=url,
        form=form,
        form_title=f"Sửa hệ số ({rule_set.name})",
        submit="Lưu",
        delete_url=reverse("web:config_coefficient_delete", args=[rule_set.pk, row.pk]),
        delete_label="Xóa hệ số",
    )


@require_POST
@permission(CHANGE_LEGAL)
def coefficient_delete(request, pk, item_pk):
    rule_set = award_selectors.rule_set_get(pk)
    row = award_selectors.coefficient_get(rule_set, item_pk)
    award_services.legal_row_remove(actor=request.user, obj=row)
    messages.success(request, "Đã xóa hệ số.")
    return redirect(reverse("web:config_rule_set", args=[rule_set.pk]) + "#he-so")


# Base salaries -----------------------------------------------------------------------------------


@permission(VIEW_LEGAL)
def base_salaries(request):
    may_change = request.user.has_perm(CHANGE_LEGAL)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    form = BaseSalaryForm(_post(request)) if may_change else None

    def call(data):
        award_services.base_salary_save(actor=request.user, **data)

    url = reverse("web:config_base_salaries")
    done = form and _saved(request, form, call, "Đã thêm mức lương cơ sở.", url)
    if done:
        return done
    rows = [
        (reverse("web:config_base_salary", args=[s.pk]) if may_change else "",
         [_d(s.valid_from), _d(s.valid_to) or "đến khi có mức mới",
          f"{group_thousands(s.amount)} đồng", s.decree])
        for s in award_selectors.base_salaries()
    ]  # fmt: skip
    return _page(
        request,
        title="Mức lương cơ sở",
        intro="Tiền thưởng = hệ số × mức lương cơ sở áp dụng vào ngày quyết định khen thưởng.",
        columns=["Áp dụng từ", "đến hết", "Mức lương cơ sở", "Văn bản"],
        rows=rows,
        form=form,
        form_title="Thêm mức lương cơ sở",
        submit="Thêm",
    )


@permission(CHANGE_LEGAL)
def base_salary(request, pk):
    salary = award_selectors.base_salary_get(pk)
    url = reverse("web:config_base_salaries")
    initial = {f: getattr(salary, f) for f in ["valid_from", "valid_to", "amount", "decree"]}
    form = BaseSalaryForm(_post(request), initial=initial)

    def call(data):
        award_services.base_salary_save(actor=request.user, salary=salary, **data)

    done = _saved(request, form, call, "Đã lưu mức lương cơ sở.", url)
    if done is not None:
        return done
    return _page(
        request, title=f"Mức lương cơ sở {salary}", back=url, form=form,
        form_title="Sửa mức lương cơ sở", submit="Lưu",
    )  # fmt: skip


# Legal-basis templates ---------------------------------------------------------------------------


@permission(VIEW_LEGAL)
def bases(request):
    may_change = request.user.has_perm(CHANGE_LEGAL)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    rule_sets = award_selectors.rule_set_queryset()
    form = BasisTemplateForm(_post(request), rule_sets=rule_sets) if may_change else None

    def call(data):
        award_services.basis_template_save(actor=request.user, **data)

    url = reverse("web:config_bases")
    done = form and _saved(request, form, call, "Đã thêm mẫu căn cứ.", url)
    if done:
        return done
    rows = [
        (reverse("web:config_basis", args=[t.pk]) if may_change else "",
         [t.rule_set.name, t.get_document_display(),
          t.get_issuer_level_display() if t.issuer_level else "mọi cấp", t.text])
        for t in award_selectors.basis_templates()
    ]  # fmt: skip
    return _page(
        request,
        title="Mẫu căn cứ pháp lý",
        intro="Các dòng «Căn cứ» được điền sẵn cho kế hoạch và quyết định khen thưởng theo văn "
        "bản quy định mức thưởng áp dụng và cấp của cơ quan ban hành; mẫu của một cấp được ưu "
        "tiên hơn mẫu dùng cho mọi cấp.",
        columns=["Văn bản", "Loại", "Cấp", "Căn cứ"],
        rows=rows,
        form=form,
        form_title="Thêm mẫu",
        submit="Thêm mẫu",
        pre=True,
    )


@permission(CHANGE_LEGAL)
def basis(request, pk):
    template = award_selectors.basis_template_get(pk)
    url = reverse("web:config_bases")
    initial = {
        "rule_set": template.rule_set_id,
        "document": template.document,
        "issuer_level": template.issuer_level,
        "text": template.text,
    }
    form = BasisTemplateForm(
        _post(request), initial=initial, rule_sets=award_selectors.rule_set_queryset()
    )

    def call(data):
        award_services.basis_template_save(actor=request.user, template=template, **data)

    done = _saved(request, form, call, "Đã lưu mẫu căn cứ.", url)
    if done is not None:
        return done
    return _page(
        request, title=str(template), back=url, form=form, form_title="Sửa mẫu căn cứ",
        submit="Lưu",
    )  # fmt: skip
