"""`thidua restore FILE [--replace]`: put a backup back, into an empty database and folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và các tệp từ một tệp sao lưu của `thidua backup`, rồi đối "
        "chiếu số dòng từng bảng và mã băm từng tệp với bản sao lưu."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="tệp sao lưu (.tar.gz)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="thay cơ sở dữ liệu đang có (mất dữ liệu hiện tại); thư mục tệp cũ được đổi tên",
        )

    def handle(self, *args, **options):
        try:
            s = restore(options["archive"], replace=options["replace"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Đã khôi phục từ {s.path}: {s.tables} bảng, {s.rows} dòng, {s.files} tệp, khớp "
            "với bản sao lưu. Hãy chạy `thidua audit verify` để kiểm tra chuỗi nhật ký."
        )
