from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from thidua.core.formatting import datetime_short
from thidua.core.models import ApiToken, TokenScope, hash_token
from thidua.core.services import api_token_create, api_token_revoke

PREFIX_LENGTH = 8


class Command(BaseCommand):
    help = "Tạo, liệt kê và thu hồi mã truy cập REST API (Authorization: Bearer …)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="create|list|revoke")
        create = actions.add_parser("create", help="Tạo mã mới; mã chỉ được in ra một lần.")
        create.add_argument("username", help="tên đăng nhập của tài khoản")
        create.add_argument("--name", default="", help="tên gợi nhớ, ví dụ «Đồng bộ nhân sự»")
        create.add_argument(
            "--scope",
            choices=[s.value for s in TokenScope],
            default=TokenScope.READ.value,
            help="read: chỉ đọc (mặc định); write: đọc và ghi trong phạm vi vai trò của tài khoản",
        )
        listing = actions.add_parser("list", help="Liệt kê mã của một tài khoản.")
        listing.add_argument("username", help="tên đăng nhập của tài khoản")
        revoke = actions.add_parser("revoke", help="Thu hồi một mã (theo tiền tố hoặc cả mã).")
        revoke.add_argument("prefix", help="tiền tố 8 ký tự (xem «token list») hoặc toàn bộ mã")

    def handle(self, *args, action: str, **opts):
        getattr(self, f"_{action}")(**opts)

    def _user(self, username: str):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản «{username}».")
        return user

    def _create(self, *, username: str, name: str, scope: str, **_):
        user = self._user(username)
        if not user.is_active:
            raise CommandError(f"Tài khoản «{username}» đã bị khóa; mã tạo ra sẽ không dùng được.")
        token, raw = api_token_create(user=user, name=name.strip(), scope=scope, actor=None)
        self.stdout.write(
            f"Đã tạo mã truy cập {token.prefix}… ({token.get_scope_display().lower()}) "
            f"cho tài khoản «{username}». "
            "Mã chỉ hiện một lần này, hãy lưu lại ngay; gửi kèm mỗi yêu cầu trong tiêu đề "
            "«Authorization: Bearer <mã>»:"
        )
        self.stdout.write(raw)

    def _list(self, *, username: str, **_):
        user = self._user(username)
        tokens = ApiToken.objects.filter(user=user).order_by("created_at", "id")
        if not tokens:
            self.stdout.write(f"Tài khoản «{username}» chưa có mã truy cập nào.")
            return
        header = (
            f"{'Tiền tố':<10}{'Tên':<24}{'Phạm vi':<12}{'Tạo lúc':<18}{'Dùng lần cuối':<18}"
            "Trạng thái"
        )
        self.stdout.write(header)
        for t in tokens:
            state = f"thu hồi {datetime_short(t.revoked_at)}" if t.revoked_at else "còn hiệu lực"
            self.stdout.write(
                f"{t.prefix:<10}{t.name[:23]:<24}{t.get_scope_display():<12}"
                f"{datetime_short(t.created_at):<18}"
                f"{datetime_short(t.last_used_at) or 'chưa dùng':<18}{state}"
            )

    def _revoke(self, *, prefix: str, **_):
        prefix = prefix.strip()
        active = ApiToken.objects.filter(revoked_at__isnull=True)
        if len(prefix) > PREFIX_LENGTH:
            matches = list(active.filter(digest=hash_token(prefix)))
        else:
            matches = list(active.filter(prefix=prefix))
        if not matches:
            raise CommandError(f"Không có mã truy cập còn hiệu lực nào khớp «{prefix}».")
        if len(matches) > 1:
            raise CommandError(
                f"Có {len(matches)} mã cùng tiền tố «{prefix}»; hãy đưa toàn bộ mã để thu hồi "
                "đúng mã, hoặc thu hồi trong trang quản trị."
            )
        api_token_revoke(token=matches[0], actor=None)
        self.stdout.write(f"Đã thu hồi mã {matches[0].prefix}… của tài khoản «{matches[0].user}».")
