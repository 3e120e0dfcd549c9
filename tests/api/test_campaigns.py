import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import UserFactory, make_unit
from tests.fixtures.campaigns import vn
from thidua.campaigns import services
from thidua.campaigns.enums import PhaseKind
from thidua.core.uploads import check_upload
from thidua.demo.campaigns import demo_plan_pdf
from thidua.org.enums import Role, UnitKind
from thidua.org.services import role_grant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

# The campaigns' fixtures (tests/fixtures/campaigns.py): a draft ready to publish, the same
# published, and uploads kept in a temporary folder.

NOT_FOUND = {"detail": "Không tìm thấy."}


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def _campaign(actor, issuer, *, year: int = 2024, title: str | None = None, units=()):
    """A draft with a registration phase (so the deadline column has something to show)."""
    campaign = services.campaign_create(
        actor=actor, issuer=issuer, year=year, title=title or f"Thi đua năm {year}",
        issuer_display="ỦY BAN NHÂN DÂN", place="Nguyên Bình",
        period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
    )  # fmt: skip
    services.phase_set(actor=actor, campaign=campaign, kind=PhaseKind.REGISTRATION,
                       starts_at=vn(year, 1, 1), ends_at=vn(year, 1, 15))  # fmt: skip
    if units:
        services.participants_set(actor=actor, campaign=campaign, units=list(units))
    return campaign


def _register(campaign, unit, user, when):
    data = demo_plan_pdf(unit)
    plan = check_upload(SimpleUploadedFile("kh.pdf", data), allowed=frozenset({"pdf"}),
                        max_bytes=10**6)  # fmt: skip
    return services.registration_submit(actor=user, campaign=campaign, unit=unit,
                                        commitments="Hoàn thành 100% nhiệm vụ CCHC.",
                                        plan=plan, now=when)  # fmt: skip


@pytest.fixture
def other_district(world):
    """Another district of the province, with its own secretariat."""
    district = make_unit("Huyện Hà Quảng", parent=world.province, kind=UnitKind.DISTRICT,
                         code="HQ")  # fmt: skip
    user = UserFactory(username="noivu.hq")
    role_grant(actor=None, user=user, role=Role.SECRETARIAT, unit=district)
    return district, user


# List ----------------------------------------------------------------------------------------


def test_secretariat_lists_the_district_campaign_with_reference_and_deadline(
    api_get, bearer, secretariat, published, world
):
    response = api_get("/campaigns", bearer(secretariat))

    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": published.pk,
                "parent_id": None,
                "issuer": {"id": world.district.pk, "code": "NB", "name": "Huyện Nguyên Bình"},
                "year": 2023,
                "title": "Phát động phong trào thi đua cải cách hành chính năm 2023",
                "state": "published",
                "state_label": "Đã ban hành",
                "reference": "05/KH-UBND",
                "issued_on": "2023-01-05",
                "period_start": "2023-01-05",
                "period_end": "2023-12-30",
                "participant_count": 2,
                "registration_deadline": "2023-01-10T00:00:00+07:00",
            }
        ],
        "count": 1,
        "page": 1,
        "page_size": 100,
        "pages": 1,
    }


def test_list_is_filtered_by_state_and_year(api_get, bearer, secretariat, published, world):
    _campaign(secretariat, world.district, year=2024, title="Thi đua năm 2024")
    headers = bearer(secretariat)

    assert titles(api_get("/campaigns", headers)) == ["Thi đua năm 2024", published.title]
    assert titles(api_get("/campaigns", headers, state="draft")) == ["Thi đua năm 2024"]
    assert titles(api_get("/campaigns", headers, year=2023)) == [published.title]
    assert titles(api_get("/campaigns", headers, state="", year="")) == [
        "Thi đua năm 2024",
        published.title,
    ]
    assert titles(api_get("/campaigns", headers, state="running")) == []


def test_an_unknown_state_is_refused_with_a_vietnamese_422(api_get, bearer, secretariat):
    response = api_get("/campaigns", bearer(secretariat), state="archived")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (["query", "state"], "enum")
    assert error["msg"].startswith("Giá trị không hợp lệ; chỉ nhận một trong: 'draft'")


