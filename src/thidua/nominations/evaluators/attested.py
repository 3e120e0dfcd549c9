"""The unit attests the criterion with evidence; a person still judges it."""

from thidua.nominations.enums import Outcome


def evaluate(criterion, subjects, ctx):
    out = {}
    for s in subjects:
        answer = ctx.answers.get((s.nominee_id, criterion.pk))
        if answer is None or not answer.attested:
            out[s.nominee_id] = (
                Outcome.NEEDS_REVIEW,
                "Đơn vị chưa xác nhận tiêu chí này trong báo cáo thành tích.",
            )
        elif not answer.has_evidence:
            out[s.nominee_id] = (
                Outcome.NEEDS_REVIEW,
                "Đơn vị xác nhận đạt nhưng chưa có tài liệu minh chứng.",
            )
        else:
            out[s.nominee_id] = (Outcome.MET, "Đơn vị xác nhận đạt, có tài liệu minh chứng.")
    return out
