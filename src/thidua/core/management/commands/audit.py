"""`thidua audit verify`: check the audit log's hash chain and name the first broken row."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thidua.core.services import audit_verify


class Command(BaseCommand):
    help = "Nhật ký thao tác: 'verify' kiểm tra chuỗi mã băm và chỉ ra dòng đầu tiên bị phá."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="kiểm tra chuỗi mã băm của nhật ký thao tác")

    def handle(self, *args, **options):
        report = audit_verify()
        if report.broken is not None:
            row = report.broken
            at = timezone.localtime(row.at).strftime("%d/%m/%Y %H:%M:%S")
            raise CommandError(
                f"Chuỗi nhật ký bị phá tại dòng #{row.pk} ({at}, {row.actor_name}, "
                f"{row.action}): {report.reason}. {report.rows} dòng trước đó nguyên vẹn."
            )
        head = report.head or "(trống)"
        self.stdout.write(
            f"Chuỗi nhật ký nguyên vẹn: {report.rows} dòng. Mã băm dòng cuối: {head}\n"
            "Ghi lại mã băm này ở nơi khác (sổ, thư điện tử) để phát hiện cả việc xóa các "
            "dòng cuối."
        )
