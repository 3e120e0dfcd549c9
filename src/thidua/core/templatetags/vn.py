"""Template filters for Vietnamese dates and money."""

from django import template

from thidua.core import audit_words, formatting

register = template.Library()


@register.filter
def ngay(value):
    """{{ d|ngay }} → "ngày 05 tháng 01 năm 2024"."""
    return formatting.date_long(value) if value else ""


@register.filter
def ngay_ngan(value):
    return formatting.date_short(value)


@register.filter
def thoi_diem(value):
    return formatting.datetime_short(value)


@register.filter
def dong(value):
    """{{ 1080000|dong }} → "1.080.000 đồng"."""
    return formatting.money(value) if value is not None else ""


@register.filter
def so(value):
    return formatting.group_thousands(value) if value is not None else ""


@register.filter
def ho_ten(user):
    """A user's name the Vietnamese way, family name first ("Hoàng Thị Thu Hà").

    No user (an event the system recorded) gives "", so `|default:"hệ thống"` after it works.
    """
    if user is None:
        return ""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()


@register.filter
def han(value):
    """{{ phase.ends_at|han }} → "trước ngày 10/01/2023"."""
    return formatting.deadline(value) if value else ""


@register.filter
def nhat_ky(row):
    """An audit row as a sentence: "Nguyễn Văn A đã gửi hồ sơ đề nghị «…»"."""
    return audit_words.sentence(row.actor_name, row.action, row.object_repr)


@register.filter
def thao_tac(action):
    return audit_words.action_label(action)


@register.filter
def ten_truong(key):
    return audit_words.field_label(key)


@register.filter
def gia_tri(value):
    return audit_words.readable(value)