def test_focal_point_lists_published_campaigns_of_its_unit_but_not_drafts(
    api_get, bearer, focal_a, published, world, secretariat
):
    _campaign(secretariat, world.district, title="Dự thảo có xã A", units=[world.commune_a])
    _campaign(secretariat, world.district, title="Phong trào chỉ có xã B", units=[world.commune_b])

    assert titles(api_get("/campaigns", bearer(focal_a))) == [published.title]


def test_another_district_lists_nothing_of_ours(api_get, bearer, published, other_district):
    assert titles(api_get("/campaigns", bearer(other_district[1]))) == []


def test_a_user_without_any_role_is_refused_the_list(api_get, bearer, no_role_user, published):
    response = api_get("/campaigns", bearer(no_role_user))

    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền dùng chức năng này."}


def test_without_a_token_the_list_is_refused(api_get, published):
    response = api_get("/campaigns")

    assert response.status_code == 401


@pytest.mark.parametrize("item_count", [1, 3])
def test_list_query_count_does_not_grow_with_campaigns(
    api_get, bearer, secretariat, world, item_count, django_assert_num_queries
):
    for year in range(2024, 2024 + item_count):
        _campaign(secretariat, world.district, year=year, units=[world.commune_a, world.commune_b])
    headers = bearer(secretariat)

    # token, token last used, roles, count, page, phases of the page
    with django_assert_num_queries(6):
        response = api_get("/campaigns", headers)

    assert [c["participant_count"] for c in response.json()["items"]] == [2] * item_count


# Detail --------------------------------------------------------------------------------------


def test_detail_gives_criteria_award_forms_and_quotas_exactly(
    api_get, bearer, secretariat, published
):
    criterion = published.criteria.get()
    form = published.award_forms.get()

    body = api_get(f"/campaigns/{published.pk}", bearer(secretariat)).json()

    assert body["criteria"] == [
        {
            "id": criterion.pk,
            "subject_type": "collective",
            "subject_type_label": "Tập thể",
            "position": 1,
            "text": "Kết quả thực hiện nhiệm vụ cải cách hành chính năm 2023 hoàn thành 100%.",
            "kind": "tasks_completed",
            "kind_label": "Tỷ lệ hoàn thành nhiệm vụ CCHC đạt tối thiểu",
            "params": {"min_percent": 100},
            "data_period": "campaign_year",
            "data_years": 1,
            "rule": "Tỷ lệ hoàn thành nhiệm vụ CCHC ≥ 100%",
        }
    ]
    assert body["award_forms"] == [
        {
            "id": form.pk,
            "name": "Giấy khen của Chủ tịch UBND huyện",
            "subject_type": "collective",
            "quota": 5,
            "rule_set": "",
            "checklist": [
                {
                    "name": "Tờ trình đề nghị khen thưởng.",
                    "scope": "per_proposal",
                    "scope_label": "Một bản cho mỗi tờ trình của đơn vị",
                    "required": True,
                }
            ],
        }
    ]


def test_detail_gives_phases_participants_and_the_signature_block(
    api_get, bearer, secretariat, published, world
):
    services.phase_set(actor=secretariat, campaign=published, kind=PhaseKind.EMULATION,
                       starts_at=vn(2023, 1, 5), ends_at=vn(2023, 12, 31))  # fmt: skip

    body = api_get(f"/campaigns/{published.pk}", bearer(secretariat)).json()

    assert body["phases"] == [
        {
            "kind": "registration",
            "kind_label": "Đăng ký thi đua và gửi kế hoạch của đơn vị",
            "starts_at": "2023-01-05T00:00:00+07:00",
            "ends_at": "2023-01-10T00:00:00+07:00",
        },
        {
            "kind": "emulation",
            "kind_label": "Tổ chức thi đua",
            "starts_at": "2023-01-05T00:00:00+07:00",
            "ends_at": "2023-12-31T00:00:00+07:00",
        },
    ]
    assert body["participants"] == [
        {"id": world.commune_b.pk, "code": "X01738", "name": "Xã Ca Thành"},
        {"id": world.commune_a.pk, "code": "X01732", "name": "Xã Yên Lạc"},
    ]
    assert {k: body[k] for k in (
        "participant_count", "registration_deadline", "assignments", "recipients",
        "signing_authority", "signer_title", "signer_name", "late_policy", "late_policy_label",
        "reminder_days", "plan_pdf_available",
    )} == {
        "participant_count": 2,
        "registration_deadline": "2023-01-10T00:00:00+07:00",
        "assignments": [],
        "recipients": ["Phòng Nội vụ;", "Lưu: VT."],
        "signing_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Đào Nguyên Phong",
        "late_policy": "accept_flagged",
        "late_policy_label": "Vẫn nhận, đánh dấu nộp muộn",
        "reminder_days": 3,
        "plan_pdf_available": True,
    }  # fmt: skip


