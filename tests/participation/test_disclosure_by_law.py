"""Which award forms the law asks to disclose before the council is dated rule data
(participation.DisclosureRequirement, seeded by migration): a list holding such a nominee may
be disclosed only «theo quy định của pháp luật», and the council is neither scheduled nor
opens its vote until such a disclosure covering every one of them has closed. The office's own
award forms stay free."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import login
from tests.fixtures.council import HELD_ON
from tests.participation.conftest import CLOSES, OPENS, at
from thidua.campaigns.models import AwardForm
from thidua.core.models import AuditLog
from thidua.council import services as council
from thidua.participation import selectors, services
from thidua.participation.enums import DisclosureBasis
from thidua.participation.models import DisclosureRequirement

pytestmark = pytest.mark.django_db


def _make_state_award(form, kind="HUAN_CHUONG"):
    AwardForm.objects.filter(pk=form.pk).update(legal_kind=kind)


@pytest.mark.parametrize("kind,day,required,basis", [
    ("HUAN_CHUONG", dt.date(2024, 3, 1), True, "Nghị định 98/2023/NĐ-CP, Điều 46 khoản 2"),
    ("HUAN_CHUONG", dt.date(2025, 7, 1), True, "Nghị định 152/2025/NĐ-CP, Điều 60 khoản 3"),
    ("DANH_HIEU_VINH_DU", dt.date(2025, 6, 30), True, "Nghị định 98/2023/NĐ-CP, Điều 46 khoản 2"),
    ("CSTD_TOAN_QUOC", dt.date(2026, 1, 5), True, "Nghị định 152/2025/NĐ-CP, Điều 60 khoản 3"),
    ("BANG_KHEN_THU_TUONG", dt.date(2026, 1, 5), False, None),
    ("CO_THI_DUA_CHINH_PHU", dt.date(2026, 1, 5), False, None),
    ("GIAY_KHEN_CHU_TICH_HUYEN", dt.date(2026, 1, 5), False, None),
    ("HUAN_CHUONG", dt.date(2023, 12, 31), False, None),  # before the seeded rows
])  # fmt: skip
def test_the_seeded_rows_say_which_forms_the_law_asks_to_disclose(kind, day, required, basis):
    rules = selectors.law_requirements(day)
    assert (kind in rules) is required
    if required:
        assert rules[kind].legal_basis.startswith(basis)


def test_the_duty_follows_the_data_not_the_code():
    day = dt.date(2026, 1, 5)
    assert "BANG_KHEN_THU_TUONG" not in selectors.law_requirements(day)
    DisclosureRequirement.objects.create(
        form_kind="BANG_KHEN_THU_TUONG", name="Bằng khen của Thủ tướng Chính phủ",
        legal_basis="Văn bản thử", valid_from=dt.date(2026, 1, 1),
    )  # fmt: skip
    assert selectors.law_requirements(day)["BANG_KHEN_THU_TUONG"].legal_basis == "Văn bản thử"
    # A newer row lifting the duty wins from its own date.
    DisclosureRequirement.objects.create(
        form_kind="HUAN_CHUONG", name="Huân chương", by_law=False, legal_basis="Văn bản sau",
        valid_from=dt.date(2026, 1, 2),
    )  # fmt: skip
    assert "HUAN_CHUONG" not in selectors.law_requirements(day)
    assert "HUAN_CHUONG" in selectors.law_requirements(dt.date(2026, 1, 1))


def test_a_state_award_on_the_list_bars_the_council_until_disclosed_by_law(
    nominees, forms, board, campaign, secretariat
):
    _collective, individual = forms
    _make_state_award(individual)
    _cols, inds = nominees
    with pytest.raises(ValidationError) as refused:
        council.session_create(
            actor=secretariat, council=board.council, campaign=campaign, held_on=HELD_ON,
            place="Hội trường",
        )  # fmt: skip
    message = refused.value.message_dict["held_on"][0]
    assert message.startswith(
        "Theo Nghị định 98/2023/NĐ-CP, Điều 46 khoản 2, danh sách đề nghị Huân chương các loại, "
        "các hạng phải được công khai lấy ý kiến nhân dân trước khi Hội đồng họp"
    )
    for n in inds:
        assert n.display_name in message
    assert "Mở đợt công khai «Theo quy định của pháp luật»" in message
    # The office may not disclose such a list by its own choice (a shorter window).
    with pytest.raises(ValidationError) as office:
        services.disclosure_open(
            actor=secretariat, campaign=campaign, opens_on=OPENS, closes_on=dt.date(2024, 1, 5),
            basis=DisclosureBasis.OFFICE, today=OPENS,
        )  # fmt: skip
    assert office.value.message_dict["basis"] == [
        "Danh sách có 3 tập thể, cá nhân được đề nghị Huân chương các loại, các hạng: theo "
        "Nghị định 98/2023/NĐ-CP, Điều 46 khoản 2, phải công khai theo quy định của pháp luật "
        "(chọn căn cứ «Theo quy định của pháp luật»)."
    ]
    services.disclosure_open(
        actor=secretariat, campaign=campaign, opens_on=OPENS, closes_on=CLOSES,
        basis=DisclosureBasis.LAW, today=OPENS,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="đến hết ngày 16/01/2024"):
        council.session_create(
            actor=secretariat, council=board.council, campaign=campaign, held_on=CLOSES,
            place="Hội trường",
        )  # fmt: skip
    session = council.session_create(
        actor=secretariat, council=board.council, campaign=campaign, held_on=HELD_ON,
        place="Hội trường",
    )  # fmt: skip
    assert session.held_on == HELD_ON


def test_voting_does_not_open_on_a_state_award_nominee_left_out_of_the_disclosure(
    session, board, forms, nominees, secretariat
):
    """The list was set on the office's own forms; one form is then found to be a huân
    chương: the vote is refused until a disclosure by law has covered its nominees."""
    _collective, individual = forms
    council.attendance_set(actor=secretariat, session=session, present=board.members[:8])
    _make_state_award(individual)
    before = AuditLog.objects.filter(action="council.session.open_voting").count()
    with pytest.raises(ValidationError, match="chưa được công khai theo quy định") as refused:
        council.session_open_voting(actor=secretariat, session=session, now=at(HELD_ON))
    assert nominees[1][0].display_name in refused.value.messages[0]
    assert nominees[0][0].display_name not in refused.value.messages[0]  # a giấy khen: free
    assert AuditLog.objects.filter(action="council.session.open_voting").count() == before


def test_the_screen_names_the_forms_the_law_asks_to_disclose(client, campaign, secretariat):
    login(client, secretariat)
    page = client.get(reverse("web:disclosures")).content.decode()
    assert "Phải công khai theo quy định của pháp luật (ít nhất 10 ngày làm việc" in page
    assert "Huân chương các loại, các hạng (Nghị định 152/2025/NĐ-CP, Điều 60 khoản 3)" in page
    assert "Bằng khen của Thủ tướng Chính phủ" not in page  # its flag is off
