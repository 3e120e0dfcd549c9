import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tests.conftest import _persona
from thidua.core.models import AuditLog, Notification
from thidua.distribution import selectors, services
from thidua.distribution.enums import DocumentKind
from thidua.org.enums import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def sent(world, secretariat, focal_a, focal_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.document_distribute(
            actor=secretariat,
            kind=DocumentKind.MINUTES,
            title="Biên bản họp Hội đồng",
            reference="02/BB-HĐTĐKT",
            units=[world.commune_a, world.commune_b],
            sender_unit=world.district,
            file=("bien-ban.pdf", PDF),
        )


def test_each_recipient_unit_gets_it_in_its_inbox_and_by_email(sent, focal_a, focal_b):
    assert sent.file.read() == PDF and sent.file_name == "bien-ban.pdf"
    assert [d.distribution_id for d in selectors.inbox_for(focal_a)] == [sent.pk]
    assert [d.unit.name for d in selectors.inbox_for(focal_b)] == ["Xã Ca Thành"]
    assert sorted(m.to[0] for m in mail.outbox) == ["daumoi.a@example.vn", "daumoi.b@example.vn"]
    assert Notification.objects.get(user=focal_a).title == "Văn bản đến: Biên bản số 02/BB-HĐTĐKT"


def test_the_inbox_shows_each_unit_only_its_own_documents(world, secretariat, focal_a, focal_b):
    only_b = services.document_distribute(
        actor=secretariat,
        kind=DocumentKind.OTHER,
        title="Chỉ cho xã Ca Thành",
        units=[world.commune_b],
        sender_unit=world.district,
        file=("a.pdf", PDF),
    )
    assert list(selectors.inbox_for(focal_a)) == []
    delivery = selectors.inbox_for(focal_b).get()
    assert delivery.distribution == only_b
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.delivery_get_for(focal_a, delivery.pk)
    # The district's secretariat reaches commune B but it is not commune B's inbox.
    assert list(selectors.inbox_for(secretariat)) == []


def test_read_receipts_record_the_first_opening_by_the_unit(sent, world, secretariat, focal_a):
    second_a = _persona("vanthu.a", Role.FOCAL_POINT, world.commune_a)
    delivery = selectors.inbox_for(focal_a).get()
    services.delivery_open(user=secretariat, delivery=delivery)  # the sender previewing
    delivery.refresh_from_db()
    assert delivery.opened_at is None
    services.delivery_open(user=focal_a, delivery=delivery)
    first = delivery.opened_at
    services.delivery_open(user=second_a, delivery=selectors.inbox_for(second_a).get())
    delivery.refresh_from_db()
    assert (delivery.opened_by, delivery.opened_at) == (focal_a, first)
    dist = selectors.sent_for(secretariat).get()
    assert (dist.recipients, dist.opened) == (2, 1)
    rows = [(d.unit.name, d.opened_by) for d in selectors.deliveries_of(dist)]
    assert sorted(rows, key=lambda r: r[0]) == [("Xã Ca Thành", None), ("Xã Yên Lạc", focal_a)]
    assert AuditLog.objects.filter(action="communication.document.open").count() == 1


def test_sending_the_same_source_twice_adds_only_new_units(world, secretariat):
    first = services.document_distribute(
        actor=secretariat,
        kind=DocumentKind.DECISION,
        title="QĐ",
        units=[world.commune_a],
        sender_unit=world.district,
        url="/quyet-dinh/1/",
        source="awards.decision:1",
    )
    again = services.document_distribute(
        actor=secretariat,
        kind=DocumentKind.DECISION,
        title="QĐ",
        units=[world.commune_a, world.commune_b],
        sender_unit=world.district,
        url="/quyet-dinh/1/",
        source="awards.decision:1",
    )
    assert again.pk == first.pk
    assert sorted(again.deliveries.values_list("unit__name", flat=True)) == [
        "Xã Ca Thành",
        "Xã Yên Lạc",
    ]


def test_only_managers_see_what_was_sent(sent, focal_a, editor, observer):
    for user in (focal_a, editor, observer):
        assert list(selectors.sent_for(user)) == []


def test_nothing_to_send_or_nobody_to_send_to_is_refused(world, secretariat):
    with pytest.raises(ValidationError):
        services.document_distribute(
            actor=secretariat,
            kind=DocumentKind.PLAN,
            title="x",
            units=[],
            sender_unit=world.district,
            url="/x",
        )
    with pytest.raises(ValidationError):
        services.document_distribute(
            actor=secretariat,
            kind=DocumentKind.PLAN,
            title="x",
            units=[world.commune_a],
            sender_unit=world.district,
        )


def test_a_published_plan_is_sent_to_its_participants(world, secretariat, focal_a):
    import datetime as dt

    from thidua.campaigns import services as cs

    campaign = cs.campaign_create(
        actor=secretariat,
        issuer=world.district,
        year=2023,
        title="Thi đua CCHC năm 2023",
        issuer_display="ỦY BAN NHÂN DÂN\nHUYỆN NGUYÊN BÌNH",
        place="Nguyên Bình",
        period_start=dt.date(2023, 1, 5),
        period_end=dt.date(2023, 12, 30),
    )
    cs.participants_set(actor=secretariat, campaign=campaign, units=[world.commune_a])
    with pytest.raises(ValidationError):
        cs.plan_distribute(actor=secretariat, campaign=campaign)
    campaign.state, campaign.doc_number = "published", "05"
    campaign.plan_pdf.save(
        "k.pdf", __import__("django.core.files.base").core.files.base.ContentFile(PDF), save=True
    )
    dist = cs.plan_distribute(actor=secretariat, campaign=campaign)
    assert (dist.kind, dist.reference, dist.file_name) == (
        "plan",
        "05/KH-UBND",
        "ke-hoach-05-kh-ubnd.pdf",
    )
    assert [d.distribution_id for d in selectors.inbox_for(focal_a)] == [dist.pk]
