from django.core.management.base import BaseCommand

from thidua.demo import org_data as d
from thidua.org.enums import Role


class Command(BaseCommand):
    help = "In các tài khoản mẫu và vai trò của chúng."

    def handle(self, *args, **opts):
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {d.DEMO_PASSWORD}):")
        for username, _name, role, _unit, purpose in d.ACCOUNTS:
            self.stdout.write(f"  {username:<15} {Role(role).label:<22} {purpose}")
