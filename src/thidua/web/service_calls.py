"""Calling a service from a view. A service refuses with a ValidationError; its message must
reach the person (on the form, or in the page's messages), never become a 500.

    with service_call(request, form) as attempt:
        unit = services.unit_create(actor=request.user, **form.cleaned_data)
    if attempt.ok:
        messages.success(request, f"Đã thêm đơn vị «{unit.name}».")
        return redirect("web:unit_detail", pk=unit.pk)
    return render(...)  # the form now carries the service's message

Without a form the messages go to the page (messages.error), and `done` is shown on success:

    with service_call(request, done="Đã xoá."):
        services.item_remove(actor=request.user, item=item)
    return redirect(...)
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def add_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: next to the field it names when the form has
    that field, above the form otherwise."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ServiceCall:
    """The outcome of the calls made inside one `service_call` block."""

    def __init__(self) -> None:
        self.ok = True
        self.error: ValidationError | None = None


@contextmanager
def service_call(
    request: HttpRequest, form: forms.Form | None = None, *, done: str = ""
) -> Iterator[ServiceCall]:
    """Run the block; a ValidationError raised in it ends the block and goes on the form
    when one is given, in the page's messages (one per message) otherwise. `done` is shown
    as a success message when the block finished."""
    attempt = ServiceCall()
    try:
        yield attempt
    except ValidationError as exc:
        attempt.ok = False
        attempt.error = exc
        if form is not None:
            add_service_error(form, exc)
        else:
            for message in exc.messages:
                messages.error(request, message)
    else:
        if done:
            messages.success(request, done)
