"""`thidua demo` (stages `levels` and `titles`, the last two): the district's dossier sent up
to the province, returned once with every reason, supplemented, accepted and under public
disclosure with its window open now; the internal approval chains with work waiting; a cluster
ranked for 2023; an annulled award and a re-issued certificate, shown by public verification;
the district's 2023 annual title round from January's registrations to its decision and the
award history.

The whole demo is built once for the package (`demo` in tests/demo/conftest.py); the tests
only read it, and the idempotence test's second build is rolled back with its own transaction."""

import datetime as dt
import io
import re
from fractions import Fraction

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import login
from thidua.awards.models import Annulment, Certificate, CertificateReissue, Decision, FundEntry
from thidua.campaigns.models import Campaign, TitleRegistration
from thidua.clusters.models import Cluster
from thidua.core.services import api_token_create
from thidua.council.models import CouncilSession
from thidua.demo.levels import CLUSTER, TITLE
from thidua.demo.titles import TITLE as TITLE_ROUND
from thidua.indicators.models import StaffRating
from thidua.nominations import trail
from thidua.nominations.models import Nominee, Proposal
from thidua.org.models import Person, Unit
from thidua.participation.models import Disclosure, PublicComment
from thidua.records.models import AwardRecord
from thidua.records.selectors import priority_coverage

pytestmark = pytest.mark.django_db


def _user(username):
    return get_user_model().objects.get(username=username)


def _sent_up() -> Proposal:
    return Proposal.objects.get(campaign__title=TITLE, unit__code="NB")


def test_cong_khai_lists_the_forwarded_list_open_now_with_its_comment_form(demo, client):
    today = timezone.localdate()
    disclosure = Disclosure.objects.get(campaign__title=TITLE)
    assert disclosure.unit.code == "CB"
    # opened the day the demo was built and open now (a build just before midnight, Vietnam's
    # time, is read on the next day)
    assert today - dt.timedelta(days=1) <= disclosure.opens_on <= today < disclosure.closes_on
    entries = list(disclosure.entries.order_by("position"))
    assert {e.nominee.proposal_id for e in entries} == {_sent_up().pk}
    html = client.get("/cong-khai/").content.decode()
    section = html[html.index(f'id="dot-{disclosure.pk}"') :]
    section = section[: section.index("</section>")]
    assert "Tỉnh Cao Bằng" in section
    closing = re.search(r"đến hết ngày (\d\d/\d\d/\d{4})", section).group(1)
    assert closing == f"{disclosure.closes_on:%d/%m/%Y}" and disclosure.closes_on > today
    for e in entries:
        assert e.name in section
        assert f'action="/cong-khai/y-kien/{e.pk}/"' in section
    (published,) = PublicComment.objects.filter(entry__disclosure=disclosure)
    assert published.state == "published" and published.content[:40] in section


