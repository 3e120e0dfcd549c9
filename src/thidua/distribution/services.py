"""Writes of the distribution app: send a document to units' inboxes, record an opening."""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thidua.core.services import audit_record, notify
from thidua.core.text import nfc, slugify_vi
from thidua.distribution.enums import DocumentKind
from thidua.distribution.models import Delivery, Distribution
from thidua.org.enums import Role
from thidua.org.models import RoleAssignment, Unit
from thidua.org.scope import user_scope


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def users_with_role_over(unit: Unit, roles: Iterable[str], *, exact: bool = False) -> list:
    """Active users holding one of the roles for the unit (or, unless `exact`, for a unit
    above it), today."""
    today = timezone.localdate()
    unit_ids = [unit.pk] if exact else [*unit.ancestor_ids, unit.pk]
    user_ids = (
        RoleAssignment.objects.filter(role__in=list(roles), unit_id__in=unit_ids)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values("user_id")
    )
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


def reference_slug(reference: str) -> str:
    """A document's number and symbol as a file name part: "25/QĐ-UBND" → "25-qd-ubnd"."""
    return slugify_vi(reference.replace("/", " "))


# Document distribution --------------------------------------------------------------------------


def _read_file(file) -> tuple[bytes, str]:
    """Bytes and base name of a FieldFile, a File or a (name, bytes) pair."""
    if isinstance(file, tuple):
        name, data = file
        return bytes(data), name
    name = getattr(file, "name", "") or "van-ban"
    storage = getattr(file, "storage", None)
    if storage is not None:  # a FieldFile: read the stored copy, leave the field's handle alone
        with storage.open(file.name, "rb") as fh:
            return fh.read(), name.rsplit("/", 1)[-1]
    file.seek(0)
    return file.read(), name.rsplit("/", 1)[-1]


@transaction.atomic
def document_distribute(
    *,
    actor,
    kind: str,
    title: str,
    units: Iterable[Unit],
    sender_unit: Unit,
    file=None,
    file_name: str = "",
    url: str = "",
    reference: str = "",
    campaign=None,
    source: str = "",
    notify_users: bool = True,
    sent_at: dt.datetime | None = None,
    external_sender: str = "",
) -> Distribution:
    """Send an issued document to each unit's inbox, and tell the units' users (in the app and
    by e-mail) unless the caller already did (`notify_users=False`).

    `file` is a FieldFile / File (copied now, so later changes do not alter what was sent) or a
    (name, bytes) pair; `url` links to the document inside the application instead or as well.
    With `source` ("awards.decision:12"), units already sent that source are not sent it twice;
    calling again adds only the new units. `external_sender` names the organisation outside the
    system a received document came from (`sender_unit` is then the unit that received it).
    Returns the distribution.
    """
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Loại văn bản không hợp lệ."})
    units = list({u.pk: u for u in units}.values())
    if not units:
        raise ValidationError("Chưa chọn đơn vị nhận.")
    if file is None and not url:
        raise ValidationError("Cần có tệp văn bản hoặc đường dẫn tới văn bản.")
    dist = None
    if source:
        dist = Distribution.objects.select_for_update().filter(source=source).first()
    created = dist is None
    if created:
        dist = Distribution(
            kind=kind,
            title=nfc(title or ""),
            reference=nfc(reference or ""),
            url=url,
            campaign=campaign,
            sender_unit=sender_unit,
            external_sender=nfc(external_sender),
            source=source,
            sent_by=_user(actor),
            sent_at=sent_at or timezone.now(),
        )
        if file is not None:
            data, name = _read_file(file)
            dist.file_name = file_name or name
            ext = dist.file_name.rsplit(".", 1)[-1].lower() if "." in dist.file_name else "bin"
            dist.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(data), save=False)
        dist.full_clean()
        dist.save()
    have = set(Delivery.objects.filter(distribution=dist).values_list("unit_id", flat=True))
    new_units = [u for u in units if u.pk not in have]
    Delivery.objects.bulk_create([Delivery(distribution=dist, unit=u) for u in new_units])
    audit_record(
        actor=actor,
        action="communication.document.distribute",
        obj=dist,
        unit_id=sender_unit.pk,
        after={"kind": kind, "units": [u.pk for u in new_units], "source": source},
    )
    if notify_users and new_units:
        users = {}
        for unit in new_units:
            for user in users_with_role_over(unit, Role.values, exact=True):
                users[user.pk] = user
        ref = f" số {dist.reference}" if dist.reference else ""
        notify(
            users=users.values(),
            title=f"Văn bản đến: {dist.get_kind_display()}{ref}",
            body=f"{dist.sender_name} gửi: {dist.title}",
            url="/van-ban-den/",
        )
    return dist


@transaction.atomic
def delivery_open(*, user, delivery: Delivery) -> Delivery:
    """Record that a user of the recipient unit opened the document; only the first opening is
    kept (who and when). Opening by anyone else (the sender previewing) records nothing."""
    if delivery.opened_at is not None:
        return delivery
    if delivery.unit_id not in {g.unit_id for g in user_scope(user).grants}:
        return delivery
    updated = Delivery.objects.filter(pk=delivery.pk, opened_at__isnull=True).update(
        opened_at=timezone.now(), opened_by=user
    )
    delivery.refresh_from_db(fields=["opened_at", "opened_by"])
    if updated:
        audit_record(
            actor=user, action="communication.document.open", obj=delivery, unit_id=delivery.unit_id
        )
    return delivery
