"""A whole campaign of another level through the API only (issue 15, "what must be shown"): a
province's campaign under Nghị định 152/2025 — plan, criteria (one judged on the previous
year's results), award forms with quotas and checklists, participants, phases, launch — then
the communes register, put a collective and a person forward with their dossier files,
submit; the province accepts, and issues the decision, whose certificates check out publicly.

The campaign is of the current year: since the guard rail "nothing is nominated before the
emulation starts" a 2027 campaign cannot reach its nomination phase before 2027, and the API
(rightly) offers no way to move the server's clock.

Setting up: the province's first administrator comes from `thidua createadmin`, tokens from
`thidua token create` (the commands an office runs); the administrator invites the office's
account and the council's members through POST /api/v1/users; the office forms the council,
the administrator sets its pass rule, and each member casts their ballot with their own token.
Every step is an HTTP request with a bearer token.
"""

import datetime as dt
import io
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from thidua.awards.models import Certificate, Decision
from thidua.campaigns.models import Campaign
from thidua.core.models import AuditLog
from thidua.nominations.enums import CouncilOutcome
from thidua.nominations.models import Nominee

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF\n"
VN = dt.timezone(dt.timedelta(hours=7))


def pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()
    return response.json() if response.content else None


def command(*args, stdin: str = "") -> str:
    """A `thidua` command as an office runs it at its terminal."""
    out = io.StringIO()
    with mock.patch("sys.stdin", io.StringIO(stdin)):
        call_command(*args, stdout=out)
    return out.getvalue()


def token_of(username: str) -> dict[str, str]:
    """`thidua token create <user> --scope write`: the token is the output's last line."""
    raw = command("token", "create", username, "--scope", "write").strip().splitlines()[-1]
    return {"Authorization": f"Bearer {raw}"}


