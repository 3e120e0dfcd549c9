from django.core.management.base import BaseCommand

from thidua.org.demo import demo_build
from thidua.org.models import Unit


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu của Kế hoạch thi đua CCHC huyện Nguyên Bình năm 2023 "
        "(chạy lại nhiều lần vẫn an toàn)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="chỉ tạo khi cơ sở dữ liệu chưa có đơn vị nào"
        )
        parser.add_argument("--quiet-accounts", action="store_true")

    def handle(self, *args, **opts):
        if opts["if_empty"] and Unit.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; bỏ qua việc tạo dữ liệu mẫu.")
            return
        result = demo_build()
        self.stdout.write(
            f"Dữ liệu mẫu: {result['units']} đơn vị, thêm {result['people_created']} cá nhân."
        )