def test_detail_of_a_draft_has_no_plan_yet_and_lists_assignments(
    api_get, bearer, secretariat, draft, world
):
    services.assignment_add(actor=secretariat, campaign=draft, unit=world.noivu,
                            text="Phòng Nội vụ theo dõi, hướng dẫn, đôn đốc.")  # fmt: skip
    services.assignment_add(actor=secretariat, campaign=draft, text="Các xã gửi kế hoạch.")

    body = api_get(f"/campaigns/{draft.pk}", bearer(secretariat)).json()

    assert (body["state"], body["reference"], body["issued_on"]) == ("draft", "…/KH-UBND", None)
    assert body["plan_pdf_available"] is False
    assert body["assignments"] == [
        {"unit_id": world.noivu.pk, "text": "Phòng Nội vụ theo dõi, hướng dẫn, đôn đốc."},
        {"unit_id": None, "text": "Các xã gửi kế hoạch."},
    ]


def test_focal_point_sees_a_published_campaign_its_unit_takes_part_in(
    api_get, bearer, focal_a, published
):
    response = api_get(f"/campaigns/{published.pk}", bearer(focal_a))

    assert response.status_code == 200
    assert response.json()["title"] == published.title


def test_focal_point_gets_404_for_a_draft_its_unit_takes_part_in(api_get, bearer, focal_a, draft):
    response = api_get(f"/campaigns/{draft.pk}", bearer(focal_a))

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_focal_point_gets_404_for_a_published_campaign_without_its_unit(
    api_get, bearer, focal_a, world, secretariat, draft
):
    services.participants_set(actor=secretariat, campaign=draft, units=[world.commune_b])
    campaign = services.campaign_publish(actor=secretariat, campaign=draft)
    headers = bearer(focal_a)

    for path in (f"/campaigns/{campaign.pk}", f"/campaigns/{campaign.pk}/registrations"):
        response = api_get(path, headers)
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_another_district_gets_404_for_our_campaign_like_an_unknown_id(
    api_get, bearer, published, other_district
):
    headers = bearer(other_district[1])

    for path in (
        f"/campaigns/{published.pk}",
        f"/campaigns/{published.pk}/registrations",
        "/campaigns/999999",
        "/campaigns/999999/registrations",
    ):
        response = api_get(path, headers)
        assert (response.status_code, response.json()) == (404, NOT_FOUND), path


def test_a_non_numeric_campaign_id_is_refused_with_a_vietnamese_422(api_get, bearer, secretariat):
    response = api_get("/campaigns/abc", bearer(secretariat))

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["path", "campaign_id"], "msg": "Phải là số nguyên.", "type": "int_parsing"}
    ]


@pytest.mark.parametrize("item_count", [1, 3])
def test_detail_query_count_does_not_grow_with_its_parts(
    api_get, bearer, secretariat, world, item_count, django_assert_num_queries
):
    units = [make_unit(parent=world.district) for _ in range(item_count)]
    campaign = _campaign(secretariat, world.district, units=units)
    for i in range(item_count):
        services.criterion_add(actor=secretariat, campaign=campaign, subject_type="individual",
                               text=f"Tiêu chí {i}", kind="no_discipline")  # fmt: skip
        services.award_form_add(actor=secretariat, campaign=campaign, name=f"Giấy khen {i}",
                                legal_kind="GIAY_KHEN_THU_TRUONG",
                                subject_type="individual", quota=i + 1,
                                checklist=[("Tờ trình.", "per_proposal")] * 2)  # fmt: skip
        services.assignment_add(actor=secretariat, campaign=campaign, text=f"Việc {i}",
                                unit=units[i])  # fmt: skip
    headers = bearer(secretariat)

    # token, token last used, roles, campaign, phases, criteria, assignments and their units,
    # award forms and their checklists, participants
    with django_assert_num_queries(11):
        body = api_get(f"/campaigns/{campaign.pk}", headers).json()

    assert len(body["participants"]) == len(body["criteria"]) == item_count
    assert [len(f["checklist"]) for f in body["award_forms"]] == [2] * item_count


