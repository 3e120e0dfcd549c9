"""Reads of decisions, certificates and funds, through the reader's scope."""

import hashlib
import json
import re

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404

from thidua.awards.enums import DecisionState
from thidua.awards.models import (
    Annulment,
    Award,
    BaseSalary,
    Certificate,
    CertificateBatch,
    CertificateReissue,
    Coefficient,
    Decision,
    Fund,
    FundEntry,
    IssuedDecision,
    LegalBasisTemplate,
    PrintLayout,
    RuleSet,
    SigningCredential,
)
from thidua.awards.signing import checked_signatures
from thidua.campaigns.enums import CampaignState, SubjectType
from thidua.campaigns.models import Campaign
from thidua.campaigns.selectors import public_campaign_list
from thidua.documents.models import FileSignature, SignedFile
from thidua.documents.selectors import signed_file_signatures
from thidua.org.enums import Role
from thidua.org.scope import user_scope

NOT_FOUND = "Không tìm thấy quyết định hoặc bạn không có quyền truy cập."
CODE_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{12}$")


def _pk(value) -> int:
    """An id from a URL; anything that cannot be a row's id (a 30-digit number would make
    PostgreSQL fail) is simply not found."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404(NOT_FOUND) from None
    if not 0 < pk < 2**63:
        raise Http404(NOT_FOUND)
    return pk


def decisions_for(user, *, campaign: Campaign | None = None) -> QuerySet[Decision]:
    """Decisions of issuers the reader's roles reach, and issued ones awarding a unit in its
    reach; newest first."""
    scope = user_scope(user)
    if scope.is_empty:
        return Decision.objects.none()
    awards_mine = Award.objects.filter(decision=OuterRef("pk")).filter(scope.unit_q("unit__"))
    qs = Decision.objects.filter(
        Q(scope.unit_q("issuer__")) | (Q(state=DecisionState.ISSUED) & Exists(awards_mine))
    ).select_related("campaign", "issuer")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("-decided_on", "-id")


def decision_get_for(user, pk, perm: str = "awards.view_decision") -> Decision:
    decision = (
        Decision.objects.select_related(
            "campaign__issuer", "issuer", "fund_unit", "rule_set", "base_salary"
        )
        .filter(pk=_pk(pk))
        .first()
    )
    if decision is None or not user.has_perm(perm, decision):
        raise Http404(NOT_FOUND)
    return decision


def awards_of(decision: Decision) -> list[Award]:
    """The decision's awards with their certificates, in the annex's order: one query."""
    return list(
        Award.objects.filter(decision=decision)
        .select_related("award_form", "unit", "person", "certificate", "annulment")
        .order_by("position", "id")
    )


def certificate_get_for(user, decision: Decision, pk) -> Certificate:
    """A certificate of the decision the reader may download (see awards.rules.may_download)."""
    from thidua.awards.rules import may_download

    cert = (
        Certificate.objects.select_related(
            "award__decision__issuer", "award__person", "award__unit"
        )
        .filter(pk=_pk(pk), award__decision=decision)
        .first()
    )
    if cert is None or not may_download(user, cert):
        raise Http404("Không tìm thấy giấy khen.")
    return cert


def batch_get(decision: Decision, pk) -> CertificateBatch:
    batch = CertificateBatch.objects.filter(pk=_pk(pk), decision=decision).first()
    if batch is None:
        raise Http404("Không tìm thấy lượt in.")
    return batch


def normalise_code(raw: str) -> str | None:
    """What a person types or scans ("k7qm-2xdp-9rta", with spaces) → the stored code, or None
    when it cannot be one. Letters that look alike are read as the digits they resemble."""
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    code = re.sub(r"[\s\-]", "", raw).upper().translate(str.maketrans("OIL", "011"))
    return code if CODE_RE.match(code) else None


def certificate_public(raw_code: str) -> Certificate | None:
    """The certificate with exactly this code, issued; None otherwise (unknown, malformed or
    not yet issued look the same). Exact match only: nothing about similar codes leaks."""
    code = normalise_code(raw_code)
    if code is None:
        return None
    return (
        Certificate.objects.select_related(
            "award__decision__issuer", "award__award_form", "award__person", "award__annulment"
        )
        .filter(code=code, award__decision__state=DecisionState.ISSUED)
        .first()
    )


def reissue_public(raw_code: str) -> CertificateReissue | None:
    """The superseded copy with exactly this code (cấp lại, cấp đổi), of an issued decision."""
    code = normalise_code(raw_code)
    if code is None:
        return None
    return (
        CertificateReissue.objects.select_related(
            "certificate__award__decision__issuer", "certificate__award__award_form",
            "certificate__award__person", "certificate__award__annulment",
        )
        .filter(old_code=code, certificate__award__decision__state=DecisionState.ISSUED)
        .first()
    )  # fmt: skip


def award_get_for(user, decision: Decision, pk, perm: str) -> Award:
    """An award of the decision, the reader holding `perm` on the decision; 404 otherwise."""
    award = (
        Award.objects.select_related("award_form", "unit", "person", "certificate")
        .filter(decision=decision, pk=_pk(pk))
        .first()
    )
    if award is None or not user.has_perm(perm, decision):
        raise Http404(NOT_FOUND)
    return award


def annulments_for(user) -> QuerySet[Annulment]:
    """Annulled awards of the decisions the reader manages, newest first, with what is owed."""
    scope = user_scope(user)
    return (
        Annulment.objects.filter(scope.unit_q("award__decision__issuer__", roles=Role.managing()))
        .select_related("award__decision", "award__award_form")
        .order_by("-decided_on", "-id")
    )


def annulment_get_for(user, pk) -> Annulment:
    annulment = annulments_for(user).filter(pk=_pk(pk)).first()
    if annulment is None:
        raise Http404(NOT_FOUND)
    return annulment


def recoveries_of(annulment: Annulment) -> list[FundEntry]:
    return list(annulment.recoveries.select_related("fund__unit").order_by("at", "id"))


def reissues_of(certificates) -> dict[int, list[CertificateReissue]]:
    """certificate id → its re-issues, oldest first (one query)."""
    out: dict[int, list[CertificateReissue]] = {}
    for r in CertificateReissue.objects.filter(certificate__in=certificates).order_by(
        "created_at", "id"
    ):
        out.setdefault(r.certificate_id, []).append(r)
    return out


def funds_for(user) -> QuerySet[Fund]:
    scope = user_scope(user)
    return (
        Fund.objects.filter(scope.unit_q("unit__", roles=Role.managing() | {Role.COUNCIL_CHAIR}))
        .select_related("unit")
        .order_by("-year", "unit__name")
    )


def fund_of(decision: Decision) -> Fund | None:
    return Fund.objects.filter(unit=decision.fund_unit, year=decision.year).first()


def decision_with_awards(pk) -> Decision:
    return Decision.objects.prefetch_related(
        Prefetch("awards", queryset=Award.objects.select_related("award_form", "certificate"))
    ).get(pk=pk)


def decisions_search(user, query: str, *, limit: int = 10) -> list[Decision]:
    """Decisions in the reader's reach by number: "12", "12/QĐ-UBND" or "số 12"."""
    match = re.search(r"\d+", query)
    if match is None or len(match.group()) > 9:
        return []
    return list(decisions_for(user).filter(number=int(match.group()))[:limit])


