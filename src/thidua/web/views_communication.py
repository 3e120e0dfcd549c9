"""Back-office screens of communication: the editor writes stories and news, the secretariat
reviews them, observers and units propose cases, the secretariat sends issued documents to
units' inboxes and sees who opened them. Views parse, call a selector or a service, render;
every object is loaded through a helper that answers 404 outside the reader's reach."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.awards import selectors as awards_selectors
from thidua.awards import services as awards_services
from thidua.campaigns import services as campaigns_services
from thidua.communication import selectors, services
from thidua.communication.enums import ArticleKind, ArticleState, CaseState
from thidua.communication.forms import (
    ArticleForm,
    CaseForm,
    NoteForm,
    PhotoForm,
    ProfileForm,
    SendCampaignForm,
)
from thidua.communication.rules import PROPOSERS, REVIEWERS, WRITERS
from thidua.core import selectors as core_selectors
from thidua.core.uploads import file_response
from thidua.distribution import selectors as distribution_selectors
from thidua.distribution import services as distribution_services
from thidua.distribution.forms import DistributeForm
from thidua.org import selectors as org_selectors
from thidua.org.enums import Role
from thidua.org.models import Unit
from thidua.org.scope import user_scope
from thidua.web.decorators import permission
from thidua.web.service_calls import service_call
from thidua.web.views import _page

KIND_SLUGS = {"guong-dien-hinh": ArticleKind.STORY, "tin-tuc": ArticleKind.NEWS}
ACTIONS = {
    "gui-duyet": ("communication.submit_article", "Đã gửi bài để duyệt."),
    "duyet-dang": ("communication.approve_article", "Đã duyệt và đăng bài lên cổng thông tin."),
    "tra-lai": ("communication.return_article", "Đã trả lại bài cho biên tập viên."),
    "go-xuong": ("communication.withdraw_article", "Đã gỡ bài khỏi cổng thông tin."),
    "mo-lai": ("communication.reopen_article", "Bài viết đã trở lại bản nháp."),
}
editorial = permission("communication.view_editorial")
distributor = permission("distribution.send")


def _grant_units(user, roles: set[str]) -> list[Unit]:
    return org_selectors.units_granted(user, roles)


def _article_url(article) -> str:
    return reverse("web:communication_article", args=[article.pk])


# Articles -------------------------------------------------------------------------------------


@editorial
def article_list(request):
    kind = request.GET.get("loai", "")
    kind = kind if kind in ArticleKind.values else ""
    state = request.GET.get("trang_thai", "")
    state = state if state in ArticleState.values else ""
    articles = selectors.articles_for(request.user, kind=kind or None, state=state or None)
    return render(request, "communication/list.html", {
        "page": _page(request, articles), "kind": kind, "state": state,
        "kinds": ArticleKind.choices, "states": ArticleState.choices,
        "open_cases": selectors.open_case_count(request.user),
        "waiting": selectors.articles_for(request.user, state=ArticleState.REVIEW).count(),
    })  # fmt: skip


@permission("communication.add_article")
def article_create(request, kind_slug):
    kind = KIND_SLUGS.get(kind_slug)
    units = _grant_units(request.user, WRITERS)
    if kind is None or not units:
        raise Http404("Không tìm thấy.")
    form = ArticleForm(request.POST or None, user=request.user, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form) as attempt:
            article = services.article_create(
                actor=request.user,
                kind=kind,
                unit=units[0],
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                campaign=data["campaign"],
                award=data.get("award"),
                nominee=data.get("nominee"),
                slug=data["slug"],
            )
        if attempt.ok:
            messages.success(request, "Đã lưu bản nháp. Thêm ảnh rồi gửi duyệt khi xong.")
            return redirect(_article_url(article))
    return render(request, "communication/form.html", {
        "form": form, "title": f"Viết bài {ArticleKind(kind).label.lower()}",
    })  # fmt: skip


@editorial
def article_detail(request, pk):
    article = selectors.article_get_for(request.user, pk)
    user = request.user
    history = core_selectors.audit_history("communication.article", article.pk)
    return render(request, "communication/detail.html", {
        "article": article, "photos": list(article.photos.all()), "history": history,
        "can_change": user.has_perm("communication.change_article", article),
        "can_submit": user.has_perm("communication.submit_article", article),
        "can_review": user.has_perm("communication.approve_article", article),
        "can_withdraw": user.has_perm("communication.withdraw_article", article),
        "can_reopen": user.has_perm("communication.reopen_article", article),
        "photo_form": PhotoForm(), "note_form": NoteForm(),
    })  # fmt: skip


@editorial
def article_edit(request, pk):
    article = selectors.article_get_for(request.user, pk)
    if not request.user.has_perm("communication.change_article", article):
        raise PermissionDenied
    initial = {
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "campaign": article.campaign_id,
        "award": article.award_id,
        "nominee": article.nominee_id,
        "slug": article.slug,
    }
    form = ArticleForm(request.POST or None, initial=initial, user=request.user, kind=article.kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {k: data[k] for k in ("title", "summary", "body", "campaign")}
        if article.kind == ArticleKind.STORY:
            changes |= {"award": data.get("award"), "nominee": data.get("nominee")}
        with service_call(request, form) as attempt:
            services.article_update(
                actor=request.user, article=article, slug=data["slug"], **changes
            )
        if attempt.ok:
            messages.success(request, "Đã lưu bài viết.")
            return redirect(_article_url(article))
    return render(request, "communication/form.html", {
        "form": form, "title": f"Sửa bài: {article.title}", "article": article,
    })  # fmt: skip


@require_POST
@editorial
def article_action(request, pk, action):
    article = selectors.article_get_for(request.user, pk)
    if action not in ACTIONS:
        raise Http404("Không tìm thấy.")
    perm, done = ACTIONS[action]
    if not request.user.has_perm(perm, article):
        raise PermissionDenied
    note = request.POST.get("note", "")
    with service_call(request, done=done):
        if action == "gui-duyet":
            services.article_submit(actor=request.user, article=article)
        elif action == "duyet-dang":
            services.article_approve(actor=request.user, article=article)
        elif action == "tra-lai":
            services.article_return(actor=request.user, article=article, note=note)
        elif action == "go-xuong":
            services.article_withdraw(actor=request.user, article=article, note=note)
        else:
            services.article_reopen(actor=request.user, article=article)
    return redirect(_article_url(article))


@require_POST
@editorial
def photo_upload(request, pk):
    article = selectors.article_get_for(request.user, pk)
    if not request.user.has_perm("communication.change_article", article):
        raise PermissionDenied
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Chưa chọn ảnh để tải lên.")
        return redirect(_article_url(article) + "#anh")
    with service_call(request, done="Đã thêm ảnh (ảnh được thu nhỏ và bỏ thông tin kèm theo)."):
        services.photo_add(
            actor=request.user,
            article=article,
            upload=form.cleaned_data["photo"],
            caption=form.cleaned_data["caption"],
        )
    return redirect(_article_url(article) + "#anh")


@require_POST
@editorial
def photo_remove(request, pk):
    photo = selectors.photo_get_for(request.user, pk)
    if not request.user.has_perm("communication.change_article", photo.article):
        raise PermissionDenied
    with service_call(request):
        services.photo_remove(actor=request.user, photo=photo)
    return redirect(_article_url(photo.article) + "#anh")


@editorial
def photo_view(request, pk):
    photo = selectors.photo_get_for(request.user, pk)
    response = FileResponse(
        photo.image.open("rb"), content_type="image/png" if photo.kind == "png" else "image/jpeg"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Proposals of cases -----------------------------------------------------------------------------


def _can_see_cases(user) -> bool:
    return user.has_perm("communication.view_editorial") or user.has_perm(
        "communication.propose_case"
    )


@login_required
def case_list(request):
    if not _can_see_cases(request.user):
        raise PermissionDenied
    form = None
    units = _grant_units(request.user, PROPOSERS)
    if request.user.has_perm("communication.propose_case") and units:
        form = CaseForm(request.POST or None, user=request.user, units=units)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            with service_call(request, form) as attempt:
                services.case_propose(actor=request.user, **data)
            if attempt.ok:
                messages.success(request, "Đã gửi đề xuất tới biên tập viên.")
                return redirect("web:communication_cases")
    elif request.method == "POST":
        raise PermissionDenied
    state = request.GET.get("trang_thai", "")
    state = state if state in CaseState.values else ""
    return render(request, "communication/cases.html", {
        "page": _page(request, selectors.cases_for(request.user, state=state or None)),
        "form": form, "state": state, "states": CaseState.choices,
    })  # fmt: skip


@login_required
def case_detail(request, pk):
    if not _can_see_cases(request.user):
        raise PermissionDenied
    case = selectors.case_get_for(request.user, pk)
    return render(request, "communication/case.html", {
        "case": case, "can_handle": request.user.has_perm("communication.handle_case", case),
        "articles": list(case.articles.all()), "note_form": NoteForm(),
    })  # fmt: skip


@require_POST
@login_required
def case_action(request, pk, action):
    case = selectors.case_get_for(request.user, pk)
    if action not in {"nhan-viet", "khong-dung"}:
        raise Http404("Không tìm thấy.")
    if not request.user.has_perm("communication.handle_case", case):
        raise PermissionDenied
    with service_call(request):
        if action == "nhan-viet":
            units = _grant_units(request.user, WRITERS)
            article = services.case_accept(actor=request.user, case=case, unit=units[0])
            messages.success(request, "Đã tạo bản nháp từ đề xuất.")
            return redirect(_article_url(article))
        services.case_decline(actor=request.user, case=case, note=request.POST.get("note", ""))
        messages.success(request, "Đã ghi nhận không sử dụng đề xuất.")
    return redirect("web:communication_case", pk=case.pk)


# The issuing body's page ---------------------------------------------------------------------


@permission("communication.edit_profile")
def profile_edit(request):
    units = _grant_units(request.user, WRITERS | REVIEWERS)
    if not units:
        raise PermissionDenied
    chosen = units[0]
    wanted = request.POST.get("unit") or request.GET.get("unit")
    if wanted and wanted.isdigit():
        chosen = next((u for u in units if u.pk == int(wanted)), chosen)
    profile = selectors.public_profile(chosen)
    initial = {"unit": chosen.pk}
    if profile:
        initial |= {
            "intro": profile.intro,
            "address": profile.address,
            "phone": profile.phone,
            "email": profile.email,
        }
    form = ProfileForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form) as attempt:
            services.profile_save(actor=request.user, **form.cleaned_data)
        if attempt.ok:
            messages.success(request, "Đã lưu trang giới thiệu.")
            return redirect("web:communication_profile")
    return render(request, "communication/form.html", {
        "form": form, "title": "Trang giới thiệu cơ quan trên cổng thông tin",
        "public_url": reverse("portal:about"),
    })  # fmt: skip


# Document distribution --------------------------------------------------------------------------


@login_required
def inbox(request):
    if user_scope(request.user).is_empty:
        raise PermissionDenied
    return render(request, "communication/inbox.html", {
        "page": _page(request, distribution_selectors.inbox_for(request.user)),
    })  # fmt: skip


@login_required
def inbox_open(request, pk):
    delivery = distribution_selectors.delivery_get_for(request.user, pk)
    distribution_services.delivery_open(user=request.user, delivery=delivery)
    return render(
        request,
        "communication/inbox_item.html",
        {"delivery": delivery, "dist": delivery.distribution},
    )


@login_required
def inbox_file(request, pk):
    delivery = distribution_selectors.delivery_get_for(request.user, pk)
    if not delivery.distribution.file:
        raise Http404("Văn bản này không có tệp đính kèm.")
    distribution_services.delivery_open(user=request.user, delivery=delivery)
    return file_response(
        delivery.distribution.file, download_name=delivery.distribution.file_name or "van-ban"
    )


@distributor
def sent_list(request):
    units = list(org_selectors.units_managed_by(request.user))
    senders = _grant_units(request.user, Role.managing())
    form = DistributeForm(
        request.POST or None, request.FILES or None, units=units, max_bytes=_max_upload_bytes()
    )
    if request.method == "POST" and form.is_valid() and senders:
        data = form.cleaned_data
        with service_call(request, form) as attempt:
            dist = distribution_services.document_distribute(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                reference=data["reference"],
                units=data["units"],
                sender_unit=senders[0],
                file=data["file"],
            )
        if attempt.ok:
            messages.success(request, f"Đã gửi văn bản tới {dist.deliveries.count()} đơn vị.")
            return redirect("web:communication_sent_detail", pk=dist.pk)
    return render(request, "communication/sent.html", {
        "page": _page(request, distribution_selectors.sent_for(request.user)), "form": form,
        "plan_form": SendCampaignForm(user=request.user),
        "decisions": list(awards_selectors.decisions_issued_for(request.user)[:50]),
    })  # fmt: skip


def _max_upload_bytes() -> int:
    from django.conf import settings

    return getattr(settings, "THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)


@require_POST
@distributor
def send_plan(request):
    form = SendCampaignForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "Chọn một phong trào đã ban hành kế hoạch.")
        return redirect("web:communication_sent")
    with service_call(request) as attempt:
        dist = campaigns_services.plan_distribute(
            actor=request.user, campaign=form.cleaned_data["campaign"]
        )
    if not attempt.ok:
        return redirect("web:communication_sent")
    messages.success(request, "Đã gửi kế hoạch tới các đơn vị tham gia.")
    return redirect("web:communication_sent_detail", pk=dist.pk)


@require_POST
@distributor
def send_decision(request):
    raw = request.POST.get("decision", "")
    decision = (
        awards_selectors.decisions_issued_for(request.user).filter(pk=int(raw)).first()
        if raw.isdigit()
        else None
    )
    if decision is None:
        messages.error(request, "Chọn một quyết định đã ban hành.")
        return redirect("web:communication_sent")
    with service_call(request) as attempt:
        dist = awards_services.decision_distribute(actor=request.user, decision=decision)
    if not attempt.ok:
        return redirect("web:communication_sent")
    messages.success(request, "Đã gửi quyết định tới các đơn vị.")
    return redirect("web:communication_sent_detail", pk=dist.pk)


@distributor
def sent_detail(request, pk):
    dist = distribution_selectors.distribution_get_for(request.user, pk)
    return render(request, "communication/sent_detail.html", {
        "dist": dist, "deliveries": distribution_selectors.deliveries_of(dist),
    })  # fmt: skip


@distributor
def sent_file(request, pk):
    dist = distribution_selectors.distribution_get_for(request.user, pk)
    if not dist.file:
        raise Http404("Văn bản này không có tệp đính kèm.")
    return file_response(dist.file, download_name=dist.file_name or "van-ban")
