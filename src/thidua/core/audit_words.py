"""The audit log in words for people: what each recorded action means, as the second half of
a Vietnamese sentence ("Nguyễn Văn A đã gửi hồ sơ đề nghị «…»"), and its before/after values
as readable fields instead of codes and raw dictionaries. Plain data; no imports of the apps."""

import datetime as dt
from decimal import Decimal

from thidua.core.formatting import date_short, datetime_short

VERBS: dict[str, str] = {
    "awards.annulment.recover": "đã ghi nhận tiền thưởng nộp lại của khen thưởng bị hủy bỏ",
    "awards.award.annul": "đã hủy bỏ khen thưởng",
    "awards.certificate.reissue": "đã cấp lại, cấp đổi giấy khen",
    "awards.certificate.revoke": "đã thu hồi giấy khen",
    "awards.certificates.print": "đã in giấy khen của",
    "awards.decision.create": "đã lập dự thảo quyết định khen thưởng",
    "awards.decision.issue": "đã ban hành quyết định khen thưởng",
    "awards.decision.remove_award": "đã bỏ một người được khen khỏi quyết định",
    "awards.decision.update": "đã sửa quyết định khen thưởng",
    "awards.decision.delete": "đã xóa dự thảo quyết định",
    "awards.fund.set_budget": "đã đặt dự toán quỹ thi đua, khen thưởng",
    "awards.print_layout.set": "đã căn chỉnh mẫu in giấy khen",
    "clusters.cluster.create": "đã lập cụm, khối thi đua",
    "clusters.criterion.add": "đã thêm tiêu chí chấm điểm cụm, khối thi đua",
    "clusters.member.add": "đã thêm thành viên cụm, khối thi đua",
    "clusters.scores.set": "đã chấm điểm cụm, khối thi đua",
    "clusters.year.set": "đã lưu trưởng cụm, khối và giao ước thi đua",
    "campaigns.assignment.add": "đã giao chỉ số thành phần trong phong trào",
    "campaigns.assignment.remove": "đã bỏ giao chỉ số thành phần trong phong trào",
    "campaigns.award_form.add": "đã thêm hình thức khen thưởng vào phong trào",
    "campaigns.award_form.remove": "đã bỏ hình thức khen thưởng khỏi phong trào",
    "campaigns.campaign.clone": "đã nhân bản phong trào",
    "campaigns.campaign.create": "đã tạo dự thảo phong trào",
    "campaigns.campaign.update": "đã sửa phong trào",
    "campaigns.campaign.campaign_publish": "đã ban hành kế hoạch phát động phong trào",
    "campaigns.campaign.campaign_start": "đã bắt đầu tổ chức thi đua",
    "campaigns.campaign.campaign_start_evaluation": "đã chuyển sang xét khen thưởng",
    "campaigns.campaign.campaign_mark_decided": "đã ghi nhận quyết định khen thưởng của",
    "campaigns.campaign.campaign_close": "đã kết thúc phong trào",
    "campaigns.criterion.add": "đã thêm tiêu chuẩn vào phong trào",
    "campaigns.criterion.remove": "đã bỏ tiêu chuẩn khỏi phong trào",
    "campaigns.participants.set": "đã chọn đơn vị tham gia phong trào",
    "campaigns.phase.set": "đã đặt thời hạn trong phong trào",
    "campaigns.registration.submit": "đã gửi đăng ký thi đua và kế hoạch",
    "campaigns.reminder.auto": "đã tự động nhắc hạn",
    "campaigns.reminder.send": "đã gửi lời nhắc hạn",
    "communication.article.create": "đã viết bài",
    "communication.article.update": "đã sửa bài",
    "communication.article.submit": "đã gửi duyệt bài",
    "communication.article.approve": "đã duyệt và đăng bài",
    "communication.article.return": "đã trả lại bài",
    "communication.article.withdraw": "đã gỡ bài xuống",
    "communication.case.accept": "đã nhận đề xuất gương điển hình",
    "communication.case.decline": "đã không nhận đề xuất gương điển hình",
    "communication.case.propose": "đã đề xuất gương điển hình",
    "communication.document.distribute": "đã gửi văn bản tới các đơn vị",
    "communication.document.open": "đã mở văn bản",
    "communication.photo.add": "đã thêm ảnh cho bài",
    "communication.photo.remove": "đã bỏ ảnh của bài",
    "communication.profile.save": "đã cập nhật trang giới thiệu",
    "core.2fa.enrol": "đã bật xác thực hai bước cho tài khoản",
    "core.2fa.failure": "đã nhập sai mã xác thực hai bước của tài khoản",
    "core.2fa.recovery_codes": "đã tạo bộ mã khôi phục mới cho tài khoản",
    "core.2fa.reset": "đã tắt xác thực hai bước của tài khoản",
    "core.2fa.success": "đã qua bước xác thực thứ hai của tài khoản",
    "core.admin.create": "đã thêm trong trang quản trị",
    "core.admin.delete": "đã xóa trong trang quản trị",
    "core.admin.update": "đã sửa trong trang quản trị",
    "core.api_token.create": "đã tạo khóa truy cập API",
    "core.api_token.revoke": "đã thu hồi khóa truy cập API",
    "core.login.failure": "đã ghi nhận một lần đăng nhập sai mật khẩu vào tài khoản",
    "core.login.lockout": "đã tạm khóa đăng nhập sau nhiều lần sai, tài khoản",
    "core.login.success": "đã đăng nhập bằng mật khẩu vào tài khoản",
    "core.login.unlock": "đã mở khóa đăng nhập",
    "council.ballot.cast": "đã bỏ phiếu tại",
    "council.council.create": "đã thành lập",
    "council.member.add": "đã thêm thành viên Hội đồng",
    "council.pass_rule.set": "đã đặt quy tắc biểu quyết cho",
    "council.session.agenda": "đã lập danh sách xét tại",
    "council.session.attendance": "đã điểm danh",
    "council.session.close_voting": "đã kết thúc bỏ phiếu",
    "council.session.create": "đã tạo",
    "council.session.open_voting": "đã mở bỏ phiếu",
    "council.session.stage": "đã chuyển kết quả xét của",
    "council.session.tie_resolve": "đã quyết định trường hợp bằng phiếu tại",
    "indicators.appraisal.save": "đã thẩm định điểm",
    "indicators.bands.set": "đã đặt thang xếp loại của",
    "indicators.component.assign": "đã giao chỉ số thành phần",
    "indicators.component.unassign": "đã bỏ giao chỉ số thành phần",
    "indicators.discipline.add": "đã ghi nhận kỷ luật của",
    "indicators.discipline.import": "đã nhập danh sách kỷ luật",
    "indicators.discipline.remove": "đã xóa ghi nhận kỷ luật của",
    "indicators.evidence.remove": "đã xóa tài liệu kiểm chứng",
    "indicators.framework.copy": "đã sao chép bộ chỉ số",
    "indicators.framework.create": "đã tạo bộ chỉ số",
    "indicators.framework.open": "đã mở chấm điểm",
    "indicators.framework.publish": "đã công bố kết quả",
    "indicators.framework.update": "đã sửa bộ chỉ số",
    "indicators.framework_publish": "đã công bố kết quả chấm điểm của",
    "indicators.node.create": "đã thêm tiêu chí",
    "indicators.node.remove": "đã xóa tiêu chí",
    "indicators.node.update": "đã sửa tiêu chí",
    "indicators.nomination.open": "đã mở đợt đề nghị khen thưởng",
    "indicators.nomination.open_refused": "chưa mở được đợt đề nghị khen thưởng",
    "indicators.nomination_wait.set": "đã đặt bộ chỉ số chờ kết quả cho",
    "indicators.rating.set": "đã ghi xếp loại của",
    "indicators.ratings.import": "đã nhập kết quả xếp loại",
    "indicators.results.import": "đã nhập kết quả chỉ số",
    "indicators.score.self": "đã tự chấm điểm",
    "indicators.assessment_submit": "đã gửi kết quả tự chấm để thẩm định",
    "indicators.assessment_return": "đã trả lại kết quả tự chấm",
    "indicators.assessment_appraise": "đã thẩm định xong",
    "indicators.task.confirm": "đã xác nhận hoàn thành nhiệm vụ",
    "indicators.task.create": "đã giao nhiệm vụ",
    "indicators.task.reject": "đã trả lại báo cáo nhiệm vụ",
    "indicators.task.report": "đã báo cáo kết quả nhiệm vụ",
    "monitoring.job.create": "đã yêu cầu",
    "monitoring.preferences.set": "đã đổi lựa chọn nhận thư",
    "monitoring.reminder.auto": "đã tự động nhắc hạn",
    "monitoring.reminder_rule.add": "đã thêm quy tắc nhắc hạn",
    "monitoring.reminder_rule.remove": "đã bỏ quy tắc nhắc hạn",
    "monitoring.reminder_rule.set_active": "đã bật/tắt quy tắc nhắc hạn",
    "nominations.answer.set": "đã khai kết quả theo tiêu chuẩn cho",
    "nominations.document.uploaded": "đã tải lên tài liệu hồ sơ",
    "nominations.document.generated": "đã tạo bản dự thảo tài liệu hồ sơ",
    "nominations.nominee.add": "đã thêm vào danh sách đề nghị",
    "nominations.nominee.award": "đã ghi nhận khen thưởng cho",
    "nominations.nominee.remove": "đã bỏ khỏi danh sách đề nghị",
    "nominations.nominee.stage_council_outcome": "đã ghi kết quả xét của Hội đồng cho",
    "nominations.nominee.update": "đã sửa thông tin đề nghị của",
    "nominations.proposal.create": "đã lập hồ sơ đề nghị",
    "nominations.proposal.proposal_submit": "đã gửi hồ sơ đề nghị",
    "nominations.proposal.proposal_return": "đã trả lại để bổ sung hồ sơ đề nghị",
    "nominations.proposal.proposal_accept": "đã tiếp nhận hồ sơ đề nghị",
    "nominations.verdict.override": "đã điều chỉnh kết quả kiểm tra tiêu chuẩn của",
    "org.account.create": "đã tạo tài khoản",
    "org.account.password": "đã đặt mật khẩu mới cho tài khoản",
    "org.account.update": "đã sửa tài khoản",
    "org.demo.build": "đã dựng dữ liệu mẫu",
    "org.person.create": "đã thêm cá nhân",
    "org.person.import": "đã nhập danh sách cá nhân",
    "org.person.update": "đã sửa thông tin cá nhân",
    "org.role.grant": "đã phân quyền",
    "org.role.revoke": "đã thu hồi quyền",
    "org.unit.create": "đã thêm đơn vị",
    "org.unit.import": "đã nhập danh sách đơn vị",
    "org.unit.update": "đã sửa thông tin đơn vị",
}

