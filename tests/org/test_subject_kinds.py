"""Subject kinds as one registry (issue 15, item 3): province, department, commune/ward,
agency, public-service unit, enterprise, cooperative, household, individual — and a kind is
added in one place (thidua.org.subject_kinds.KINDS)."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_unit
from thidua.campaigns.enums import SubjectType
from thidua.indicators import services as indicator_services
from thidua.indicators.enums import FrameworkKind, SubjectKind
from thidua.indicators.forms import FrameworkForm
from thidua.org.enums import UnitKind
from thidua.org.subject_kinds import KINDS, REGISTRY, kind_of_unit, unit_kinds_of

REQUIRED = {
    "province": "Tỉnh, thành phố trực thuộc trung ương",
    "department": "Sở, ban, ngành cấp tỉnh",
    "commune": "UBND cấp xã",
    "agency": "Cơ quan chuyên môn, đơn vị sự nghiệp",
    "public_service": "Đơn vị sự nghiệp công lập",
    "enterprise": "Doanh nghiệp",
    "cooperative": "Hợp tác xã",
    "household": "Hộ gia đình",
    "individual": "Cá nhân",
}


def test_the_registry_holds_every_kind_the_office_needs():
    assert {code: REGISTRY[code].label for code in REQUIRED} == REQUIRED
    assert len({k.code for k in KINDS}) == len(KINDS)
    assert {k.subject_type for k in KINDS} <= set(SubjectType.values)
    assert REGISTRY["household"].subject_type == SubjectType.HOUSEHOLD
    assert REGISTRY["individual"].subject_type == SubjectType.INDIVIDUAL


def test_every_unit_kind_belongs_to_exactly_one_subject_kind():
    covered = [uk for k in KINDS for uk in k.unit_kinds]
    assert sorted(covered) == sorted(UnitKind.values)


@pytest.mark.parametrize(
    "unit_kind,subject",
    [
        (UnitKind.WARD, "commune"),
        (UnitKind.COMMUNE, "commune"),
        (UnitKind.PROVINCE, "province"),
        (UnitKind.DEPARTMENT, "department"),
        (UnitKind.ENTERPRISE, "enterprise"),
        (UnitKind.COOPERATIVE, "cooperative"),
        (UnitKind.PUBLIC_SERVICE, "public_service"),
    ],
)
def test_kind_of_a_unit(db, unit_kind, subject):
    outside = (
        {"tax_code": "4800123456", "address": "Tổ 1, Nguyên Bình", "representative": "Nông Văn Tú"}
        if unit_kind in UnitKind.outside_state()
        else {}
    )
    unit = make_unit(f"Đơn vị {unit_kind}", kind=unit_kind, **outside)
    assert kind_of_unit(unit) == subject
    assert unit_kind in unit_kinds_of(subject)


def test_indicator_frameworks_take_the_registrys_kinds(world, secretariat):
    """A province's own index on its departments, and on enterprises, is now possible."""
    form = FrameworkForm(issuers=[world.province])
    offered = dict(form.fields["subject_kind"].choices)
    assert {code: offered[code] for code in REQUIRED} == REQUIRED
    framework = indicator_services.framework_create(
        actor=secretariat, issuer=world.province, kind=FrameworkKind.PAR_INDEX,
        subject_kind=SubjectKind.DEPARTMENT, year=2026, name="Chỉ số CCHC các sở năm 2026",
    )  # fmt: skip
    assert framework.get_subject_kind_display() == "Sở, ban, ngành cấp tỉnh"
    with pytest.raises(ValidationError):
        indicator_services.framework_create(
            actor=secretariat, issuer=world.province, kind=FrameworkKind.PAR_INDEX,
            subject_kind="galaxy", year=2026, name="Không hợp lệ",
        )  # fmt: skip
