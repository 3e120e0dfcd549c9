"""Errors sit next to their field and are announced; help text is tied to its field."""

from django.urls import reverse

from tests.conftest import login


def test_person_form_error_is_announced_and_described(client, world, secretariat):
    page = (
        login(client, secretariat)
        .post(reverse("web:person_create"), {"full_name": "", "unit": world.commune_a.pk})
        .content.decode()
    )
    assert 'aria-invalid="true"' in page
    assert '<div role="alert"><ul class="errorlist" id="id_full_name_error">' in page
    described = page.split('id="id_full_name"')[0].rsplit("<input", 1)[1]
    assert "id_full_name_error" in described