# Registrations -------------------------------------------------------------------------------


def test_registrations_show_on_time_late_and_upload_times_to_the_secretariat(
    api_get, bearer, secretariat, published, world, focal_a, focal_b
):
    _register(published, world.commune_a, focal_a, vn(2023, 1, 8, 10, 30))
    _register(published, world.commune_b, focal_b, vn(2023, 1, 10, 0, 0))

    response = api_get(f"/campaigns/{published.pk}/registrations", bearer(secretariat))

    assert response.status_code == 200
    assert response.json() == [
        {
            "unit": {"id": world.commune_b.pk, "code": "X01738", "name": "Xã Ca Thành"},
            "registered_at": "2023-01-10T00:00:00+07:00",
            "plan_uploaded_at": "2023-01-10T00:00:00+07:00",
            "on_time": False,
            "status": "late",
            "status_label": "Nộp muộn",
        },
        {
            "unit": {"id": world.commune_a.pk, "code": "X01732", "name": "Xã Yên Lạc"},
            "registered_at": "2023-01-08T10:30:00+07:00",
            "plan_uploaded_at": "2023-01-08T10:30:00+07:00",
            "on_time": True,
            "status": "on_time",
            "status_label": "Đúng hạn",
        },
    ]


def test_a_unit_without_a_plan_after_the_deadline_is_missing(
    api_get, bearer, secretariat, published, world
):
    body = api_get(f"/campaigns/{published.pk}/registrations", bearer(secretariat)).json()

    assert [(r["unit"]["name"], r["on_time"], r["status"], r["status_label"]) for r in body] == [
        ("Xã Ca Thành", None, "missing", "Chưa nộp"),
        ("Xã Yên Lạc", None, "missing", "Chưa nộp"),
    ]


def test_focal_point_sees_only_its_own_unit_registration(
    api_get, bearer, published, world, focal_a, focal_b
):
    _register(published, world.commune_a, focal_a, vn(2023, 1, 8, 10, 30))
    _register(published, world.commune_b, focal_b, vn(2023, 1, 9, 8))

    body = api_get(f"/campaigns/{published.pk}/registrations", bearer(focal_a)).json()

    assert [(r["unit"]["code"], r["status"]) for r in body] == [("X01732", "on_time")]


def test_registrations_are_filtered_by_status(
    api_get, bearer, secretariat, published, world, focal_a
):
    _register(published, world.commune_a, focal_a, vn(2023, 1, 8, 10, 30))
    path = f"/campaigns/{published.pk}/registrations"
    headers = bearer(secretariat)

    assert [r["unit"]["code"] for r in api_get(path, headers, status="missing").json()] == [
        "X01738"
    ]
    assert [r["unit"]["code"] for r in api_get(path, headers, status="late").json()] == []


def test_focal_point_gets_404_for_registrations_of_a_draft(api_get, bearer, focal_a, draft):
    response = api_get(f"/campaigns/{draft.pk}/registrations", bearer(focal_a))

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


@pytest.mark.parametrize("item_count", [1, 3])
def test_registrations_query_count_does_not_grow_with_units(
    api_get, bearer, world, draft, secretariat, focal_a, item_count, django_assert_num_queries
):
    extra = [make_unit(parent=world.district) for _ in range(item_count)]
    services.participants_set(actor=secretariat, campaign=draft,
                              units=[world.commune_a, world.commune_b, *extra])  # fmt: skip
    campaign = services.campaign_publish(actor=secretariat, campaign=draft)
    for unit in [world.commune_a, *extra]:
        _register(campaign, unit, secretariat, vn(2023, 1, 8))
    path = f"/campaigns/{campaign.pk}/registrations"
    as_secretariat, as_focal_a = bearer(secretariat), bearer(focal_a)

    # token, token last used, roles, campaign, phases, criteria, assignments, award forms and
    # their checklists, then the board: units, registrations
    with django_assert_num_queries(11):
        rows = api_get(path, as_secretariat).json()
    # the same, and the participants (a focal point sees the campaign by taking part in it)
    with django_assert_num_queries(12):
        own = api_get(path, as_focal_a).json()

    assert len(rows) == 2 + item_count
    assert [r["unit"]["code"] for r in own] == ["X01732"]
