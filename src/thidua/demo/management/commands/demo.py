from importlib import import_module

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from thidua.demo.org import demo_build
from thidua.org.models import Unit

# Each stage after "launched" builds on the one before: (name, what it adds, builder).
# A builder is "module:function" taking the seed campaign and returning a count or a message.
STAGES = [
    ("org", "tổ chức, nhân sự", None),
    ("launched", "đã ban hành kế hoạch", None),
    (
        "history",
        "quá trình khen thưởng 2021–2022 nhập từ Excel, sáng kiến",
        "thidua.demo.records:build_history",
    ),
    ("registered", "các đơn vị đã đăng ký, gửi kế hoạch", "thidua.demo.campaigns:build_registered"),
    (
        "scored",
        "kết quả chỉ số CCHC, DDCI 2022–2023, nhiệm vụ CCHC, xếp loại, kỷ luật",
        "thidua.demo.indicators:build_scored",
    ),
    (
        "nominated",
        "các đơn vị đã gửi hồ sơ đề nghị khen thưởng",
        "thidua.demo.nominations:build_nominated",
    ),
    (
        "council",
        "Hội đồng Thi đua – Khen thưởng đã họp, bỏ phiếu, đề nghị danh sách",
        "thidua.demo.council:build_council",
    ),
    (
        "decided",
        "đã ban hành quyết định khen thưởng, in giấy khen, chi quỹ",
        "thidua.demo.awards:build_decided",
    ),
    (
        "published",
        "kết quả, gương điển hình, tin tức đã công bố; quyết định đã gửi các đơn vị",
        "thidua.demo.communication:build_published",
    ),
    (
        "disclosure",
        "danh sách khen thưởng đột xuất đang công khai lấy ý kiến; đề xuất của nhân dân",
        "thidua.demo.participation:build_disclosure",
    ),
    (
        "levels",
        "hồ sơ của huyện gửi lên tỉnh, đang công khai ở tỉnh; duyệt nội bộ, cụm thi đua, "
        "hủy bỏ khen thưởng, cấp lại giấy khen",
        "thidua.demo.levels:build_levels",
    ),
    (
        "titles",
        "đợt xét danh hiệu thi đua năm 2023: đăng ký đầu năm, hồ sơ, Hội đồng, quyết định công "
        "nhận, giấy chứng nhận",
        "thidua.demo.titles:build_titles",
    ),
]
NAMES = [name for name, _, _ in STAGES]


def _builder(path: str):
    module, _, name = path.partition(":")
    return getattr(import_module(module), name)


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu của Kế hoạch thi đua CCHC huyện Nguyên Bình năm 2023 "
        "(chạy lại nhiều lần vẫn an toàn)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="chỉ tạo khi cơ sở dữ liệu chưa có đơn vị nào"
        )
        parser.add_argument(
            "--stage",
            choices=NAMES,
            default=NAMES[-1],
            help="đến giai đoạn nào: "
            + "; ".join(f"{n} ({what})" for n, what, _ in STAGES)
            + f". Mặc định: {NAMES[-1]}.",
        )

    def handle(self, *args, **opts):
        if opts["if_empty"] and Unit.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; bỏ qua việc tạo dữ liệu mẫu.")
            return
        result = demo_build()
        self.stdout.write(
            f"Dữ liệu mẫu: {result['units']} đơn vị, thêm {result['people_created']} cá nhân."
        )
        # The demo's notifications stay in the app; no e-mail goes out while building it.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._build_stages(NAMES.index(opts["stage"]))

    def _build_stages(self, stage: int) -> None:
        if stage < 1:
            return
        from thidua.demo.campaigns import build_launched
        from thidua.demo.org import build_units

        campaign = build_launched(build_units())
        self.stdout.write(f"Phong trào: {campaign.title} ({campaign.get_state_display()}).")
        for name, what, path in STAGES[2 : stage + 1]:
            result = _builder(path)(campaign)
            campaign.refresh_from_db()
            self.stdout.write(f"{what[:1].upper()}{what[1:]} ({name}): {result}.")
