"""`thidua createadmin`: the first administrator of a new office, without Django admin.

    thidua createadmin --username quantri --email quantri@caobang.gov.vn \\
        --full-name "Nông Văn Minh" --unit-code T04 --unit-name "Tỉnh Cao Bằng" --unit-kind province

The password is asked twice at the terminal, or read from standard input with
`--password-stdin` (one line; for scripts). When the database has no unit yet, the root unit
(the office) is created from `--unit-code/--unit-name/--unit-kind`; when it has, `--unit-code`
names the existing unit the administrator role is given on. Refused when an active
administrator exists (the administrator invites the others from «Tài khoản»), unless
`--them-nua` ("add one more").
"""

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thidua.org.enums import UnitKind
from thidua.org.selectors import unit_by_code
from thidua.org.services import first_admin_create

LABELS = {"password": "Mật khẩu", "username": "Tên đăng nhập", "email": "E-mail",
          "code": "Mã đơn vị", "name": "Tên đơn vị", "unit": "Đơn vị"}  # fmt: skip


class Command(BaseCommand):
    help = "Tạo tài khoản quản trị viên đầu tiên (và đơn vị gốc nếu chưa có đơn vị nào)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="tên đăng nhập")
        parser.add_argument("--email", required=True, help="địa chỉ e-mail")
        parser.add_argument("--full-name", required=True, help="họ và tên")
        parser.add_argument("--unit-code", default="", help="mã đơn vị gốc")
        parser.add_argument("--unit-name", default="", help="tên đơn vị gốc (khi tạo mới)")
        parser.add_argument(
            "--unit-kind",
            default=UnitKind.PROVINCE,
            choices=UnitKind.values,
            help="loại đơn vị gốc (khi tạo mới)",
        )
        parser.add_argument(
            "--password-stdin", action="store_true", help="đọc mật khẩu từ đầu vào chuẩn"
        )
        parser.add_argument(
            "--them-nua",
            action="store_true",
            help="thêm một quản trị viên dù đã có quản trị viên",
        )

    def _password(self, opts) -> str:
        if opts["password_stdin"]:
            return sys.stdin.readline().rstrip("\r\n")
        first = getpass.getpass("Mật khẩu: ")
        if getpass.getpass("Nhập lại mật khẩu: ") != first:
            raise CommandError("Hai lần nhập mật khẩu không khớp.")
        return first

    def handle(self, *args, **opts):
        unit = unit_by_code(opts["unit_code"]) if opts["unit_code"] else None
        if unit is None and not (opts["unit_code"] and opts["unit_name"]):
            code = opts["unit_code"]
            raise CommandError(
                (f"Chưa có đơn vị mã «{code}»" if code else "Chưa chọn đơn vị gốc")
                + ": nhập --unit-code và --unit-name để tạo đơn vị gốc."
            )
        password = self._password(opts)
        try:
            user = first_admin_create(
                username=opts["username"],
                email=opts["email"],
                full_name=opts["full_name"],
                password=password,
                unit=unit,
                unit_code=opts["unit_code"],
                unit_name=opts["unit_name"],
                unit_kind=opts["unit_kind"],
                allow_more=opts["them_nua"],
            )
        except ValidationError as exc:
            lines = (
                [f"{LABELS.get(k, k)}: {m}" for k, ms in exc.message_dict.items() for m in ms]
                if hasattr(exc, "error_dict")
                else exc.messages
            )
            raise CommandError("\n".join(lines)) from None
        unit = user.role_assignments.select_related("unit").get().unit
        self.stdout.write(
            f"Đã tạo quản trị viên «{user.username}» cho «{unit.name}». "
            "Đăng nhập rồi mời người dùng khác ở mục «Tài khoản»."
        )