FIELDS: dict[str, str] = {
    "state": "tình trạng",
    "name": "tên",
    "full_name": "họ và tên",
    "title": "tiêu đề",
    "summary": "tóm tắt",
    "body": "nội dung",
    "position": "chức vụ",
    "unit": "đơn vị",
    "parent": "đơn vị cấp trên",
    "kind": "loại",
    "code": "mã",
    "gso_code": "mã đơn vị hành chính",
    "email": "thư điện tử",
    "phone": "điện thoại",
    "note": "ghi chú",
    "reason": "lý do",
    "version": "lần gửi",
    "quota": "số lượng tối đa",
    "budget": "dự toán",
    "amount": "số tiền",
    "starts_at": "bắt đầu",
    "ends_at": "hạn",
    "valid_from": "hiệu lực từ",
    "valid_to": "hiệu lực đến",
    "role": "vai trò",
    "year": "năm",
    "doc_number": "số văn bản",
    "issued_on": "ngày ban hành",
    "decided_on": "ngày quyết định",
    "held_on": "ngày họp",
    "place": "địa điểm",
    "plan_name": "tệp kế hoạch",
    "commitments": "nội dung đăng ký",
    "achievement": "thành tích",
    "score": "điểm",
    "total": "tổng điểm",
    "percent": "tỷ lệ",
    "rating": "xếp loại",
    "outcome": "kết quả",
    "override": "kết quả điều chỉnh",
    "override_reason": "lý do điều chỉnh",
    "council_outcome": "kết quả xét của Hội đồng",
    "active": "đang dùng",
    "file": "tệp",
    "items": "số trường hợp",
    "units": "đơn vị",
    "count": "số lượng",
}

