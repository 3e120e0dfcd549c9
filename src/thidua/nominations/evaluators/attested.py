"""The unit attests the criterion with evidence; a person still judges it."""

from thidua.nominations.enums import Outcome

# Three possible verdicts, each made once and shared by every nominee that gets it.
UNATTESTED = (Outcome.NEEDS_REVIEW, "Đơn vị chưa xác nhận tiêu chí này trong báo cáo thành tích.")
NO_EVIDENCE = (Outcome.NEEDS_REVIEW, "Đơn vị xác nhận đạt nhưng chưa có tài liệu minh chứng.")
ATTESTED = (Outcome.MET, "Đơn vị xác nhận đạt, có tài liệu minh chứng.")


def evaluate(criterion, subjects, ctx):
    answers = ctx.answers
    pk = criterion.pk
    out = {}
    for s in subjects:
        answer = answers.get((s.nominee_id, pk))
        if answer is None or not answer.attested:
            out[s.nominee_id] = UNATTESTED
        elif not answer.has_evidence:
            out[s.nominee_id] = NO_EVIDENCE
        else:
            out[s.nominee_id] = ATTESTED
    return out
