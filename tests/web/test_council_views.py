"""Council screens: the member's ballot, the secretary's console with its live count, results,
minutes — each with the persona that must be refused (404) while data that could leak exists,
and pinned query counts on the console and the results table."""

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.fixtures.council import AGREE, DISAGREE, cast
from thidua.council import services
from thidua.council.enums import SessionState
from thidua.council.models import BallotReceipt, SecretBallot
from thidua.council.sealing import unseal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def _url(name, *args):
    return reverse(f"web:{name}", args=args)


def _body(response) -> str:
    return response.content.decode()


def _ballot_data(session, choice=AGREE, skip=None) -> dict:
    return {f"item_{i.pk}": choice for i in session.items.all() if i.pk != skip}


PAGES = [
    ("council_session", ()),
    ("council_progress", ()),
    ("council_ballot", ()),
    ("council_results", ()),
    ("council_minutes", ("bien-ban-hop", "pdf")),
]


@pytest.mark.parametrize(("name", "extra"), PAGES)
def test_a_focal_point_is_refused_every_council_page_with_404(client, closed, focal_a, name, extra):
    login(client, focal_a)

    response = client.get(_url(name, closed.pk, *extra))

    assert response.status_code == 404
    assert "Xã Yên Lạc" not in _body(response)


@pytest.mark.parametrize("action", ["mo-bo-phieu", "ket-thuc", "chuyen-ket-qua"])
def test_a_plain_member_cannot_run_the_session(client, voting, board, action):
    login(client, board.members[3].user)

    response = client.post(_url("council_action", voting.pk, action))

    assert response.status_code == 404
    voting.refresh_from_db()
    assert voting.state == SessionState.VOTING


def test_member_votes_once_on_the_ballot_page(client, voting, board):
    member = board.members[2].user
    login(client, member)
    page = client.get(_url("council_ballot", voting.pk))
    body = _body(page)
    assert "Phiếu bầu kín" in body and body.count('type="radio"') == 2 * 7
    assert "Đặng Thị Bích Đào" in body

    response = client.post(_url("council_ballot", voting.pk), _ballot_data(voting), follow=True)

    assert "Phiếu của bạn đã được ghi nhận. Cảm ơn bạn." in _body(response)
    assert "Bạn đã bỏ phiếu trong phiên họp này." in _body(response)
    assert BallotReceipt.objects.filter(session=voting).count() == 1
    (sealed,) = SecretBallot.objects.values_list("sealed", flat=True)  # sealed until closing
    assert list(unseal(voting.pk, sealed).values()) == [AGREE] * 7
    again = client.post(_url("council_ballot", voting.pk), _ballot_data(voting, DISAGREE))
    assert services.ALREADY_VOTED in _body(again)
    assert SecretBallot.objects.count() == 1


def test_a_ballot_missing_a_choice_says_so_and_counts_nothing(client, voting, board):
    login(client, board.members[0].user)
    first = voting.items.first()

    response = client.post(_url("council_ballot", voting.pk), _ballot_data(voting, skip=first.pk))

    assert response.status_code == 200
    assert "Chọn Đồng ý hoặc Không đồng ý cho trường hợp này." in _body(response)
    assert BallotReceipt.objects.count() == 0 and SecretBallot.objects.count() == 0


def test_a_nonsense_choice_is_refused_in_vietnamese(client, voting, board):
    login(client, board.members[0].user)

    response = client.post(_url("council_ballot", voting.pk), _ballot_data(voting, "maybe"))

    assert "Chỉ chọn Đồng ý hoặc Không đồng ý." in _body(response)
    assert SecretBallot.objects.count() == 0


def test_voting_after_close_shows_closed_and_counts_nothing(client, closed, board):
    login(client, board.members[8].user)  # the absent member, after closing

    page = client.get(_url("council_ballot", closed.pk))
    response = client.post(_url("council_ballot", closed.pk), _ballot_data(closed))

    assert "Phiên họp đã kết thúc bỏ phiếu." in _body(page)
    assert services.NOT_VOTING in _body(response)
    assert BallotReceipt.objects.filter(member=board.members[8]).count() == 0


def test_secretary_does_not_get_a_ballot(client, voting, board):
    login(client, board.secretary.user)

    assert client.get(_url("council_ballot", voting.pk)).status_code == 404


def test_console_shows_the_live_count_not_the_choices(client, voting, board, secretariat):
    cast(voting, board.members[0], {})
    cast(voting, board.members[1], {})
    login(client, board.secretary.user)

    console = _body(client.get(_url("council_session", voting.pk)))
    partial = _body(client.get(_url("council_progress", voting.pk), HTTP_HX_REQUEST="true"))

    assert 'hx-trigger="every 3s"' in console
    assert '<span class="count" id="voted-count">2</span>' in partial
    assert '<span class="count" id="waiting-count">6</span>' in partial
    assert "Đồng ý" not in partial and "Không đồng ý" not in partial


