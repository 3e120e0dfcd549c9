from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError shown on the form that sent the data (never a 500): each
    message on its field when the form has that field, else above the form. A service checks
    again what the form checked, at the moment it writes (a code another request took in
    between, a state that changed)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
