"""The activity log in sentences, with before/after as readable fields."""

import datetime as dt

from django.urls import reverse

from tests.conftest import login
from thidua.core.audit_words import VERBS, readable, sentence
from thidua.org.services import person_update


def test_log_reads_as_sentences_with_readable_changes(client, world, secretariat, focal_a):
    person_update(actor=focal_a, person=world.person_a, position="Phó Chủ tịch UBND")
    page = login(client, secretariat).get(reverse("web:audit_log")).content.decode()
    body = page[page.index("<tbody>") :]
    assert "daumoi.a đã sửa thông tin cá nhân «Nguyễn Văn Hưởng»" in body
    assert "<b>Chức vụ</b>: Chủ tịch UBND → Phó Chủ tịch UBND" in body
    assert "org.person.update" not in body
    assert '<option value="org.person.update">Sửa thông tin cá nhân</option>' in page


def test_values_are_shown_for_people_not_as_codes_or_dicts():
    assert readable({"41": [7, True, 1, True]}) == "1 mục"
    assert readable(True) == "có" and readable(None) == "(trống)"
    assert readable("submitted") == "đã gửi"
    assert readable(["Xã Yên Lạc", "Xã Ca Thành"]) == "Xã Yên Lạc, Xã Ca Thành"
    assert readable(dt.date(2024, 1, 5)) == "05/01/2024"
    assert readable(1080000) == "1.080.000"
    assert (
        sentence("Nguyễn Văn A", "nominations.proposal.proposal_submit", "Xã Yên Lạc")
        == "Nguyễn Văn A đã gửi hồ sơ đề nghị «Xã Yên Lạc»"
    )
    assert sentence("", "x.y.z", "") == "Hệ thống đã thay đổi"
    assert all(v.startswith(("đã ", "chưa ")) for v in VERBS.values())