def decision_document(decision: Decision) -> SignedFile | None:
    """The issued decision's signed document (documents.SignedFile), None for a draft."""
    issued = (
        IssuedDecision.objects.filter(decision=decision)
        .select_related("document")
        .order_by("-version")
        .first()
    )
    return issued.document if issued is not None else None


def decision_signatures(decision: Decision) -> list[dict]:
    """The decision's signatures (the steps signed so far, in the order of its steps), each
    checked in the PDF as it is now (documents.selectors): a file changed after signing shows
    its signatures invalid."""
    latest = IssuedDecision.objects.filter(decision=decision).order_by("-version")
    records = list(
        FileSignature.objects.filter(signed_file_id=Subquery(latest.values("document_id")[:1]))
        .select_related("signed_file")
    )  # fmt: skip
    if not records:
        return []
    checked = signed_file_signatures(records[0].signed_file, records=records)
    return [s for s in checked if s["signed"]]


def certificate_file_check(cert: Certificate, uploaded: bytes | None = None) -> dict:
    """What the certificate's electronic file says about itself: is there one, is it signed,
    is the signature valid (intact, chained to a trusted root, unchanged after signing). With
    `uploaded` (a file a visitor holds), the same for that file and whether it is byte for byte
    the file issued under this code. Checks are cached by content."""
    issued = b""
    if cert.pdf:
        try:
            with cert.pdf.open("rb") as f:
                issued = f.read()
        except OSError:
            issued = b""
    pdf = issued if uploaded is None else uploaded
    checks = checked_signatures(pdf) if pdf else []
    return {
        "has_file": bool(pdf),
        "signed": bool(checks),
        "valid": bool(checks) and all(c.valid for c in checks),
        "intact": bool(checks) and all(c.intact and c.unchanged_after for c in checks),
        "signers": [c.signer for c in checks if c.signer],
        "signed_at": max((c.signed_at for c in checks if c.signed_at), default=None),
        "same_as_issued": bool(issued) and uploaded is not None and uploaded == issued,
    }


def signing_credential_of(user) -> SigningCredential | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return SigningCredential.objects.filter(user=user).first()


