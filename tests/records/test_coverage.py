"""Priority coverage (issue 16, item 7): each priority group's share of individuals' titles and
awards per year, level and kind, read through records.selectors.priority_coverage for the
monitoring page; the reader's reach applies."""

import datetime as dt

from django.urls import reverse

from tests.conftest import login
from tests.factories import make_person
from thidua.campaigns.enums import SubjectType
from thidua.records.enums import RecordSource
from thidua.records.models import AwardRecord, Title
from thidua.records.selectors import priority_coverage


def _record(person, code, year, number):
    title = Title.objects.filter(code=code).order_by("-valid_from").first()
    return AwardRecord.objects.create(
        subject_type=SubjectType.INDIVIDUAL, person=person, unit=person.unit, year=year,
        title=title, title_code=code, form_name=title.name, level=title.level,
        issuer="Chủ tịch UBND huyện Nguyên Bình", decision_number=number,
        decision_date=dt.date(year + 1, 1, 16), source=RecordSource.IMPORT,
    )  # fmt: skip


def _people(world):
    a = world.commune_a
    return [
        make_person(a, "Lường Thị Mai", gender="female", ethnicity="Tày", direct_worker=True),
        make_person(a, "Hoàng Văn Pấu", ethnicity="Nùng", remote_area=True),
        make_person(a, "Nguyễn Văn Minh", ethnicity="Kinh"),
        make_person(a, "Đào Thị Hương", gender="female"),
        make_person(world.commune_b, "Triệu Thị Nái", gender="female", ethnicity="Dao"),
    ]


def test_shares_per_year_level_and_kind(world, secretariat, django_assert_num_queries):
    mai, pau, minh, huong, nai = _people(world)
    for p in (mai, pau, minh, huong, nai):
        _record(p, "LAO_DONG_TIEN_TIEN", 2022, "41/QĐ-UBND")
    _record(mai, "CSTD_CO_SO", 2022, "41/QĐ-UBND")
    _record(pau, "LAO_DONG_TIEN_TIEN", 2021, "35/QĐ-UBND")
    with django_assert_num_queries(2):  # the reader's roles, then the figures
        rows = priority_coverage(secretariat)
    got = [(r.year, r.level, r.kind, r.total, r.shares()) for r in rows]
    assert got == [
        (2022, "co_so", "title", 6, [
            ("Nữ", 4, "66,7"),
            ("Trực tiếp sản xuất, lao động, chiến đấu", 2, "33,3"),
            ("Người dân tộc thiểu số", 4, "66,7"),
            ("Vùng sâu, vùng xa, biên giới", 1, "16,7"),
        ]),
        (2021, "co_so", "title", 1, [
            ("Nữ", 0, "0,0"),
            ("Trực tiếp sản xuất, lao động, chiến đấu", 0, "0,0"),
            ("Người dân tộc thiểu số", 1, "100,0"),
            ("Vùng sâu, vùng xa, biên giới", 1, "100,0"),
        ]),
    ]  # fmt: skip


def test_a_focal_point_reads_only_its_units_people(world, focal_b):
    for p in _people(world):
        _record(p, "LAO_DONG_TIEN_TIEN", 2022, "41/QĐ-UBND")
    (row,) = priority_coverage(focal_b)
    assert (row.total, row.shares()[0]) == (1, ("Nữ", 1, "100,0"))


def test_the_monitoring_page_shows_the_coverage(client, world, secretariat):
    for p in _people(world):
        _record(p, "LAO_DONG_TIEN_TIEN", 2022, "41/QĐ-UBND")
    login(client, secretariat)
    page = client.get(reverse("web:monitoring_index")).content.decode()
    assert "Đối tượng ưu tiên trong danh hiệu và khen thưởng" in page
    assert '<tr data-year="2022" data-level="co_so" data-kind="title"><td>2022</td>' in page
    assert '<td class="num">60,0 <span class="muted">(3)</span></td>' in page
