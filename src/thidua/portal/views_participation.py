"""The public's part on the portal (no login): the lists under public disclosure with a comment
form per nominee (`/cong-khai/`), and proposals of commendation from citizens and enterprises
with their tracking code (`/de-xuat-khen-thuong/`).

A comment or a proposal that passes its form's checks counts against the sender's address
(participation.services.public_throttle) before anything is written; past the limit the
page answers 429 with the form kept. A form whose honeypot field is filled is dropped as if
received.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.logins import client_ip
from thidua.core.uploads import KIND_LABELS, check_upload
from thidua.participation import selectors, services
from thidua.participation.forms import CitizenProposalForm, CommentForm
from thidua.portal.views_public import _og, not_found

EVIDENCE_KINDS = frozenset({"pdf", "docx", "doc", "odt", "png", "jpeg"})


def _refuse_on(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_GET
def disclosures(request):
    sent = request.GET.get("da_gui", "")
    return render(request, "portal/disclosures.html", {
        "disclosures": selectors.public_disclosures(), "form": CommentForm(),
        "sent": int(sent) if sent.isdigit() and len(sent) < 18 else None,
        "nav": "disclosures",
        "og": _og(request, title="Lấy ý kiến nhân dân về danh sách đề nghị khen thưởng",
                  description="Danh sách tập thể, cá nhân được đề nghị khen thưởng đang được "
                              "công khai để nhân dân góp ý trước khi Hội đồng xét."),
    })  # fmt: skip


@require_POST
def disclosure_comment(request, pk):
    entry = selectors.public_entry(pk)
    if entry is None:
        return not_found(
            request, "Đợt lấy ý kiến này đã kết thúc hoặc không có tập thể, cá nhân này."
        )
    form = CommentForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.public_throttle(scope="comment", address=client_ip(request))
            if not form.is_robot():
                data = form.cleaned_data
                services.comment_submit(
                    entry=entry, author_name=data["author_name"], contact=data["contact"],
                    content=data["content"], address=client_ip(request),
                )  # fmt: skip
            url = reverse("portal:disclosures")
            return redirect(f"{url}?da_gui={entry.pk}#muc-{entry.pk}")
        except ValidationError as exc:
            _refuse_on(form, exc)
            status = 429 if getattr(exc, "code", None) == "throttled" else 200
    return render(request, "portal/disclosure_comment.html", {
        "entry": entry, "form": form, "nav": "disclosures",
        "og": _og(request, title=f"Góp ý về {entry.name}"),
    }, status=status)  # fmt: skip


def _evidence(form) -> list:
    checked = []
    for upload in form.cleaned_data.get("files") or []:
        try:
            checked.append(
                (check_upload(upload, allowed=EVIDENCE_KINDS, max_bytes=_max_bytes()), upload.name)
            )
        except ValidationError as exc:
            raise ValidationError({"files": [f"{upload.name}: {m}" for m in exc.messages]}) from exc
    return checked


def _max_bytes() -> int:
    return settings.THIDUA_PUBLIC_EVIDENCE_BYTES


@require_http_methods(["GET", "POST"])
def citizen_propose(request):
    wanted = request.GET.get("ma", "").strip()
    if request.method == "GET" and wanted:
        found = selectors.citizen_public(wanted)
        if found is not None:
            return redirect("portal:citizen_status", code=found.code)
    units = selectors.receiving_units()
    form = CitizenProposalForm(request.POST or None, request.FILES or None, units=units)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            files = _evidence(form)
            services.public_throttle(scope="proposal", address=client_ip(request))
            if form.is_robot():
                return redirect("portal:citizen_propose")
            data = {k: v for k, v in form.cleaned_data.items() if k not in {"files", "website"}}
            proposal = services.citizen_proposal_submit(
                **data, files=files, address=client_ip(request)
            )
            return redirect(f"{reverse('portal:citizen_status', args=[proposal.code])}?moi=1")
        except ValidationError as exc:
            _refuse_on(form, exc)
            status = 429 if getattr(exc, "code", None) == "throttled" else 200
    return render(request, "portal/citizen_propose.html", {
        "form": form, "lookup": wanted, "not_found": bool(wanted) and request.method == "GET",
        "kinds": ", ".join(KIND_LABELS[k] for k in sorted(EVIDENCE_KINDS)),
        "nav": "citizen",
        "og": _og(request, title="Đề xuất khen thưởng người tốt, việc tốt"),
    }, status=status)  # fmt: skip


@require_GET
def citizen_status(request, code):
    proposal = selectors.citizen_public(code)
    if proposal is None:
        return not_found(request, "Không tìm thấy đề xuất có mã theo dõi này.")
    response = render(request, "portal/citizen_status.html", {
        "proposal": proposal, "new": request.GET.get("moi") == "1", "nav": "citizen",
        "og": _og(request, title=f"Đề xuất khen thưởng – mã {proposal.code}"),
    })  # fmt: skip
    response["X-Robots-Tag"] = "noindex"
    return response
