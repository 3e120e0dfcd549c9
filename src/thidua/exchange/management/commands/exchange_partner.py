"""`thidua exchange_partner <mã định danh> --name … [--send-url … --send-token …]
[--issue-token]`: declare a partner system; --issue-token prints, once, the token the partner
presents when it sends packages to this instance."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thidua.exchange import services


class Command(BaseCommand):
    help = "Khai báo cơ quan liên thông văn bản (edXML): nơi gửi tới và mã truy cập nhận."

    def add_arguments(self, parser):
        parser.add_argument("organ_id", help="mã định danh điện tử của cơ quan")
        parser.add_argument("--name", required=True, help="tên cơ quan")
        parser.add_argument("--send-url", default="", help="địa chỉ nhận gói tin của cơ quan")
        parser.add_argument("--send-token", default="", help="mã truy cập cơ quan đó cấp")
        parser.add_argument("--inactive", action="store_true", help="tạm dừng liên thông")
        parser.add_argument(
            "--issue-token", action="store_true",
            help="cấp mã truy cập mới để cơ quan này gửi gói tin tới hệ thống (in ra một lần)",
        )  # fmt: skip

    def handle(self, *args, organ_id, name, send_url, send_token, inactive, issue_token, **kw):
        try:
            partner = services.partner_set(
                actor=None, organ_id=organ_id, name=name, send_url=send_url,
                send_token=send_token, active=not inactive,
            )  # fmt: skip
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Đã lưu cơ quan liên thông {partner}.")
        if issue_token:
            token = services.partner_issue_token(actor=None, partner=partner)
            self.stdout.write(token)
