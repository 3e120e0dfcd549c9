"""The unit registered and sent its own plan before the registration deadline."""

from thidua.core.formatting import datetime_short, deadline
from thidua.nominations.enums import Outcome


def evaluate(criterion, subjects, ctx):
    due = ctx.registration_deadline
    out = {}
    for s in subjects:
        reg = ctx.registrations.get(s.unit_id)
        if reg is None or reg.plan_uploaded_at is None:
            out[s.nominee_id] = (
                Outcome.NOT_MET,
                "Đơn vị chưa đăng ký thi đua hoặc chưa gửi kế hoạch của đơn vị.",
            )
        elif due is not None and reg.plan_uploaded_at >= due:
            out[s.nominee_id] = (
                Outcome.NOT_MET,
                f"Gửi kế hoạch lúc {datetime_short(reg.plan_uploaded_at)}, "
                f"sau hạn ({deadline(due)}).",
            )
        else:
            out[s.nominee_id] = (
                Outcome.MET,
                f"Gửi kế hoạch lúc {datetime_short(reg.plan_uploaded_at)}"
                + (f", đúng hạn ({deadline(due)})." if due else "."),
            )
    return out
