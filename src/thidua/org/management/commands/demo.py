from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from thidua.org.demo import demo_build
from thidua.org.models import Unit

STAGES = ["org", "launched", "registered"]


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
            "--stage", choices=STAGES, default="registered",
            help="đến giai đoạn nào: org (tổ chức, nhân sự), launched (đã ban hành kế hoạch), "
                 "registered (các đơn vị đã đăng ký, gửi kế hoạch)",
        )

    def handle(self, *args, **opts):
        if opts["if_empty"] and Unit.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; bỏ qua việc tạo dữ liệu mẫu.")
            return
        result = demo_build()
        self.stdout.write(
            f"Dữ liệu mẫu: {result['units']} đơn vị, thêm {result['people_created']} cá nhân."
        )
        stage = STAGES.index(opts["stage"])
        # The demo's notifications stay in the app; no e-mail goes out while building it.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._build_stages(stage)

    def _build_stages(self, stage: int) -> None:
        if stage >= 1:
            from thidua.campaigns.demo import build_launched, build_registered
            from thidua.org.demo import build_units

            campaign = build_launched(build_units())
            self.stdout.write(f"Phong trào: {campaign.title} ({campaign.get_state_display()}).")
            if stage >= 2:
                n = build_registered(campaign)
                self.stdout.write(f"Đăng ký thi đua: thêm {n} đơn vị.")