def test_the_trail_api_shows_the_district_then_the_province_with_valid_hashes(demo, client):
    proposal = _sent_up()
    _, raw = api_token_create(user=_user("tinh"), name="kiểm tra")
    response = client.get(
        f"/api/v1/nominations/{proposal.pk}/trail", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["intact"] is True and body["problems"] == [], body["problems"]
    own = [s for s in body["steps"] if s["proposal_id"] == proposal.pk]
    assert [(s["action"], s["unit"]) for s in own] == [
        ("forward", "Huyện Nguyên Bình"),
        ("return", "Tỉnh Cao Bằng"),
        ("resend", "Huyện Nguyên Bình"),
        ("accept", "Tỉnh Cao Bằng"),
    ]
    returned = own[1]["payload"]
    assert returned["return_number"] == 1 and len(returned["reasons"]) == 2  # all at once
    assert own[0]["payload"]["forwarded"]["decision"]["reference"] == "1/QĐ-UBND"
    # The lower levels' steps come first; each step chains to the one before it.
    assert len(body["steps"]) > len(own)
    assert own[0]["prev_hash"] == trail.origin_hash(
        proposal.pk, [s["step_hash"] for s in proposal.forward_data["sources"]]
    )
    for before, step in zip(own, own[1:], strict=False):
        assert step["prev_hash"] == before["step_hash"]
    for step in body["steps"]:
        assert step["step_hash"] == trail.step_hash(step["prev_hash"], step["content_hash"])
        assert step["changed_after"] is False


def test_my_work_is_not_empty_along_the_chains(demo, client):
    expected = {
        "noivu": ("Xã Yên Lạc", "Bước 1/3: Chuyên viên Phòng Nội vụ thụ lý, kiểm tra hồ sơ"),
        "chutich": ("Thị trấn Nguyên Bình", "Bước 3/3: Lãnh đạo UBND huyện duyệt"),
        "tinh": ("Huyện Nguyên Bình", "Bước 1/3: Chuyên viên Ban Thi đua – Khen thưởng tỉnh"),
    }
    for username, (unit, step) in expected.items():
        login(client, _user(username))
        html = client.get("/viec-cua-toi/").content.decode()
        table = html[html.index('id="my-work"') :]
        assert "Không có hồ sơ nào đang chờ bạn xử lý" not in table, username
        assert unit in table and step in table, username
    # lanhdao.nv returned Thị trấn Nguyên Bình's dossier once, then passed it on: nothing waits.
    login(client, _user("lanhdao.nv"))
    assert "Không có hồ sơ nào đang chờ bạn xử lý" in client.get("/viec-cua-toi/").content.decode()


def test_public_verification_shows_the_annulled_and_the_reissued_certificates(demo, client):
    annulment = Annulment.objects.select_related("award__certificate").get()
    html = client.get(f"/xac-thuc/{annulment.award.certificate.code}").content.decode()
    assert "Giấy khen đã bị thu hồi" in html
    assert "Đã thu hồi ngày 14/06/2024, theo Quyết định số 125/QĐ-UBND" in html
    assert annulment.to_recover == annulment.award.amount > 0
    assert annulment.outstanding == annulment.to_recover - annulment.recovered > 0
    assert FundEntry.objects.get(annulment=annulment).amount == -annulment.recovered

    reissue = CertificateReissue.objects.select_related("certificate").get()
    old = client.get(f"/xac-thuc/{reissue.old_code}").content.decode()
    assert "Giấy khen đã được cấp lại" in old and "ngày 20/08/2024" in old
    new = client.get(f"/xac-thuc/{reissue.certificate.code}").content.decode()
    assert "Giấy khen hợp lệ" in new


def test_the_cluster_ranks_its_members_and_points_to_the_flag(demo, client):
    cluster = Cluster.objects.get(name=CLUSTER)
    login(client, _user("noivu"))
    html = client.get(f"/cum-thi-dua/{cluster.pk}/?nam=2023").content.decode()
    table = html[html.index('id="standings"') : html.index("</table>")]
    ranks = re.findall(r'<tr id="standing-\d+"><td class="num">(\d+)', table)
    assert ranks == ["1", "2", "3", "4", "5", "6"]
    first = table.index("Xã Yên Lạc")  # 96 % of every criterion: the leader
    assert all(first < table.index(n) for n in ("Xã Triệu Nguyên", "Xã Thành Công"))
    assert "Gợi ý đề nghị Cờ thi đua năm 2023" in html and "Tải văn bản giao ước" in html
    province = Campaign.objects.get(title=TITLE)
    assert f"/phong-trao/{province.pk}/" in html[html.index('id="co-thi-dua"') :]
    # The head rotates: 2024's is the member after 2023's.
    years = {y.year: y.head.name for y in cluster.years.select_related("head")}
    assert years[2023] != years[2024]


def test_building_again_changes_nothing(demo):
    counts = (Campaign.objects.count(), Disclosure.objects.count(), Annulment.objects.count())
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "đã có" in out.getvalue().splitlines()[-1]
    assert (Campaign.objects.count(), Disclosure.objects.count(), Annulment.objects.count()) == (
        counts
    )


# Stage `titles`: the district's 2023 annual title round (issue 16, item 8) -------------------


def _round() -> Campaign:
    return Campaign.objects.get(title=TITLE_ROUND, year=2023, award_kind="thuong_xuyen")


def test_the_2023_title_round_registered_in_january_and_decided_with_its_council(demo):
    c = _round()
    regs = list(TitleRegistration.objects.filter(campaign=c))
    assert regs and all(
        timezone.localtime(r.registered_at).date() <= dt.date(2023, 1, 31) for r in regs
    )
    assert {r.award_form.legal_kind for r in regs} == {
        "LAO_DONG_TIEN_TIEN", "CSTD_CO_SO", "TAP_THE_LDTT"
    }  # fmt: skip
    (decision,) = Decision.objects.filter(campaign=c, state="issued")
    assert decision.decided_on == dt.date(2024, 1, 31)
    session = CouncilSession.objects.get(campaign=c)
    assert session.held_on < decision.decided_on
    awarded = set(decision.awards.values_list("nominee_id", flat=True))
    # a registered person rated below "hoàn thành tốt nhiệm vụ" is judged ineligible, not awarded
    ratings = dict(StaffRating.objects.filter(year=2023).values_list("person_id", "rating"))
    low = Nominee.objects.filter(proposal__campaign=c, person__isnull=False).exclude(
        person_id__in=[p for p, r in ratings.items() if r in ("good", "excellent")]
    )
    assert low.exists() and not awarded & set(low.values_list("pk", flat=True))
    assert all(n.eligible is False for n in low)
    assert decision.awards.count() == Certificate.objects.filter(award__decision=decision).count()


def test_the_2023_titles_in_histories_respect_the_cap_and_pay_under_decree_98(demo):
    records = list(AwardRecord.objects.filter(year=2023, decision_number__endswith="QĐ-UBND"))
    by_code: dict[str, list[AwardRecord]] = {}
    for r in records:
        by_code.setdefault(r.title_code, []).append(r)
    assert {"LAO_DONG_TIEN_TIEN", "CSTD_CO_SO", "TAP_THE_LDTT", "TAP_THE_LDXS"} <= set(by_code)
    # Nghị định 98/2023 Điều 55: base salary 1.800.000 đồng from 01/07/2023 (Nghị định
    # 24/2023), coefficients 0,3 (LĐTT), 1,0 (CSTĐ cơ sở), 0,8 (Tập thể LĐTT), 1,5 (Tập thể LĐXS).
    base = 1_800_000
    for code, coefficient in (
        ("LAO_DONG_TIEN_TIEN", Fraction(3, 10)),
        ("CSTD_CO_SO", Fraction(1)),
        ("TAP_THE_LDTT", Fraction(8, 10)),
        ("TAP_THE_LDXS", Fraction(15, 10)),  # the province's, entered from its decision
    ):
        assert {r.amount for r in by_code[code]} == {int(base * coefficient)}, code
    # Chiến sĩ thi đua cơ sở ≤ 15 % of the unit's Lao động tiên tiến of the year (rounded down)
    ldtt: dict[int, int] = {}
    for r in by_code["LAO_DONG_TIEN_TIEN"]:
        ldtt[r.unit_id] = ldtt.get(r.unit_id, 0) + 1
    cstd: dict[int, int] = {}
    for r in by_code["CSTD_CO_SO"]:
        cstd[r.unit_id] = cstd.get(r.unit_id, 0) + 1
    assert all(n <= ldtt.get(unit, 0) * 15 // 100 for unit, n in cstd.items()), (cstd, ldtt)


def test_the_history_api_shows_the_four_titles_across_years(demo, client):
    _, raw = api_token_create(user=_user("noivu"), name="kiểm tra")
    auth = {"Authorization": f"Bearer {raw}"}
    seen: set[tuple[int, str]] = set()
    cstd = AwardRecord.objects.filter(year=2023, title_code="CSTD_CO_SO").first()
    best = AwardRecord.objects.filter(year=2023, title_code="TAP_THE_LDXS").first()
    for path in (f"/api/v1/people/{cstd.person_id}/awards", f"/api/v1/units/{best.unit_id}/awards"):
        response = client.get(path, headers=auth)
        assert response.status_code == 200, response.content
        for entry in response.json():
            seen.add((entry["year"], entry["title_code"]))
            assert entry["decision_number"] and entry["decision_date"]
    assert {(2023, "LAO_DONG_TIEN_TIEN"), (2023, "CSTD_CO_SO")} <= seen
    assert {(2023, "TAP_THE_LDTT"), (2023, "TAP_THE_LDXS")} <= seen


def test_the_history_api_answers_for_every_person_and_unit(demo, client):
    """Issue 16, "what must be shown": every person and unit of the demo has an answer at the
    history endpoints, each entry with its decision; nobody's history is empty."""
    _, raw = api_token_create(user=_user("quantri"), name="kiểm tra")
    auth = {"Authorization": f"Bearer {raw}"}
    people = list(Person.objects.values_list("pk", flat=True))
    units = list(Unit.objects.values_list("pk", flat=True))
    titled = 0
    for kind, pks in (("people", people), ("units", units)):
        for pk in pks:
            response = client.get(f"/api/v1/{kind}/{pk}/awards", headers=auth)
            assert response.status_code == 200, (kind, pk, response.content)
            rows = response.json()
            assert rows or kind == "units", (kind, pk)
            for r in rows:
                assert r["decision_number"] and r["decision_date"] and r["issuer"], r
            titled += any(r["year"] == 2023 for r in rows)
    assert titled > len(people) // 2


def test_demo_people_carry_the_priority_groups_and_2023_titles_show_each_share(demo):
    """Person.direct_worker and remote_area are set from post and place, so /theo-doi/'s
    coverage shows real shares, not zeros."""
    people = Person.objects.all()
    total = people.count()
    for group in (
        people.filter(gender="female"),
        people.filter(direct_worker=True),
        people.filter(remote_area=True),
        people.exclude(ethnicity__in=["", "Kinh"]),
    ):
        assert 0.1 * total < group.count() < 0.95 * total, (str(group.query), total)
    rows = [r for r in priority_coverage(_user("quantri"), years=[2023]) if r.kind == "title"]
    assert rows and sum(r.total for r in rows) >= 100
    for r in rows:
        assert all(0 < count < r.total for _key, _label, count in r.groups), r
