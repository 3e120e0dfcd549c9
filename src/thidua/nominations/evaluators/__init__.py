"""One evaluator per criterion kind (campaigns.enums.CriterionKind). To add a kind: add it to
the enum and its parameters to campaigns.criteria.PARAMS, write a module here with
`evaluate(criterion, subjects, ctx)`, register it below, and add its table test."""

from thidua.campaigns.enums import CriterionKind
from thidua.nominations.evaluators import (
    attested,
    awards_in_years,
    components_improved,
    consecutive_title,
    indicator_threshold,
    initiative_recognised,
    no_discipline,
    rating_at_least,
    registered_on_time,
    service_years,
    tasks_completed,
)

REGISTRY = {
    CriterionKind.ATTESTED: attested.evaluate,
    CriterionKind.TASKS_COMPLETED: tasks_completed.evaluate,
    CriterionKind.COMPONENTS_IMPROVED: components_improved.evaluate,
    CriterionKind.RATING_AT_LEAST: rating_at_least.evaluate,
    CriterionKind.NO_DISCIPLINE: no_discipline.evaluate,
    CriterionKind.REGISTERED_ON_TIME: registered_on_time.evaluate,
    CriterionKind.INDICATOR_THRESHOLD: indicator_threshold.evaluate,
    CriterionKind.CONSECUTIVE_TITLE: consecutive_title.evaluate,
    CriterionKind.AWARDS_IN_YEARS: awards_in_years.evaluate,
    CriterionKind.INITIATIVE_RECOGNISED: initiative_recognised.evaluate,
    CriterionKind.SERVICE_YEARS: service_years.evaluate,
}
