from django.urls import reverse

from tests.conftest import login
from thidua.core.models import Notification
from thidua.core.services import notify


def test_a_user_reads_only_their_own_notifications_and_marks_them_read(
    client, world, focal_a, focal_b
):
    notify(users=[focal_a], title="Nhắc hạn: kế hoạch thi đua", url="/phong-trao/1/", email=False)
    notify(users=[focal_b], title="Thông báo riêng của xã Ca Thành", email=False)
    login(client, focal_a)
    page = client.get(reverse("web:notifications"))
    assert [n.title for n in page.context["page"]] == ["Nhắc hạn: kế hoạch thi đua"]
    assert "Thông báo riêng của xã Ca Thành" not in page.content.decode()
    assert page.context["unread_count"] == 1

    client.post(reverse("web:notifications_read"))
    assert Notification.objects.get(user=focal_a).read_at is not None
    assert Notification.objects.get(user=focal_b).read_at is None


def test_notifications_need_login(client, db):
    response = client.get(reverse("web:notifications"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
