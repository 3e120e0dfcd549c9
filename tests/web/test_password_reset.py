"""'Quên mật khẩu': a one-time link by e-mail, in Vietnamese."""

import re

from django.core import mail
from django.urls import reverse


def test_forgotten_password_by_email_round_trip(client, world, focal_a):
    focal_a.email = "daumoi.a@nguyenbinh.gov.vn"
    focal_a.save()
    login_page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}">Quên mật khẩu?' in login_page

    response = client.post(reverse("password_reset"), {"email": "daumoi.a@nguyenbinh.gov.vn"})
    assert response["Location"] == reverse("password_reset_done")
    assert "Kiểm tra hộp thư của bạn" in client.get(response["Location"]).content.decode()
    [message] = mail.outbox
    assert message.subject == "Đặt lại mật khẩu tài khoản thi đua – khen thưởng"
    assert "«daumoi.a»" in message.body
    link = re.search(r"https?://[^/]+(/dat-lai-mat-khau/\S+)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Hoa-sen-vang-2024", "new_password2": "Hoa-sen-vang-2024"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    focal_a.refresh_from_db()
    assert focal_a.check_password("Hoa-sen-vang-2024")
    # the link is spent
    again = client.get(link, follow=True).content.decode()
    assert "không hợp lệ hoặc đã được dùng" in again


def test_unknown_address_sends_nothing_and_says_the_same(client, world, focal_a):
    response = client.post(reverse("password_reset"), {"email": "khong-co@example.vn"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_bad_address_is_refused_next_to_the_field(client, world):
    page = client.post(reverse("password_reset"), {"email": "không phải e-mail"}).content.decode()
    assert 'aria-describedby="id_email_errors"' in page
    assert 'id="id_email_errors" role="alert"' in page
    assert "<li>Nhập địa chỉ email.</li>" in page