WORDS: dict[str, str] = {
    "draft": "dự thảo",
    "submitted": "đã gửi",
    "returned": "trả lại",
    "accepted": "đã tiếp nhận",
    "published": "đã công bố",
    "running": "đang thi đua",
    "evaluating": "đang xét khen thưởng",
    "decided": "đã quyết định",
    "closed": "đã kết thúc",
    "issued": "đã ban hành",
    "review": "chờ duyệt",
    "withdrawn": "đã gỡ",
    "voting": "đang bỏ phiếu",
    "staged": "đã chuyển kết quả",
    "appraised": "đã thẩm định",
    "yes": "đạt",
    "no": "không đạt",
    "proposed": "được đề nghị",
    "not_proposed": "không được đề nghị",
}


def sentence(actor_name: str, action: str, object_repr: str) -> str:
    """'Nguyễn Văn A đã gửi hồ sơ đề nghị «Xã Yên Lạc»'."""
    who = actor_name or "Hệ thống"
    verb = VERBS.get(action) or "đã thay đổi"
    return f"{who} {verb} «{object_repr}»" if object_repr else f"{who} {verb}"


def action_label(action: str) -> str:
    verb = VERBS.get(action)
    if not verb:
        return action
    text = verb[3:] if verb.startswith("đã ") else verb
    return text[:1].upper() + text[1:]


def field_label(key: str) -> str:
    return FIELDS.get(key, key.replace("_", " "))


def readable(value) -> str:
    """A stored value as a person reads it; nested structures are summarised, not dumped."""
    if value is None or value == "":
        return "(trống)"
    if value is True:
        return "có"
    if value is False:
        return "không"
    if isinstance(value, dt.datetime):
        return datetime_short(value)
    if isinstance(value, dt.date):
        return date_short(value)
    if isinstance(value, int | float | Decimal):
        return f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)
    if isinstance(value, str):
        if len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T":
            try:
                return datetime_short(dt.datetime.fromisoformat(value))
            except ValueError:
                pass
        text = WORDS.get(value, value)
        return text if len(text) <= 200 else text[:199] + "…"
    if isinstance(value, list | tuple):
        if all(isinstance(v, str | int) for v in value) and len(value) <= 10:
            return ", ".join(readable(v) for v in value) or "(trống)"
        return f"{len(value)} mục"
    if isinstance(value, dict):
        return f"{len(value)} mục"
    return str(value)
