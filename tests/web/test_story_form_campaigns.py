"""The story form's campaign list offers the campaigns of the editor's reach that participants
can see — not only "— Không gắn phong trào —" — and never a draft."""

from django.urls import reverse

from tests.conftest import login
from tests.nominations import conftest as nomination_fixtures
from thidua.campaigns import services as cs

campaign = nomination_fixtures.campaign
_private_media = nomination_fixtures._private_media


def test_story_form_lists_running_campaigns_not_drafts(client, campaign, editor, secretariat):
    draft = cs.campaign_clone(actor=secretariat, campaign=campaign, year=2031)
    url = reverse("web:communication_article_create", args=["guong-dien-hinh"])
    page = login(client, editor).get(url).content.decode()
    select = page[
        page.index('name="campaign"') : page.index("</select>", page.index('name="campaign"'))
    ]
    assert "— Không gắn phong trào —" in select
    assert f'<option value="{campaign.pk}">{campaign}</option>' in select
    assert f'value="{draft.pk}"' not in select
    # The chosen campaign is kept with the story.
    response = client.post(url, {"title": "Chị Đào", "body": "<p>Một câu chuyện.</p>",
                                 "campaign": campaign.pk})  # fmt: skip
    assert response.status_code == 302
    assert campaign.title in client.get(response["Location"]).content.decode()
