"""The annual title round reuses the campaign machinery (issue 16, items 1, 3, 4, 7):
registration of titles at the start of the year, caps refused at proposal time, households
as nominees, the kinds of commendation as data, the unit's priority shares."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import login
from tests.factories import make_person, make_unit
from tests.nominations.conftest import _private_media, campaign, forms  # noqa: F401
from tests.nominations.title_round import build_title_round, title_round, titles  # noqa: F401
from thidua.campaigns import selectors as campaign_selectors
from thidua.campaigns import services as cs
from thidua.campaigns.enums import AwardKind, SubjectType
from thidua.campaigns.models import AwardKindRule, TitleRegistration
from thidua.core.models import AuditLog, StatutoryDuration
from thidua.nominations import selectors, services
from thidua.nominations.models import Nominee
from thidua.records.enums import RecordSource
from thidua.records.models import AwardRecord, Title

# Kinds of commendation as data ------------------------------------------------------------


@pytest.mark.parametrize(
    "kind,registration,clock,items",
    [
        (AwardKind.THUONG_XUYEN, True, "tham-dinh-ho-so", 3),
        (AwardKind.THEO_DOT, True, "tham-dinh-ho-so", 4),
        (AwardKind.DOT_XUAT, False, "tham-dinh-dot-xuat", 2),
        (AwardKind.NIEN_HAN, False, "tham-dinh-ho-so", 3),
        (AwardKind.DOI_NGOAI, False, "tham-dinh-ho-so", 3),
    ],
)
def test_each_kind_has_its_checklist_and_shortcuts_as_rows(db, kind, registration, clock, items):
    rule = campaign_selectors.kind_rule(kind, dt.date(2024, 6, 1))
    assert (rule.needs_registration, rule.clock_code, len(rule.checklist)) == (
        registration,
        clock,
        items,
    )
    assert not rule.confirmed  # unconfirmed against the decrees: said so in docs/titles.md
    assert StatutoryDuration.objects.filter(code=clock).exists()


def test_a_sudden_feat_has_a_shorter_clock_than_the_ordinary_appraisal(db):
    short = StatutoryDuration.objects.get(code="tham-dinh-dot-xuat")
    ordinary = StatutoryDuration.objects.get(code="tham-dinh-ho-so")
    assert short.working_days < ordinary.working_days
    assert not short.confirmed


def test_a_sudden_feat_publishes_without_a_registration_phase(world, secretariat):
    c = cs.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=2024,
        award_kind=AwardKind.DOT_XUAT,
        title="Khen thưởng đột xuất cứu người trong lũ",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
        place="Nguyên Bình",
        period_start=dt.date(2024, 9, 10),
        period_end=dt.date(2024, 9, 30),
    )
    assert "Chưa đặt hạn đăng ký thi đua và gửi kế hoạch của đơn vị." not in cs.publish_problems(c)
    c.award_kind = AwardKind.THEO_DOT
    c._kind_rule = campaign_selectors.kind_rule(AwardKind.THEO_DOT, c.period_start)
    assert "Chưa đặt hạn đăng ký thi đua và gửi kế hoạch của đơn vị." in cs.publish_problems(c)


def test_the_award_form_screen_prefills_the_kinds_checklist(client, world, secretariat):
    c = cs.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=2024,
        award_kind=AwardKind.NIEN_HAN,
        title="Khen thưởng quá trình cống hiến năm 2024",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
        place="Nguyên Bình",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
    )
    login(client, secretariat)
    page = client.get(reverse("web:campaign_detail", args=[c.pk])).content.decode()
    assert 'value="Bản tóm tắt quá trình công tác, thời gian giữ chức vụ."' in page


def test_kind_rules_are_unique_per_start(db):
    assert AwardKindRule.objects.count() == len(AwardKind.values)


# Registration of titles --------------------------------------------------------------------


def test_a_unit_registers_its_people_and_itself_for_titles(title_round, titles, focal_a, world):
    p = cs.title_register(
        actor=focal_a,
        campaign=title_round,
        unit=world.commune_a,
        award_form=titles["LAO_DONG_TIEN_TIEN"],
        person=world.person_a,
    )
    u = cs.title_register(
        actor=focal_a,
        campaign=title_round,
        unit=world.commune_a,
        award_form=titles["TAP_THE_LDTT"],
    )
    assert (p.subject_unit, u.subject_unit, u.person) == (world.commune_a, world.commune_a, None)
    assert campaign_selectors.registered_keys(title_round) == {
        (titles["LAO_DONG_TIEN_TIEN"].pk, "p", world.person_a.pk),
        (titles["TAP_THE_LDTT"].pk, "u", world.commune_a.pk),
    }
    assert AuditLog.objects.filter(action="campaigns.title_registration.add").count() == 2
    with pytest.raises(ValidationError, match="đã đăng ký «Lao động tiên tiến»"):
        cs.title_register(
            actor=focal_a,
            campaign=title_round,
            unit=world.commune_a,
            award_form=titles["LAO_DONG_TIEN_TIEN"],
            person=world.person_a,
        )
    cs.title_unregister(actor=focal_a, registration=p)
    assert TitleRegistration.objects.count() == 1


def test_registration_refuses_someone_of_another_unit_and_a_movement(
    title_round,
    titles,
    focal_a,
    world,
    campaign,
    forms,  # noqa: F811
):
    with pytest.raises(ValidationError, match="không thuộc"):
        cs.title_register(
            actor=focal_a,
            campaign=title_round,
            unit=world.commune_a,
            award_form=titles["LAO_DONG_TIEN_TIEN"],
            person=world.person_b,
        )
    with pytest.raises(ValidationError, match="Chỉ đợt xét danh hiệu thi đua thường xuyên"):
        cs.title_register(
            actor=focal_a,
            campaign=campaign,
            unit=world.commune_a,
            award_form=forms["individual"],
            person=world.person_a,
        )
    assert TitleRegistration.objects.count() == 0


def test_the_register_page_lists_and_adds_title_registrations(
    client, title_round, titles, focal_a, world
):
    login(client, focal_a)
    url = reverse("web:campaign_register", args=[title_round.pk]) + f"?unit={world.commune_a.pk}"
    page = client.post(
        url,
        {
            "action": "title_add",
            "award_form": titles["LAO_DONG_TIEN_TIEN"].pk,
            "subject": f"p{world.person_a.pk}",
        },
        follow=True,
    ).content.decode()
    assert f"Đã đăng ký «Lao động tiên tiến» cho {world.person_a.full_name}." in page
    assert TitleRegistration.objects.get().person == world.person_a
    wrong = client.post(
        url,
        {
            "action": "title_add",
            "award_form": titles["TAP_THE_LDTT"].pk,
            "subject": f"p{world.person_a.pk}",
        },
    ).content.decode()
    assert "Danh hiệu này dành cho tập thể; hãy chọn đơn vị." in wrong
    assert TitleRegistration.objects.count() == 1


# Caps at proposal time -----------------------------------------------------------------------


def _ldtt_people(unit, n):
    return [make_person(unit, f"Nông Thị Hoa {unit.code} {i}") for i in range(n)]


def test_a_cap_refuses_one_title_too_many_when_it_is_proposed(title_round, titles, focal_a, world):
    proposal = services.proposal_open(actor=focal_a, campaign=title_round, unit=world.commune_a)
    people = _ldtt_people(world.commune_a, 7)
    for p in people:
        services.nominee_add(
            actor=focal_a, proposal=proposal, award_form=titles["LAO_DONG_TIEN_TIEN"], person=p
        )
    # 15 % of 7 is 1: the first Chiến sĩ thi đua cơ sở is within, the second is one too many
    services.nominee_add(
        actor=focal_a, proposal=proposal, award_form=titles["CSTD_CO_SO"], person=people[0]
    )
    with pytest.raises(ValidationError) as refused:
        services.nominee_add(
            actor=focal_a, proposal=proposal, award_form=titles["CSTD_CO_SO"], person=people[1]
        )
    (message,) = refused.value.messages
    assert message == (
        f"Không thêm được {people[1].full_name}: {world.commune_a.name} năm 2023: 2 «Chiến sĩ "
        "thi đua cơ sở» vượt giới hạn: tối đa 15% của 7 cá nhân đạt «Lao động tiên tiến» là 1 "
        "(Nghị định 91/2017/NĐ-CP)."
    )
    assert Nominee.objects.filter(award_form=titles["CSTD_CO_SO"]).count() == 1
    assert selectors.proposal_cap_problems(proposal) == []


def test_the_cap_counts_the_years_recorded_history(title_round, titles, focal_a, world):
    proposal = services.proposal_open(actor=focal_a, campaign=title_round, unit=world.commune_a)
    people = _ldtt_people(world.commune_a, 7)
    for p in people:
        services.nominee_add(
            actor=focal_a, proposal=proposal, award_form=titles["LAO_DONG_TIEN_TIEN"], person=p
        )
    title = Title.objects.get(code="CSTD_CO_SO")
    AwardRecord.objects.create(
        subject_type=SubjectType.INDIVIDUAL, person=world.person_a, unit=world.commune_a,
        year=2023, title=title, title_code=title.code, form_name=title.name, level=title.level,
        issuer="Chủ tịch UBND huyện Nguyên Bình", decision_number="9/QĐ-UBND",
        decision_date=dt.date(2023, 6, 1), source=RecordSource.IMPORT,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="vượt giới hạn"):
        services.nominee_add(
            actor=focal_a, proposal=proposal, award_form=titles["CSTD_CO_SO"], person=people[0]
        )


def test_the_proposal_page_shows_the_refusal_shares_and_the_repeat(
    client, title_round, titles, focal_a, world, django_assert_max_num_queries
):
    proposal = services.proposal_open(actor=focal_a, campaign=title_round, unit=world.commune_a)
    woman = make_person(world.commune_a, "Lường Thị Mai", gender="female", ethnicity="Tày",
                        direct_worker=True)  # fmt: skip
    services.nominee_add(
        actor=focal_a, proposal=proposal, award_form=titles["LAO_DONG_TIEN_TIEN"], person=woman
    )
    services.nominee_add(
        actor=focal_a,
        proposal=proposal,
        award_form=titles["LAO_DONG_TIEN_TIEN"],
        person=world.person_a,
    )
    title = Title.objects.get(code="LAO_DONG_TIEN_TIEN")
    AwardRecord.objects.create(
        subject_type=SubjectType.INDIVIDUAL, person=woman, unit=world.commune_a, year=2023,
        title=title, title_code=title.code, form_name=title.name, level=title.level,
        issuer="Giám đốc Sở Nội vụ tỉnh Cao Bằng", decision_number="88/QĐ-SNV",
        decision_date=dt.date(2023, 12, 20), source=RecordSource.IMPORT,
    )  # fmt: skip
    login(client, focal_a)
    url = reverse("web:proposal_detail", args=[proposal.pk])
    page = client.post(
        url,
        {
            "action": "add",
            "award_form": titles["CSTD_CO_SO"].pk,
            "subject": f"p{world.person_a.pk}",
        },
    ).content.decode()
    # the woman's imported title of the year counts with the list: 3 Lao động tiên tiến
    assert "vượt giới hạn: tối đa 15% của 3 cá nhân đạt «Lao động tiên tiến» là 0" in page
    assert "Đã khen cho thành tích này" in page
    assert "Quyết định số 88/QĐ-SNV ngày 20/12/2023 của Giám đốc Sở Nội vụ tỉnh Cao Bằng" in page
    shares = {
        s.key: (s.count, s.total, s.percent) for s in selectors.proposal_priority_shares(proposal)
    }
    assert shares == {
        "women": (1, 2, "50,0"),
        "direct_worker": (1, 2, "50,0"),
        "ethnic_minority": (1, 2, "50,0"),
        "remote_area": (0, 2, "0,0"),
    }
    assert (
        '<tr data-group="women"><td>Nữ</td><td class="num">1/2</td><td class="num">50,0</td>'
        in page
    )


# Households and organisations outside the state ---------------------------------------------


def test_households_are_nominated_by_head_and_address(world, secretariat, focal_a):
    c = build_title_round(
        world, secretariat, award_kind=AwardKind.THEO_DOT, year=2026,
        titles=[("Giấy khen của Chủ tịch UBND xã", "GIAY_KHEN_CHU_TICH_XA",
                 SubjectType.HOUSEHOLD)],
    )  # fmt: skip
    form = c.award_forms.get()
    p = services.proposal_open(actor=focal_a, campaign=c, unit=world.commune_a)
    with pytest.raises(ValidationError, match="Nhập họ tên chủ hộ và địa chỉ"):
        services.nominee_add(actor=focal_a, proposal=p, award_form=form)
    one = services.nominee_add(
        actor=focal_a, proposal=p, award_form=form,
        household_head="Hoàng Văn Pấu", address="Xóm Nà Bản, xã Thể Dục",
    )  # fmt: skip
    two = services.nominee_add(
        actor=focal_a, proposal=p, award_form=form,
        household_head="Nông Thị Dín", address="Xóm Cốc Lùng, xã Thể Dục",
    )  # fmt: skip
    assert (one.display_name, two.display_name) == ("Hộ Hoàng Văn Pấu", "Hộ Nông Thị Dín")
    assert (one.person, one.unit, one.subject_type) == (None, world.commune_a, "household")
    with pytest.raises(ValidationError, match="đã có trong danh sách"):
        services.nominee_add(
            actor=focal_a, proposal=p, award_form=form,
            household_head="Hoàng Văn Pấu", address="Xóm Nà Bản, xã Thể Dục",
        )  # fmt: skip


@pytest.mark.parametrize(
    "kind,fields,error",
    [
        ("enterprise", {"address": "Tổ 3, Tĩnh Túc", "representative": "Lý Văn Sình"},
         "tax_code"),
        ("enterprise", {"tax_code": "48001234", "address": "Tổ 3", "representative": "Lý Sình"},
         "tax_code"),
        ("non_state", {"representative": "Lý Văn Sình"}, "address"),
        ("foreign_organisation", {"address": "Vientiane"}, "representative"),
        ("cooperative", {"tax_code": "4800123456-001", "address": "Xóm Nà Bản",
                         "representative": "Hoàng Văn Pấu"}, None),
    ],
)  # fmt: skip
def test_organisations_outside_the_state_carry_what_an_award_needs(db, kind, fields, error):
    if error is None:
        unit = make_unit("Hợp tác xã Nông nghiệp Thể Dục", kind=kind, **fields)
        assert unit.tax_code == "4800123456-001"
        return
    with pytest.raises(ValidationError) as refused:
        make_unit("Tổ chức thử", kind=kind, **fields)
    assert error in refused.value.message_dict
