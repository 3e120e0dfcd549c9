"""web.service_calls: a service's refusal reaches the form or the page's messages."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from thidua.web.service_calls import service_call


class NameForm(forms.Form):
    name = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _texts(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


@pytest.mark.parametrize(
    ("error", "field_errors", "form_errors"),
    [
        (ValidationError("Tên đã có."), {}, ["Tên đã có."]),
        (ValidationError({"name": "Tên đã có."}), {"name": ["Tên đã có."]}, []),
        (ValidationError({"other": "Không được."}), {}, ["Không được."]),
        (ValidationError(["Một.", "Hai."]), {}, ["Một.", "Hai."]),
    ],
)
def test_refusal_goes_on_the_form(error, field_errors, form_errors):
    request = _request()
    form = NameForm({"name": "x"})
    assert form.is_valid()
    with service_call(request, form, done="Đã lưu.") as attempt:
        raise error
    assert attempt.ok is False
    assert attempt.error is error
    assert {k: v for k, v in form.errors.items() if k != "__all__"} == field_errors
    assert form.non_field_errors() == form_errors
    assert _texts(request) == []  # on the form, not twice


def test_refusal_without_a_form_goes_to_messages_one_per_message():
    request = _request()
    with service_call(request, done="Đã lưu.") as attempt:
        raise ValidationError(["Một.", "Hai."])
    assert attempt.ok is False
    assert _texts(request) == ["Một.", "Hai."]


def test_success_says_done_and_runs_the_whole_block():
    request = _request()
    seen = []
    with service_call(request, done="Đã lưu.") as attempt:
        seen.append(1)
        seen.append(2)
    assert attempt.ok is True and attempt.error is None
    assert seen == [1, 2]
    assert _texts(request) == ["Đã lưu."]


def test_refusal_stops_the_block_at_the_refusing_call():
    request = _request()
    seen = []
    with service_call(request):
        seen.append(1)
        raise ValidationError("Không được.")
        seen.append(2)  # never reached
    assert seen == [1]


def test_other_errors_are_not_swallowed():
    request = _request()
    with pytest.raises(KeyError), service_call(request):
        raise KeyError("x")
