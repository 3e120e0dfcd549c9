"""A person's page shows the person's awards once the decision is issued."""

from django.urls import reverse

from tests.awards import conftest as award_fixtures
from tests.conftest import login
from thidua.awards import services

campaign = award_fixtures.campaign
forms = award_fixtures.forms
staged = award_fixtures.staged
funded = award_fixtures.funded
draft = award_fixtures.draft
_private_media = award_fixtures._private_media


def test_person_page_lists_awards_of_issued_decisions_only(client, draft, secretariat):
    award = draft.awards.filter(person__isnull=False).select_related("person").first()
    url = reverse("web:person_detail", args=[award.person_id])
    login(client, secretariat)
    page = client.get(url).content.decode()
    assert "Chưa có khen thưởng nào được ghi nhận" in page  # a draft is not an award yet
    services.decision_issue(actor=secretariat, decision=draft)
    page = client.get(url).content.decode()
    assert reverse("web:decision_detail", args=[draft.pk]) in page
    assert award.award_form.name in page[page.index('id="khen-thuong"') :]