def print_layout_of(unit) -> PrintLayout | None:
    return PrintLayout.objects.filter(unit=unit).first()


def decisions_issued_for(user) -> QuerySet[Decision]:
    """Issued decisions with a PDF, of the units the user manages, newest first."""
    scope = user_scope(user)
    return (
        Decision.objects.filter(
            scope.unit_q("issuer__", roles=Role.managing()), state=DecisionState.ISSUED
        )
        .exclude(pdf="")
        .select_related("campaign")
        .order_by("-decided_on", "-id")
    )


# Figures for the monitoring dashboard: `unit_ids` None means every participant ------------------


def issued_award_totals(campaign, unit_ids=None) -> dict[int, tuple[int, int]]:
    """Award form id → (awards, money) of the campaign's issued decisions."""
    rows = Award.objects.filter(decision__campaign=campaign, decision__state=DecisionState.ISSUED)
    if unit_ids is not None:
        rows = rows.filter(nominee__proposal__unit_id__in=unit_ids)
    return {
        r["award_form_id"]: (r["n"], r["amount"] or 0)
        for r in rows.values("award_form_id")
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by()
    }


def decision_totals(campaign) -> dict[str, dict]:
    """Decision state → its count, money and latest year."""
    return {
        r["state"]: r
        for r in Decision.objects.filter(campaign=campaign)
        .values("state")
        .annotate(n=Count("id"), total=Sum("total"), year=Max("year"))
        .order_by()
    }


def fund_figures(unit_id: int, year: int) -> dict | None:
    return Fund.objects.filter(unit_id=unit_id, year=year).values("budget", "spent").first()


# The public portal: only what was published (campaigns from `published` on, never a draft;
# decisions in state `issued`; of an award only what the decision itself prints) ----------------