def test_secretary_closes_voting_and_the_results_appear(client, voting, board, nominees):
    (c0, *_), _ = nominees
    for member in board.members[:8]:
        cast(voting, member, {})
    login(client, board.secretary.user)

    response = client.post(_url("council_action", voting.pk, "ket-thuc"), follow=True)

    body = _body(response)
    assert "Đã kết thúc bỏ phiếu; kết quả đã được tính." in body
    assert '<span class="badge info" id="session-state">Đã kết thúc bỏ phiếu</span>' in body
    # four collectives with 8 votes each, quota 2, no PAR index published: the earlier
    # submissions take the two places; the three individuals all fit in their quota of 3
    assert body.count('<span class="badge ok">Trong số lượng</span>') == 5
    assert body.count('<span class="badge">Ngoài số lượng</span>') == 2
    assert "Bằng phiếu tại ranh giới" not in body
    within = set(voting.items.filter(within_quota=True).values_list("nominee_id", flat=True))
    assert c0.pk in within


def test_chair_resolves_a_tie_from_the_console(client, voting, board, nominees):
    (c0, c1, c2, c3), _ = nominees
    from thidua.nominations.models import Nominee

    Nominee.objects.filter(pk__in=[c0.pk, c1.pk, c2.pk, c3.pk]).update(submitted_at=c0.submitted_at)
    for member in board.members[:8]:
        cast(voting, member, {})
    services.session_close_voting(actor=board.secretary.user, session=voting, par_index={})
    items = {i.nominee_id: i.pk for i in voting.items.all()}
    form_pk = c0.award_form_id
    login(client, board.chair.user)
    console = _body(client.get(_url("council_session", voting.pk)))
    assert "4 trường hợp bằng số phiếu tại ranh giới, còn 2 suất." in console

    wrong = client.post(
        _url("council_tie", voting.pk, form_pk),
        {"chosen": [items[c3.pk]], "reason": "Thành tích nổi bật"},
    )
    assert "Chọn đúng 2 trường hợp cho số lượng còn lại." in _body(wrong)

    response = client.post(
        _url("council_tie", voting.pk, form_pk),
        {"chosen": [items[c3.pk], items[c1.pk]], "reason": "Thành tích nổi bật"},
        follow=True,
    )

    assert "Đã ghi nhận quyết định của Chủ tịch Hội đồng." in _body(response)
    within = set(voting.items.filter(within_quota=True).values_list("nominee_id", flat=True))
    assert {c1.pk, c3.pk} <= within and c0.pk not in within


def test_a_member_who_is_not_chair_cannot_resolve_a_tie(client, closed, board, nominees):
    login(client, board.members[1].user)
    form_pk = nominees[0][0].award_form_id

    response = client.post(_url("council_tie", closed.pk, form_pk), {"chosen": [], "reason": "x"})

    assert response.status_code == 404


def test_minutes_pdf_and_docx_downloads(client, closed, board):
    login(client, board.members[4].user)

    pdf = client.get(_url("council_minutes", closed.pk, "bien-ban-hop", "pdf"))
    docx = client.get(_url("council_minutes", closed.pk, "bien-ban-kiem-phieu", "docx"))
    unknown = client.get(_url("council_minutes", closed.pk, "bien-ban-khac", "pdf"))

    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")
    assert docx.content[:2] == b"PK" and "attachment" in docx["Content-Disposition"]
    assert unknown.status_code == 404


def test_results_before_closing_are_404(client, voting, board):
    login(client, board.secretary.user)

    assert client.get(_url("council_results", voting.pk)).status_code == 404


def test_secretariat_creates_a_session_from_the_list(client, board, campaign, secretariat):
    login(client, secretariat)

    response = client.post(
        _url("council_sessions"),
        {
            "council": board.council.pk,
            "campaign": campaign.pk,
            "held_on": "2024-01-20",
            "starts_at": "08:00",
            "place": "Hội trường UBND huyện",
        },
        follow=True,
    )

    assert "Đã tạo phiên họp; hãy chọn nội dung xét và điểm danh." in _body(response)
    bad = client.post(
        _url("council_sessions"),
        {
            "council": board.council.pk,
            "campaign": campaign.pk,
            "held_on": "2022-01-20",
            "place": "Hội trường",
        },
    )
    assert "Ngày họp nằm ngoài thời gian hiệu lực của Hội đồng." in _body(bad)


def test_focal_point_sees_no_session_in_the_list(client, closed, focal_a):
    login(client, focal_a)

    body = _body(client.get(_url("council_sessions")))

    assert "Chưa có phiên họp nào." in body and "Tạo phiên họp" not in body


# Pinned query counts: 1 vs 3 nominees, same count ----------------------------------------------