def test_a_province_runs_a_campaign_from_plan_to_certificates_through_the_api(
    api_send, api_get, writer, world, focal_a, focal_b, client
):
    # The province's first administrator (`thidua createadmin`) invites the office's account.
    command(
        "createadmin", "--username", "quantri.tinh", "--email", "quantri@caobang.gov.vn",
        "--full-name", "Nông Văn Minh", "--unit-code", world.province.code, "--password-stdin",
        stdin="mat-khau-rat-dai-2027\n",
    )  # fmt: skip
    invited = ok(api_send("post", "/users", token_of("quantri.tinh"), {
        "full_name": "Bế Thị Lan", "email": "vp.tinh@caobang.gov.vn", "username": "vp.tinh",
        "role": "secretariat", "unit": world.province.pk,
    }), 201)  # fmt: skip
    assert [(r["role"], r["unit_id"]) for r in invited["roles"]] == [
        ("secretariat", world.province.pk)
    ]
    province_office = get_user_model().objects.get(username="vp.tinh")
    office, unit_a, unit_b = token_of("vp.tinh"), writer(focal_a), writer(focal_b)
    now = timezone.now().astimezone(VN).replace(microsecond=0)
    today = now.date()
    year = today.year

    # The plan ---------------------------------------------------------------------------------
    campaign = ok(
        api_send(
            "post",
            "/campaigns",
            office,
            {
                "issuer": world.province.pk,
                "year": year,
                "title": f"Phát động phong trào thi đua chuyển đổi số năm {year}",
                "issuer_display": "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG",
                "place": "Cao Bằng",
                "period_start": f"{year}-01-01",
                "period_end": f"{year}-12-31",
                "participant_categories": ["cong_chuc", "vien_chuc"],
                "recipients": ["Như Điều 3;", "Lưu: VT, SNV."],
                "signer_title": "CHỦ TỊCH",
                "signer_name": "Hoàng Xuân Ánh",
            },
        ),
        201,
    )
    cid = campaign["id"]
    assert (campaign["state"], campaign["year"], campaign["issuer"]["id"]) == (
        "draft", year, world.province.pk,
    )  # fmt: skip
    ok(api_send("put", f"/campaigns/{cid}/participants", office,
                {"units": [world.commune_a.pk, world.commune_b.pk]}))  # fmt: skip
    ok(api_send("put", f"/campaigns/{cid}/phases/registration", office, {
        "starts_at": (now - dt.timedelta(days=1)).isoformat(),
        "ends_at": (now + dt.timedelta(hours=1)).isoformat(),
    }))  # fmt: skip
    ok(api_send("put", f"/campaigns/{cid}/phases/nomination", office, {
        "starts_at": (now + dt.timedelta(hours=1)).isoformat(),
        "ends_at": (now + dt.timedelta(days=10)).isoformat(),
    }))  # fmt: skip
    collective_criterion = ok(api_send("post", f"/campaigns/{cid}/criteria", office, {
        "subject_type": "collective", "kind": "attested",
        "text": "Hoàn thành 100% chỉ tiêu chuyển đổi số được giao trong năm.",
    }), 201)  # fmt: skip
    rated = ok(api_send("post", f"/campaigns/{cid}/criteria", office, {
        "subject_type": "individual", "kind": "rating_at_least", "params": {"rating": "good"},
        "text": "Năm trước được xếp loại hoàn thành tốt nhiệm vụ trở lên.",
        "data_period": "previous_year",
    }), 201)  # fmt: skip
    assert (rated["data_period"], rated["params"]) == ("previous_year", {"rating": "good"})
    refused = api_send("post", f"/campaigns/{cid}/criteria", office, {
        "subject_type": "collective", "kind": "attested", "text": "Tự xác nhận.",
        "data_period": "previous_year",
    })  # fmt: skip
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "data_period"]
    checklist = [
        {"name": "Tờ trình đề nghị khen thưởng.", "scope": "per_proposal"},
        {"name": "Báo cáo thành tích.", "scope": "per_nominee"},
    ]
    forms = {
        subject: ok(api_send("post", f"/campaigns/{cid}/award-forms", office, {
            "name": "Bằng khen của Chủ tịch UBND tỉnh", "subject_type": subject,
            "legal_kind": "BANG_KHEN_TINH",
            "quota": quota, "rule_set": "Nghị định 152/2025/NĐ-CP", "checklist": checklist,
        }), 201)
        for subject, quota in (("collective", 1), ("individual", 2))
    }  # fmt: skip
    assert forms["collective"]["quota"] == 1
    assert [i["name"] for i in forms["individual"]["checklist"]] == [c["name"] for c in checklist]

    publish = {"to": "published", "doc_number": "27", "issued_on": str(today)}
    launched = ok(api_send("post", f"/campaigns/{cid}/transitions", office, publish))
    assert (launched["state"], launched["reference"]) == ("published", "27/KH-UBND")
    assert launched["plan_pdf_available"] is True
    ok(api_send("post", f"/campaigns/{cid}/transitions", office, {"to": "running"}))

    # The communes register ---------------------------------------------------------------------
    registration = ok(api_send("post", f"/campaigns/{cid}/registrations", unit_a, {
        "unit": str(world.commune_a.pk),
        "commitments": "Phấn đấu 100% hồ sơ thủ tục hành chính trực tuyến toàn trình.",
    }, files={"plan": pdf("ke-hoach.pdf")}), 201)  # fmt: skip
    assert registration["plan_late"] is False
    assert registration["plan_name"] == f"ke-hoach-{world.commune_a.code}.pdf"
    ok(api_send("post", f"/campaigns/{cid}/registrations", unit_b, {
        "unit": str(world.commune_b.pk), "commitments": "Đăng ký danh hiệu tập thể.",
    }, files={}), 201)  # fmt: skip
    # Commune B cannot register for commune A.
    refused = api_send("post", f"/campaigns/{cid}/registrations", unit_b, {
        "unit": str(world.commune_a.pk), "commitments": "x",
    }, files={})  # fmt: skip
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "unit"]
    board = ok(api_get(f"/campaigns/{cid}/registrations", office))
    assert {row["unit"]["id"]: row["status"] for row in board} == {
        world.commune_a.pk: "on_time", world.commune_b.pk: "pending",
    }  # fmt: skip

    # Registration closes, the nomination window opens (the office moves the dates).
    ok(api_send("put", f"/campaigns/{cid}/phases/registration", office, {
        "starts_at": (now - dt.timedelta(days=2)).isoformat(),
        "ends_at": (now - dt.timedelta(hours=2)).isoformat(),
    }))  # fmt: skip
    ok(api_send("put", f"/campaigns/{cid}/phases/nomination", office, {
        "starts_at": (now - dt.timedelta(hours=2)).isoformat(),
        "ends_at": (now + dt.timedelta(days=10)).isoformat(),
    }))  # fmt: skip

    # Commune A's dossier -----------------------------------------------------------------------
    person = ok(api_send("post", "/people", unit_a, {
        "code": f"YL-{year}-01", "full_name": "Lục Thị Hằng", "gender": "female",
        "unit": world.commune_a.pk, "category": "cong_chuc",
        "position": "Công chức Văn phòng – Thống kê",
    }), 201)  # fmt: skip
    proposal = ok(api_send("post", f"/campaigns/{cid}/proposals", unit_a,
                           {"unit": world.commune_a.pk}), 201)  # fmt: skip
    pid = proposal["id"]
    again = api_send("post", f"/campaigns/{cid}/proposals", unit_a, {"unit": world.commune_a.pk})
    assert (again.status_code, again.json()["id"]) == (200, pid)
    collective = ok(api_send("post", f"/proposals/{pid}/nominees", unit_a, {
        "award_form": forms["collective"]["id"],
        "achievement": "Dẫn đầu tỉnh về dịch vụ công trực tuyến.",
    }), 201)  # fmt: skip
    ok(api_send("post", f"/nominees/{collective['id']}/answers/{collective_criterion['id']}",
                unit_a, {"attested": "true", "text": "100% chỉ tiêu đạt (báo cáo số 12/BC-UBND)."},
                files={"evidence": pdf("bao-cao-so-12.pdf")}))  # fmt: skip
    wrong = api_send("post", f"/proposals/{pid}/nominees", unit_a, {
        "award_form": forms["individual"]["id"], "unit": world.commune_a.pk,
    })  # fmt: skip
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["msg"] == "Hình thức này dành cho cá nhân; hãy chọn một người."
    individual = ok(api_send("post", f"/proposals/{pid}/nominees", unit_a, {
        "award_form": forms["individual"]["id"], "person": person["id"],
        "achievement": "Tham mưu số hóa 100% hồ sơ hộ tịch.",
    }), 201)  # fmt: skip
    assert individual["name"] == "Lục Thị Hằng"

    incomplete = api_send("post", f"/proposals/{pid}/submit", unit_a)
    assert incomplete.status_code == 422
    slots = ok(api_get(f"/proposals/{pid}", unit_a))["dossier"]
    assert len(slots) == 3 and all(s["document_id"] is None for s in slots)
    for slot in slots:
        body = {"item": str(slot["item_id"])}
        if slot["nominee_id"]:
            body["nominee"] = str(slot["nominee_id"])
        ok(api_send("post", f"/proposals/{pid}/documents", unit_a, body,
                    files={"file": pdf("tai-lieu.pdf")}), 201)  # fmt: skip
    not_a_pdf = api_send("post", f"/proposals/{pid}/documents", unit_a,
                         {"item": str(slots[0]["item_id"])},
                         files={"file": _fake("gia.pdf")})  # fmt: skip
    assert not_a_pdf.status_code == 422
    assert "Nội dung tệp không phải là tệp được chấp nhận" in not_a_pdf.json()["detail"][0]["msg"]
    # A criterion of the collectives is not one the individual reports on.
    foreign = api_send("post", f"/nominees/{individual['id']}/answers/{collective_criterion['id']}",
                       unit_a, {"attested": "true"}, files={})  # fmt: skip
    assert foreign.status_code == 422

    key = {"Idempotency-Key": "nop-ho-so-yen-lac"}
    submitted = ok(api_send("post", f"/proposals/{pid}/submit", unit_a | key))
    replay = api_send("post", f"/proposals/{pid}/submit", unit_a | key)
    assert (submitted["state"], submitted["version"]) == ("submitted", 1)
    assert (replay.status_code, replay["Idempotent-Replayed"]) == (200, "true")
    assert AuditLog.objects.filter(action="nominations.proposal.proposal_submit").count() == 1

    # The province accepts and evaluates --------------------------------------------------------
    assert api_send("post", f"/proposals/{pid}/accept", unit_a).status_code == 403
    accepted = ok(api_send("post", f"/proposals/{pid}/accept", office, {"note": "Đủ hồ sơ."}))
    assert accepted["state"] == "accepted"
    # Nominations close, the council's days open.
    ok(api_send("put", f"/campaigns/{cid}/phases/nomination", office, {
        "starts_at": (now - dt.timedelta(hours=2)).isoformat(),
        "ends_at": (now - dt.timedelta(hours=1)).isoformat(),
    }))  # fmt: skip
    ok(api_send("put", f"/campaigns/{cid}/phases/council", office, {
        "starts_at": (now - dt.timedelta(hours=1)).isoformat(),
        "ends_at": (now + dt.timedelta(days=3)).isoformat(),
    }))  # fmt: skip
    ok(api_send("post", f"/campaigns/{cid}/transitions", office, {"to": "evaluating"}))

    # The province's council, through the API ---------------------------------------------------
    # The administrator invites the council's members; the office forms the council.
    members = {}
    for username, name, role, council_role in (
        ("ct.hoidong", "Hoàng Xuân Ánh", "council_chair", "chair"),
        ("uv.hoidong1", "Đàm Văn Eng", "council_member", "member"),
        ("uv.hoidong2", "Nông Thị Tuyết", "council_member", "member"),
    ):
        user = ok(api_send("post", "/users", token_of("quantri.tinh"), {
            "full_name": name, "email": f"{username}@caobang.gov.vn", "username": username,
            "role": role, "unit": world.province.pk,
        }), 201)  # fmt: skip
        members[username] = (user["id"], name, council_role)
    council = ok(api_send("post", "/councils", office, {
        "issuer": world.province.pk, "name": "Hội đồng Thi đua – Khen thưởng tỉnh Cao Bằng",
        "established_by": f"Quyết định số 15/QĐ-UBND ngày 05/01/{year}",
        "valid_from": f"{year}-01-01", "quorum": "2/3",
    }), 201)  # fmt: skip
    member_ids = {}
    for position, (username, (user_id, name, council_role)) in enumerate(members.items()):
        member = ok(api_send("post", f"/councils/{council['id']}/members", office, {
            "user": user_id, "full_name": name, "role": council_role, "position": position,
        }), 201)  # fmt: skip
        member_ids[username] = member["id"]
    # Its pass rule hangs on the legal form and level, so the next campaign inherits it.
    ok(api_send("post", "/councils/pass-rules", token_of("quantri.tinh"), {
        "form_kind": "BANG_KHEN_TINH", "level": world.province.kind, "ballot_type": "secret",
        "denominator": "all_members", "threshold": "1/2", "strict": True, "quorum": "2/3",
        "valid_from": f"{year}-01-01",
    }), 201)  # fmt: skip
    # The individual's rating of last year is checked by the office against the unit's records.
    ok(api_send("put", f"/nominees/{individual['id']}/verdicts/{rated['id']}", office, {
        "outcome": "met", "reason": "Đã đối chiếu Quyết định xếp loại năm trước: hoàn thành tốt.",
    }))  # fmt: skip
    session = ok(api_send("post", f"/councils/{council['id']}/sessions", office, {
        "campaign": cid, "held_on": str(today), "place": "Phòng họp số 1, UBND tỉnh",
    }), 201)  # fmt: skip
    sid = session["id"]
    nominee_ids = sorted(n["id"] for n in ok(api_get(f"/proposals/{pid}", office))["nominees"])
    ok(api_send("post", f"/council-sessions/{sid}/agenda", office, {"nominees": nominee_ids}))
    ok(api_send("post", f"/council-sessions/{sid}/attendance", office,
                {"present": list(member_ids.values())}))  # fmt: skip
    assert ok(api_send("post", f"/council-sessions/{sid}/open", office))["state"] == "voting"
    items = ok(api_get(f"/council-sessions/{sid}", office))["items"]
    assert len(items) == 2
    # Each member votes with their own token; nobody votes for another.
    for username in members:
        ballot = {"choices": {str(item["id"]): "agree" for item in items}}
        ok(api_send("post", f"/council-sessions/{sid}/ballot", token_of(username), ballot), 201)
    twice = api_send("post", f"/council-sessions/{sid}/ballot", token_of("uv.hoidong1"),
                     {"choices": {str(item["id"]): "agree" for item in items}})  # fmt: skip
    assert twice.status_code == 422
    assert (
        ok(api_send("post", f"/council-sessions/{sid}/close", token_of("ct.hoidong")))["state"]
        == "closed"
    )
    results = ok(api_get(f"/council-sessions/{sid}/results", office))
    assert sorted((r["nominee_id"], r["votes_for"], r["passed"]) for r in results) == [
        (nominee_id, 3, True) for nominee_id in nominee_ids
    ]
    ok(api_send("post", f"/council-sessions/{sid}/stage", office))
    assert set(
        Nominee.objects.filter(proposal_id=pid).values_list("council_outcome", flat=True)
    ) == {CouncilOutcome.PROPOSED}

    # The decision ------------------------------------------------------------------------------
    fund = ok(api_send("put", f"/funds/{world.province.pk}/{today.year}", office,
                       {"budget": "50.000.000"}))  # fmt: skip
    assert fund["budget"] == 50_000_000
    draft = ok(api_send("post", f"/campaigns/{cid}/decisions", office,
                        {"decided_on": str(today)}), 201)  # fmt: skip
    assert draft["state"] == "draft"
    assert draft["rule_set"] == "Nghị định 152/2025/NĐ-CP"
    ok(api_send("patch", f"/decisions/{draft['id']}", office, {"signer_name": "Hoàng Xuân Ánh"}))
    issued = ok(api_send("post", f"/decisions/{draft['id']}/issue", office, {}))

    assert (issued["state"], issued["number"]) == ("issued", 1)
    base = issued["base_salary"]
    coefficients = {a["subject_type"]: float(a["coefficient"]) for a in issued["awards"]}
    assert coefficients == {"collective": 3.0, "individual": 1.5}  # 152/2025, Bằng khen tỉnh
    for award in issued["awards"]:  # the amount is rounded as the decree says
        assert abs(award["amount"] - coefficients[award["subject_type"]] * base) < 10_000
    assert issued["total"] == sum(a["amount"] for a in issued["awards"])
    campaign_after = ok(api_get(f"/campaigns/{cid}", office))
    assert campaign_after["state"] == "decided"
    for award in issued["awards"]:
        check = client.get(f"/api/v1/certificates/{award['certificate_code']}")
        assert check.status_code == 200 and check.json()["valid"] is True
    assert Certificate.objects.filter(award__decision_id=draft["id"]).count() == 2
    assert Decision.objects.get(pk=draft["id"]).created_by == province_office
    assert Campaign.objects.get(pk=cid).issuer == world.province
    # The plan's reward basis was the decree's template, not typed by the office.
    assert Campaign.objects.get(pk=cid).reward_basis.startswith("Theo Nghị định 152/2025/NĐ-CP")


def _fake(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf", content_type="application/pdf")
