"""The year's results as the leader reads them: the awards of issued decisions within the
reader's reach, by level (the issuing authority), by form and by priority group, for one
campaign year. One query whatever the number of awards, decisions or years.

Priority groups come from what the person records hold: women (Person.gender), ethnic
minorities (Person.ethnicity other than Kinh), direct workers (Person.direct_worker) and those
serving in remote and border areas (Person.remote_area). The last two are yes/no fields that
default to no, so an unticked record counts as outside the group.
"""

from collections import Counter
from dataclasses import dataclass, field

from thidua.awards import selectors as award_selectors
from thidua.campaigns.enums import SubjectType
from thidua.core.text import search_key
from thidua.org.enums import Gender, Role, UnitKind
from thidua.org.scope import user_scope

LEVELS = {
    UnitKind.PROVINCE: "Cấp tỉnh",
    UnitKind.DISTRICT: "Cấp huyện",
    UnitKind.COMMUNE: "Cấp xã",
    UnitKind.WARD: "Cấp xã",
    UnitKind.TOWNSHIP: "Cấp xã",
}
OTHER_LEVEL = "Thủ trưởng cơ quan, đơn vị"
LEVEL_ORDER = ["Cấp tỉnh", "Cấp huyện", "Cấp xã", OTHER_LEVEL]
MAJORITY = "kinh"
WOMEN = "Nữ"
MINORITIES = "Người dân tộc thiểu số"
DIRECT_WORKERS = "Người trực tiếp sản xuất, lao động, chiến đấu"
REMOTE_AREAS = "Người công tác ở vùng sâu, vùng xa, biên giới, hải đảo"


@dataclass
class YearResults:
    year: int | None
    years: list[int] = field(default_factory=list)
    total: int = 0
    collectives: int = 0
    individuals: int = 0
    by_level: list[tuple[str, int]] = field(default_factory=list)
    by_form: list[tuple[str, int]] = field(default_factory=list)
    # (group, awarded individuals in it); the share is of `individuals`.
    by_group: list[tuple[str, int]] = field(default_factory=list)
    ethnicity_unknown: int = 0

    def share(self, n: int) -> int:
        return round(100 * n / self.individuals) if self.individuals else 0


# Who reads the district's results: those who run or oversee its commendation (a focal officer
# reads its own unit's awards on the unit's pages).
READERS = {Role.SECRETARIAT, Role.ADMIN, Role.COUNCIL_CHAIR, Role.COUNCIL_MEMBER, Role.OBSERVER}


def reads_results(user) -> bool:
    return user_scope(user).has_role(*READERS)


def year_results(user, year: int | None = None) -> YearResults:
    """The awards of the campaigns of `year` (the latest year with an issued decision when
    None or unknown) issued by units within the user's reach."""
    scope = user_scope(user)
    if scope.is_empty:
        return YearResults(year=None)
    rows = award_selectors.issued_award_tallies(scope)
    years = sorted({r["decision__campaign__year"] for r in rows}, reverse=True)
    if year not in years:
        year = years[0] if years else None
    out = YearResults(year=year, years=years)
    levels: Counter = Counter()
    forms: Counter = Counter()
    women = minorities = direct = remote = 0
    for r in rows:
        if r["decision__campaign__year"] != year:
            continue
        n = r["n"]
        out.total += n
        levels[LEVELS.get(r["decision__issuer__kind"], OTHER_LEVEL)] += n
        subject = SubjectType(r["subject_type"]).label.lower()
        forms[f"{r['award_form__name']} ({subject})"] += n
        if r["subject_type"] != SubjectType.INDIVIDUAL or r["person__gender"] is None:
            out.collectives += n
            continue
        out.individuals += n
        if r["person__gender"] == Gender.FEMALE:
            women += n
        if r["person__direct_worker"]:
            direct += n
        if r["person__remote_area"]:
            remote += n
        ethnicity = search_key(r["person__ethnicity"] or "")
        if not ethnicity:
            out.ethnicity_unknown += n
        elif ethnicity != MAJORITY:
            minorities += n
    out.by_level = [(label, levels[label]) for label in LEVEL_ORDER if levels[label]]
    out.by_form = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))
    if out.individuals:
        out.by_group = [
            (WOMEN, women),
            (MINORITIES, minorities),
            (DIRECT_WORKERS, direct),
            (REMOTE_AREAS, remote),
        ]
    return out