@pytest.fixture
def sized(world, campaign, forms, rules, board, secretariat, nominees):
    def make(n: int):
        cols, _ = nominees
        s = services.session_create(
            actor=secretariat,
            council=board.council,
            campaign=campaign,
            held_on=board.council.valid_from.replace(year=2024),
            place="Hội trường",
        )
        services.agenda_set(actor=secretariat, session=s, nominees=cols[:n])
        services.attendance_set(actor=secretariat, session=s, present=board.members[:8])
        services.session_open_voting(actor=secretariat, session=s)
        for member in board.members[:8]:
            cast(s, member, {})
        services.session_close_voting(actor=secretariat, session=s, par_index={})
        return s

    return make


@pytest.mark.parametrize("count", [1, 3])
def test_results_table_query_count_does_not_grow(
    client, sized, board, count, django_assert_num_queries
):
    s = sized(count)
    login(client, board.secretary.user)

    # + 2 for each item's basis without recused members (recusals, roll call)
    with django_assert_num_queries(11):
        response = client.get(_url("council_results", s.pk))

    assert _body(response).count("data-nominee=") == count


@pytest.mark.parametrize("count", [1, 3])
def test_console_query_count_does_not_grow(client, sized, board, count, django_assert_num_queries):
    s = sized(count)
    login(client, board.secretary.user)

    # 13, and 1 for "one achievement, one award" (the award history; the forms' legal kinds
    # are a field of the forms now), and 2 for each item's basis without recused members,
    # 1 for the public's comments (participation), 1 for the issued minutes and their signatures
    with django_assert_num_queries(17):
        response = client.get(_url("council_session", s.pk))

    assert _body(response).count("data-nominee=") == count


def test_secretary_enters_a_paper_tally_on_the_console(
    client, session, board, nominees, forms, secretariat
):
    import datetime as dt
    from fractions import Fraction

    from thidua.council.enums import BallotType, Denominator

    _, individual = forms
    services.pass_rule_set(
        actor=secretariat,
        form_kind=individual.legal_kind,
        subject_type=individual.subject_type,
        ballot_type=BallotType.PAPER,
        denominator=Denominator.VALID_BALLOTS,
        threshold=Fraction(1, 2),
        strict=True,
        valid_from=dt.date(2024, 1, 1),
    )
    cols, inds = nominees
    services.agenda_set(actor=secretariat, session=session, nominees=cols + inds)
    services.attendance_set(actor=secretariat, session=session, present=board.members[:8])
    services.session_open_voting(actor=secretariat, session=session)
    login(client, board.secretary.user)
    items = {i.nominee_id: i.pk for i in session.items.filter(award_form=individual)}
    url = _url("council_paper", session.pk, individual.pk)
    prefix = f"p{individual.pk}"

    bad = client.post(
        url,
        {
            f"{prefix}-issued": "8",
            f"{prefix}-returned": "9",
            f"{prefix}-valid": "7",
            **{f"{prefix}-for_{pk}": "3" for pk in items.values()},
        },
    )
    assert "Số phiếu không hợp lý" in _body(bad)
    letters = client.post(url, {f"{prefix}-issued": "tám"})
    assert "Nhập một số nguyên." in _body(letters)
    assert session.paper_tallies.count() == 0

    ok = client.post(
        url,
        {
            f"{prefix}-issued": "8",
            f"{prefix}-returned": "8",
            f"{prefix}-valid": "8",
            **{f"{prefix}-for_{pk}": "5" for pk in items.values()},
        },
        follow=True,
    )

    assert "Đã nhập kết quả kiểm phiếu: Giấy khen của Chủ tịch UBND huyện." in _body(ok)
    assert sorted(
        session.items.filter(award_form=individual).values_list("paper_for", flat=True)
    ) == [5, 5, 5]


def test_an_absent_member_is_told_on_the_ballot_page_and_cannot_vote(client, voting, board):
    login(client, board.members[8].user)

    page = client.get(_url("council_ballot", voting.pk))
    response = client.post(_url("council_ballot", voting.pk), _ballot_data(voting))

    assert "Bạn không có mặt tại phiên họp theo danh sách điểm danh" in _body(page)
    assert 'id="ballot-form"' not in _body(page)
    assert services.ABSENT in _body(response)
    assert BallotReceipt.objects.count() == 0


def test_ids_that_cannot_exist_are_not_found(client, closed, board, nominees):
    login(client, board.secretary.user)
    form_pk = nominees[0][0].award_form_id

    for path in [
        _url("council_session", 10**30),
        _url("council_ballot", 10**25),
        _url("council_minutes", 10**30, "bien-ban-hop", "pdf"),
    ]:
        assert client.get(path).status_code == 404, path
    for path in [
        _url("council_paper", closed.pk, 10**30),
        _url("council_tie", 10**30, form_pk),
        _url("council_action", 10**30, "ket-thuc"),
    ]:
        assert client.post(path, {}).status_code == 404, path