def _public_pk(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def result_campaigns() -> QuerySet[Campaign]:
    """Campaigns with at least one issued decision, with how many were awarded."""
    issued = Q(decisions__state=DecisionState.ISSUED)
    return (
        public_campaign_list()
        .filter(issued)
        .annotate(
            decision_count=Count("decisions", filter=issued, distinct=True),
            award_count=Count("decisions__awards", filter=issued, distinct=True),
            last_decided_on=Max("decisions__decided_on", filter=issued),
        )
        .order_by("-last_decided_on", "-id")
    )


def public_decisions(campaign: Campaign) -> list[Decision]:
    """The campaign's issued decisions, each with how many collectives (and households) and
    individuals it awards (one query, whatever the number of awards: a province's title round
    awards hundreds of thousands; `public_awards` pages through them)."""
    individual = Q(awards__subject_type=SubjectType.INDIVIDUAL)
    return list(
        Decision.objects.filter(campaign=campaign, state=DecisionState.ISSUED)
        .select_related("issuer")
        .annotate(
            individual_count=Count("awards", filter=individual),
            collective_count=Count("awards", filter=~individual & Q(awards__isnull=False)),
        )
        .order_by("decided_on", "number", "id")
    )


def public_awards(campaign: Campaign) -> QuerySet[Award]:
    """The awards of the campaign's issued decisions, in the decisions' order and then as each
    decision prints them: only what a decision prints (name, position and unit, form)."""
    return (
        Award.objects.filter(decision__campaign=campaign, decision__state=DecisionState.ISSUED)
        .select_related("award_form")
        .only(
            "id",
            "decision_id",
            "name",
            "detail",
            "subject_type",
            "position",
            "award_form__id",
            "award_form__name",
            "award_form__position",
        )
        .order_by("decision__decided_on", "decision__number", "decision_id", "position", "id")
    )


def public_results_stamp(campaign_pk) -> str | None:
    """What changes when the campaign's public results change (a decision issued or withdrawn,
    the campaign hidden); None when it has none to show. One small query on decisions, so a
    page built once can be reused until then."""
    pk = _public_pk(campaign_pk)
    if pk is None:
        return None
    row = Decision.objects.filter(
        campaign_id=pk,
        state=DecisionState.ISSUED,
        campaign__state__in=CampaignState.visible_to_participants(),
    ).aggregate(n=Count("id"), ids=Sum("id"), last=Max("issued_at"))
    if not row["n"]:
        return None
    return f"{row['n']}-{row['ids']}-{row['last'].timestamp() if row['last'] else 0}"


def public_decision(pk) -> Decision | None:
    pk = _public_pk(pk)
    if pk is None:
        return None
    return (
        Decision.objects.filter(
            pk=pk,
            state=DecisionState.ISSUED,
            campaign__state__in=CampaignState.visible_to_participants(),
        )
        .exclude(pdf="")
        .first()
    )


# Legal tables (Cấu hình › Khen thưởng) ------------------------------------------------------------


def _row(model, pk, message: str):
    obj = model.objects.filter(pk=pk).first() if str(pk).isdigit() and int(pk) < 2**31 else None
    if obj is None:
        raise Http404(message)
    return obj


def rule_sets() -> list[RuleSet]:
    return list(RuleSet.objects.order_by("-valid_from"))


def rule_set_get(pk) -> RuleSet:
    return _row(RuleSet, pk, "Không tìm thấy văn bản quy định mức thưởng.")


def coefficients_of(rule_set: RuleSet) -> list[Coefficient]:
    return list(rule_set.coefficients.order_by("form_kind", "subject_type"))


def coefficient_get(rule_set: RuleSet, pk) -> Coefficient:
    row = _row(Coefficient, pk, "Không tìm thấy hệ số.")
    if row.rule_set_id != rule_set.pk:
        raise Http404("Không tìm thấy hệ số.")
    return row


def base_salaries() -> list[BaseSalary]:
    return list(BaseSalary.objects.order_by("-valid_from"))


def base_salary_get(pk) -> BaseSalary:
    return _row(BaseSalary, pk, "Không tìm thấy mức lương cơ sở.")


def basis_templates() -> list[LegalBasisTemplate]:
    return list(
        LegalBasisTemplate.objects.select_related("rule_set").order_by(
            "-rule_set__valid_from", "document", "issuer_level"
        )
    )


def basis_template_get(pk) -> LegalBasisTemplate:
    return _row(LegalBasisTemplate, pk, "Không tìm thấy mẫu căn cứ.")


def rule_set_queryset():
    """The rule sets as a queryset (a form's choices)."""
    return RuleSet.objects.order_by("-valid_from")


# Read by monitoring (home, dashboard, reminders): plain querysets and values, one query each --


def decisions_draft_in(scope, *, roles, limit: int) -> list[Decision]:
    """Draft decisions issued by units the scope reaches through `roles`, oldest first."""
    return list(
        Decision.objects.filter(scope.unit_q("issuer__", roles=roles))
        .filter(state=DecisionState.DRAFT)
        .select_related("campaign")
        .order_by("decided_on", "id")[:limit]
    )


def decisions_issued_count(scope) -> int:
    return Decision.objects.filter(scope.unit_q("issuer__"), state=DecisionState.ISSUED).count()


def issued_award_tallies(scope) -> list[dict]:
    """The awards of issued decisions of issuers the scope reaches, counted by campaign year,
    issuer kind, form, subject type and the person's gender, ethnicity and priority flags
    (direct worker, remote area) (one query)."""
    return list(
        Award.objects.filter(decision__state=DecisionState.ISSUED)
        .filter(scope.unit_q("decision__issuer__"))
        .values(
            "decision__campaign__year",
            "decision__issuer__kind",
            "award_form__name",
            "subject_type",
            "person__gender",
            "person__ethnicity",
            "person__direct_worker",
            "person__remote_area",
        )
        .annotate(n=Count("id"))
        .order_by()
    )


def decision_trail_data(decision: Decision) -> dict:
    """The decision as the upward chain records it (a lower level's decision travelling with
    its dossier, or a level's decision closing a trail): reference, date, issuer, summary and
    the SHA-256 of those and of its awardees (one query)."""
    awardees = sorted(
        Award.objects.filter(decision=decision).values_list("nominee_id", "award_form_id")
    )
    data = {
        "id": decision.pk,
        "reference": decision.reference,
        "date": decision.decided_on.strftime("%d/%m/%Y"),
        "summary": decision.summary,
        "issuer": decision.issuer_display.replace("\n", " "),
    }
    blob = json.dumps([data, awardees], ensure_ascii=False, sort_keys=True).encode()
    return data | {"sha256": hashlib.sha256(blob).hexdigest()}


def award_tallies_of_area(*, path: str, year: int) -> list[dict]:
    """Awards of issued decisions whose issuer lies in the subtree at `path`, for the campaigns
    of `year` (the year of the achievement), counted by form kind (the award's, else its
    form's), subject type and the person's gender and ethnicity, with their money (one query).
    What the statutory statistics count (monitoring.statistics)."""
    return list(
        Award.objects.filter(
            decision__state=DecisionState.ISSUED,
            decision__issuer__path__startswith=path,
            decision__campaign__year=year,
        )
        .values(
            "form_kind",
            "award_form__legal_kind",
            "subject_type",
            "person__gender",
            "person__ethnicity",
        )
        .annotate(n=Count("id"), amount=Sum("amount"))
        .order_by()
    )


def decisions_of_area(*, path: str, year: int) -> list[Decision]:
    """Issued decisions of issuers in the subtree at `path` for the campaigns of `year`."""
    return list(
        Decision.objects.filter(
            state=DecisionState.ISSUED, issuer__path__startswith=path, campaign__year=year
        ).order_by("decided_on", "number", "id")
    )
