"""Subject kinds: who a campaign, an indicator framework or an award is about — a province, a
department, a commune or ward, an agency, a public-service unit, an enterprise, a cooperative,
a household, an individual. **A new kind plugs in here, in one place**: add one
`SubjectKindDef` to `KINDS` (and, when units of that kind are new, their `UnitKind`), then
`thidua makemigrations` (the choices of the fields that use it change). Everything else reads
the registry: `SubjectKind` (the choices of `indicators.Framework.subject_kind` and of its form),
`kind_of_unit` (which kind a unit is), `unit_kinds_of` (which units a kind covers), and
`SubjectKindDef.subject_type` (how the award is given: to a collective, a household or a
person; campaigns.enums.SubjectType).
"""

from dataclasses import dataclass, field

from django.db import models

from thidua.org.enums import UnitKind


@dataclass(frozen=True)
class SubjectKindDef:
    code: str  # stored in the database: never change it once used
    label: str  # Vietnamese, as shown in forms and titles
    subject_type: str = "collective"  # campaigns.enums.SubjectType value
    unit_kinds: tuple[str, ...] = field(default=())  # Unit.kind values this kind covers
    note: str = ""

    @property
    def enum_name(self) -> str:
        return self.code.upper()


KINDS: tuple[SubjectKindDef, ...] = (
    SubjectKindDef("province", "Tỉnh, thành phố trực thuộc trung ương",
                   unit_kinds=(UnitKind.PROVINCE,)),
    SubjectKindDef("department", "Sở, ban, ngành cấp tỉnh", unit_kinds=(UnitKind.DEPARTMENT,)),
    SubjectKindDef("district", "Cấp huyện", unit_kinds=(UnitKind.DISTRICT,),
                   note="Bỏ từ 01/07/2025 (chính quyền địa phương hai cấp); giữ cho số liệu cũ."),
    SubjectKindDef("commune", "UBND cấp xã",
                   unit_kinds=(UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP,
                               UnitKind.PEOPLES_COMMITTEE),
                   note="Xã, phường, đặc khu (và thị trấn trước 01/07/2025)."),
    SubjectKindDef("agency", "Cơ quan chuyên môn, đơn vị sự nghiệp",
                   unit_kinds=(UnitKind.AGENCY, UnitKind.MASS_ORGANISATION, UnitKind.COUNCIL,
                               UnitKind.OTHER)),
    SubjectKindDef("public_service", "Đơn vị sự nghiệp công lập",
                   unit_kinds=(UnitKind.PUBLIC_SERVICE,)),
    SubjectKindDef("enterprise", "Doanh nghiệp", unit_kinds=(UnitKind.ENTERPRISE,)),
    SubjectKindDef("cooperative", "Hợp tác xã", unit_kinds=(UnitKind.COOPERATIVE,)),
    SubjectKindDef("non_state", "Tổ chức ngoài khu vực nhà nước", unit_kinds=(UnitKind.NON_STATE,),
                   note="Hội, quỹ, tổ chức xã hội: cần địa chỉ và người đại diện."),
    SubjectKindDef("foreign_org", "Tổ chức nước ngoài",
                   unit_kinds=(UnitKind.FOREIGN_ORGANISATION,),
                   note="Khen thưởng đối ngoại: cần địa chỉ và người đại diện."),
    SubjectKindDef("household", "Hộ gia đình", subject_type="household"),
    SubjectKindDef("individual", "Cá nhân", subject_type="individual"),
)  # fmt: skip

REGISTRY: dict[str, SubjectKindDef] = {k.code: k for k in KINDS}

#: The kinds as Django choices (SubjectKind.AGENCY, SubjectKind("commune").label, …).
SubjectKind = models.TextChoices("SubjectKind", [(k.enum_name, (k.code, k.label)) for k in KINDS])

_BY_UNIT_KIND = {uk: k.code for k in KINDS for uk in k.unit_kinds}


def kind_of_unit(unit) -> str:
    """The subject kind of an organisation unit ("commune" for a ward)."""
    return _BY_UNIT_KIND.get(unit.kind, "agency")


def unit_kinds_of(code: str) -> tuple[str, ...]:
    """The Unit.kind values a subject kind covers (none for a household or a person)."""
    return REGISTRY[code].unit_kinds
