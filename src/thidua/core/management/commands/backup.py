"""`thidua backup [--output FILE]`: the database and the uploaded files in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (một ảnh chụp nhất quán) và toàn bộ tệp đã tải lên vào một tệp "
        ".tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="tên tệp sao lưu sẽ tạo")

    def handle(self, *args, **options):
        try:
            s = backup(options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Đã sao lưu vào {s.path}: {s.tables} bảng, {s.rows} dòng, {s.files} tệp "
            f"({s.bytes / 1048576:.1f} MB)."
        )
