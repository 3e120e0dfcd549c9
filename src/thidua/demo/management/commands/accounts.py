from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from thidua.core import twofactor
from thidua.demo import org_data as d
from thidua.org.enums import Role


class Command(BaseCommand):
    help = "In các tài khoản mẫu và vai trò của chúng (và mã xác thực hai bước của tài khoản mẫu)."

    def handle(self, *args, **opts):
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {d.DEMO_PASSWORD}):")
        secret = twofactor.secret_from_base32(d.DEMO_TOTP_SECRET)
        users = get_user_model().objects.in_bulk([a[0] for a in d.ACCOUNTS], field_name="username")
        two_factor = []
        for username, _name, role, _unit, purpose in d.ACCOUNTS:
            user = users.get(username)
            mark = ""
            if user is not None and twofactor.demo_device(user, secret) is not None:
                mark = " (xác thực hai bước)"
                two_factor.append(username)
            self.stdout.write(f"  {username:<15} {Role(role).label:<22} {purpose}{mark}")
        if two_factor:
            names = ", ".join(two_factor)
            self.stdout.write(
                f"Xác thực hai bước đang bật cho {names}: sau mật khẩu, nhập mã 6 chữ số.\n"
                f"  Khóa cho ứng dụng xác thực (loại «theo thời gian»): {d.DEMO_TOTP_SECRET}\n"
                f"  Mã lúc này: {twofactor.current_code(secret)} (đổi sau mỗi 30 giây; "
                "chạy lại `.venv/bin/thidua accounts` để lấy mã mới)"
            )
