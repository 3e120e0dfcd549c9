import factory
from django.contrib.auth import get_user_model

from thidua.org.enums import Gender, StaffCategory, UnitKind
from thidua.org.models import Person, Unit
from thidua.org.services import person_create, unit_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-nghiem")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


_unit_seq = iter(range(1, 10**9))
_person_seq = iter(range(1, 10**9))


def make_unit(
    name: str | None = None,
    *,
    parent: Unit | None = None,
    kind: str = UnitKind.COMMUNE,
    code: str | None = None,
    **extra,
) -> Unit:
    """Units go through the service so paths and keys are what production computes."""
    n = next(_unit_seq)
    return unit_create(
        actor=None,
        code=code or f"U{n:05d}",
        name=name or f"Xã Thử {n}",
        kind=kind,
        parent=parent,
        **extra,
    )


def make_person(unit: Unit, full_name: str | None = None, **extra) -> Person:
    n = next(_person_seq)
    fields = {
        "code": f"P{n:06d}",
        "full_name": full_name or f"Nguyễn Văn Thử {n}",
        "gender": Gender.MALE,
        "category": StaffCategory.CONG_CHUC,
    } | extra
    return person_create(actor=None, unit=unit, **fields)
