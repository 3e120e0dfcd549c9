"""Who may see and do what with indicators, tasks, ratings and discipline.

Frameworks: seen by anyone whose roles reach the organiser or a scored unit; built,
appraised, published and imported by the secretariat (or an administrator) over the
organiser. An assessment: seen by whoever reaches its unit or runs the framework;
self-assessed by the unit's focal point (or the secretariat); appraised by the secretariat.
Tasks: reported by the unit's focal point, assigned and confirmed by the secretariat over the
assigning body. Ratings and discipline: read with the person, written by the secretariat.
"""

import rules

from thidua.indicators.enums import AssessmentState
from thidua.indicators.models import Assessment, DisciplineRecord, Framework, Task
from thidua.org.enums import Role
from thidua.org.models import Person
from thidua.org.rules import PEOPLE_EDITORS
from thidua.org.scope import user_scope


def _subject_units(framework: Framework):
    cached = getattr(framework, "_subject_units", None)
    if cached is None:
        cached = [a.unit for a in framework.assessments.select_related("unit")]
        framework._subject_units = cached
    return cached


@rules.predicate
def runs_framework(user, framework: Framework) -> bool:
    return user_scope(user).covers(framework.issuer, Role.managing())


def _responsible_units(framework: Framework):
    cached = getattr(framework, "_responsible_units", None)
    if cached is None:
        from thidua.indicators.models import ComponentAssignment

        cached = [
            a.unit
            for a in ComponentAssignment.objects.filter(node__framework=framework).select_related(
                "unit"
            )
        ]
        framework._responsible_units = cached
    return cached


@rules.predicate
def sees_framework(user, framework: Framework) -> bool:
    """The organiser's people, the scored units' and the units answering for a component."""
    scope = user_scope(user)
    if scope.covers(framework.issuer):
        return True
    if any(scope.covers(u) for u in _subject_units(framework)):
        return True
    return any(scope.covers(u) for u in _responsible_units(framework))


@rules.predicate
def runs_assessment(user, assessment: Assessment) -> bool:
    return runs_framework(user, assessment.framework)


@rules.predicate
def sees_assessment(user, assessment: Assessment) -> bool:
    return user_scope(user).covers(assessment.unit) or runs_assessment(user, assessment)


@rules.predicate
def acts_for_unit(user, assessment: Assessment) -> bool:
    return user_scope(user).covers(assessment.unit, PEOPLE_EDITORS)


@rules.predicate
def unit_may_edit(user, assessment: Assessment) -> bool:
    return assessment.state in AssessmentState.unit_editable()


@rules.predicate
def is_submitted(user, assessment: Assessment) -> bool:
    return assessment.state in AssessmentState.appraisable()


@rules.predicate
def is_manager(user) -> bool:
    return user_scope(user).has_role(*Role.managing())


@rules.predicate
def runs_task(user, task: Task) -> bool:
    return user_scope(user).covers(task.issuer, Role.managing())


@rules.predicate
def sees_task(user, task: Task) -> bool:
    return user_scope(user).covers(task.unit) or runs_task(user, task)


@rules.predicate
def reports_task(user, task: Task) -> bool:
    return user_scope(user).covers(task.unit, PEOPLE_EDITORS)


def _person_of(obj) -> Person | None:
    if isinstance(obj, Person):
        return obj
    if isinstance(obj, DisciplineRecord):
        return obj.person
    return None


@rules.predicate
def manages_person(user, obj) -> bool:
    person = _person_of(obj)
    return person is not None and user_scope(user).covers(person.unit, Role.managing())


@rules.predicate
def sees_person(user, obj) -> bool:
    person = _person_of(obj)
    return person is not None and user_scope(user).covers(person.unit)


rules.add_perm("indicators.view_framework", sees_framework | runs_framework)
rules.add_perm("indicators.change_framework", runs_framework)
rules.add_perm("indicators.add_framework", is_manager)
rules.add_perm("indicators.view_assessment", sees_assessment)
rules.add_perm("indicators.self_assess", acts_for_unit & unit_may_edit)
rules.add_perm("indicators.appraise", runs_assessment & is_submitted)
rules.add_perm("indicators.publish", runs_framework)
rules.add_perm("indicators.view_task", sees_task)
rules.add_perm("indicators.report_task", reports_task)
rules.add_perm("indicators.change_task", runs_task)
rules.add_perm("indicators.add_task", is_manager)
rules.add_perm("indicators.view_staff_record", sees_person)
rules.add_perm("indicators.change_staff_record", manages_person)
rules.add_perm("indicators.import_staff_records", is_manager)
