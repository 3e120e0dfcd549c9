"""Build the demo world. Idempotent: running it twice changes nothing the second time."""

import random

from django.contrib.auth import get_user_model
from django.db import transaction

from thidua.core import twofactor
from thidua.core.services import audit_record
from thidua.demo import org_data as d
from thidua.org.enums import Role, UnitKind
from thidua.org.models import Person, Unit
from thidua.org.services import person_derive, role_grant, unit_create

PEOPLE_PER_KIND = {
    UnitKind.TOWNSHIP: 18, UnitKind.COMMUNE: 16, UnitKind.AGENCY: 7, UnitKind.PUBLIC_SERVICE: 12,
    UnitKind.PEOPLES_COMMITTEE: 5, UnitKind.MASS_ORGANISATION: 4,
}  # fmt: skip


def _unit(code, name, kind, parent=None, gso="", position=0, **dates) -> Unit:
    existing = Unit.objects.filter(code=code).first()
    if existing:
        return existing
    return unit_create(
        actor=None,
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        gso_code=gso,
        position=position,
        **dates,
    )


def build_units() -> dict[str, Unit]:
    code, name, kind, gso = d.PROVINCE
    units = {code: _unit(code, name, kind, gso=gso)}
    code, name, kind, gso = d.DISTRICT
    district = _unit(code, name, kind, parent=units["CB"], gso=gso, valid_to=d.DISTRICT_END)
    units[code] = district
    for i, (code, name, kind) in enumerate(d.DISTRICT_BODIES):
        units[code] = _unit(
            code, name, kind, parent=district, position=i + 1, valid_to=d.DISTRICT_END
        )
    for i, (gso, name, kind) in enumerate(d.COMMUNES):
        code = f"X{gso}"
        units[code] = _unit(
            code, name, kind, parent=district, gso=gso, position=100 + i, valid_to=d.DISTRICT_END
        )
    return units


def _weighted(rng: random.Random, pairs):
    names, weights = zip(*pairs, strict=True)
    return rng.choices(names, weights=weights)[0]


def generate_name(rng: random.Random, gender: str) -> str:
    return " ".join(
        [
            _weighted(rng, d.FAMILY_NAMES),
            rng.choice(d.MIDDLE_NAMES[gender]),
            rng.choice(d.GIVEN_NAMES[gender]),
        ]
    )


def _positions_for(kind: str):
    if kind in UnitKind.commune_level():
        return d.COMMUNE_POSITIONS
    if kind == UnitKind.PUBLIC_SERVICE:
        return d.SERVICE_POSITIONS
    return d.AGENCY_POSITIONS


def build_people(units: dict[str, Unit], seed: int = 2023) -> int:
    """About 400 people with generated names; codes are stable so reruns add nothing."""
    rng = random.Random(seed)
    existing = set(Person.objects.values_list("code", flat=True))
    new: list[Person] = []
    for unit in units.values():
        count = PEOPLE_PER_KIND.get(unit.kind, 0)
        positions = _positions_for(unit.kind)
        for i in range(count):
            gender = rng.choice(["male", "female"])
            position, category = positions[i] if i < len(positions) else rng.choice(positions)
            person = Person(
                code=f"{unit.code}-{i + 1:03d}",
                full_name=generate_name(rng, gender),
                gender=gender,
                position=position,
                unit=unit,
                category=category,
                birth_year=rng.randint(1965, 1998),
                ethnicity=_weighted(rng, d.ETHNICITIES),
                # priority groups (records.selectors.priority_coverage), from the post and
                # the place, so the generated names stay as they were
                direct_worker=category in d.DIRECT_CATEGORIES or "Quân sự" in position,
                remote_area=unit.kind == UnitKind.COMMUNE,
            )
            if person.code not in existing:
                person_derive(person)
                new.append(person)
    Person.objects.bulk_create(new, batch_size=500)
    return len(new)


def build_accounts(units: dict[str, Unit]) -> list[dict]:
    User = get_user_model()
    out = []
    for username, full_name, role, unit_code, purpose in d.ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            family, _, given = full_name.rpartition(" ")
            user = User.objects.create_user(
                username=username,
                password=d.DEMO_PASSWORD,
                first_name=given,
                last_name=family,
                email=f"{username}@nguyenbinh.example.vn",
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
        role_grant(actor=None, user=user, role=role, unit=units[unit_code])
        if username in d.DEMO_TWO_FACTOR:
            twofactor.totp_enrol_demo(
                user=user,
                secret_hex=twofactor.secret_from_base32(d.DEMO_TOTP_SECRET),
                unit_id=units[unit_code].pk,
            )
        out.append(
            {
                "username": username,
                "password": d.DEMO_PASSWORD,
                "role": Role(role).label,
                "purpose": purpose,
            }
        )
    return out


@transaction.atomic
def demo_build() -> dict:
    units = build_units()
    created = build_people(units)
    accounts = build_accounts(units)
    if created:
        audit_record(
            actor=None, action="org.demo.build", note=f"Tạo dữ liệu mẫu: {created} cá nhân"
        )
    return {"units": len(units), "people_created": created, "accounts": accounts}
