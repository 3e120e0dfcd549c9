from django.db import models


class ReminderTarget(models.TextChoices):
    """What a reminder rule chases, and so which deadline it counts from."""

    REGISTRATION = "registration", "Đăng ký thi đua và gửi kế hoạch của đơn vị"
    SELF_ASSESSMENT = "self_assessment", "Tự chấm điểm chỉ số CCHC"
    PROPOSAL = "proposal", "Gửi hồ sơ đề nghị khen thưởng"
    RETURNED = "returned", "Bổ sung hồ sơ bị trả lại"

    @classmethod
    def before_deadline(cls) -> set[str]:
        """Rules that fire `days` before a deadline; the others `days` after an event."""
        return {cls.REGISTRATION, cls.SELF_ASSESSMENT, cls.PROPOSAL}


class NotificationKind(models.TextChoices):
    """Kinds of notification a user may choose to receive by e-mail (always shown in the app).
    `core.services.notify(kind="")` — a sender that names no kind — counts as OTHER."""

    REMINDER = "reminder", "Nhắc hạn, đôn đốc"
    DOSSIER = "dossier", "Hồ sơ đề nghị khen thưởng (gửi, trả lại, tiếp nhận)"
    CAMPAIGN = "campaign", "Phong trào thi đua (ban hành, kế hoạch)"
    COUNCIL = "council", "Hội đồng Thi đua – Khen thưởng"
    DECISION = "decision", "Quyết định khen thưởng, giấy khen"
    JOB = "job", "Việc chạy nền đã xong (xuất, nhập, in)"
    OTHER = "other", "Các thông báo khác"


class JobKind(models.TextChoices):
    NOMINEES_EXPORT = "nominees_export", "Xuất danh sách tập thể, cá nhân được đề nghị (Excel)"
    UNITS_EXPORT = "units_export", "Xuất bảng theo dõi đơn vị (Excel)"
    SUMMARY_REPORT = "summary_report", "Báo cáo tổng kết phong trào (PDF và DOCX)"
    PEOPLE_IMPORT = "people_import", "Nhập danh sách cá nhân từ Excel"
    UNITS_IMPORT = "units_import", "Nhập danh sách đơn vị từ Excel"
    RESULTS_IMPORT = "results_import", "Nhập kết quả chỉ số đã công bố từ Excel"
    RATINGS_IMPORT = "ratings_import", "Nhập kết quả xếp loại cán bộ từ Excel"
    DISCIPLINE_IMPORT = "discipline_import", "Nhập quyết định kỷ luật từ Excel"
    HISTORY_IMPORT = "history_import", "Nhập quá trình khen thưởng từ Excel"


class JobState(models.TextChoices):
    PENDING = "pending", "Đang chờ"
    RUNNING = "running", "Đang chạy"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Bị lỗi"

    @classmethod
    def finished(cls) -> set[str]:
        return {cls.DONE, cls.FAILED}


class StatLevel(models.TextChoices):
    """Who fills a statistical form: the reporting level (cấp báo cáo)."""

    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"


class StatPeriod(models.TextChoices):
    YEAR = "year", "Năm"


class StatSource(models.TextChoices):
    """What a row of a statistical form counts."""

    HEADING = "heading", "Dòng tiêu đề (không có số liệu)"
    AWARDS = "awards", "Khen thưởng theo quyết định đã ban hành"
    CAMPAIGNS = "campaigns", "Phong trào thi đua được phát động"


class StatMeasure(models.TextChoices):
    """What a column of a statistical form counts of its row."""

    TOTAL = "total", "Tổng số"
    COLLECTIVE = "collective", "Tập thể"
    INDIVIDUAL = "individual", "Cá nhân"
    FEMALE = "female", "Cá nhân nữ"
    MINORITY = "minority", "Cá nhân người dân tộc thiểu số"
    HOUSEHOLD = "household", "Hộ gia đình"
    AMOUNT = "amount", "Tiền thưởng (đồng)"


class ExportSource(models.TextChoices):
    """Our fields a cadre-database export can carry: of the person, then of one award."""

    PERSON_CODE = "person_code", "Mã cán bộ, công chức"
    FULL_NAME = "full_name", "Họ và tên"
    GENDER = "gender", "Giới tính"
    BIRTH_YEAR = "birth_year", "Năm sinh"
    ETHNICITY = "ethnicity", "Dân tộc"
    POSITION = "position", "Chức vụ"
    UNIT_CODE = "unit_code", "Mã đơn vị"
    UNIT_NAME = "unit_name", "Tên đơn vị"
    YEAR = "year", "Năm thành tích"
    KIND = "kind", "Loại (danh hiệu thi đua / hình thức khen thưởng)"
    TITLE_CODE = "title_code", "Mã danh hiệu, hình thức"
    FORM_NAME = "form_name", "Danh hiệu, hình thức khen thưởng"
    LEVEL = "level", "Cấp khen thưởng"
    ISSUER = "issuer", "Cơ quan, người quyết định"
    DECISION_NUMBER = "decision_number", "Số quyết định"
    DECISION_DATE = "decision_date", "Ngày quyết định"
    AMOUNT = "amount", "Tiền thưởng (đồng)"
    ACHIEVEMENT = "achievement", "Thành tích"

    @classmethod
    def dates(cls) -> set[str]:
        return {cls.DECISION_DATE}


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XML = "xml", "XML"
