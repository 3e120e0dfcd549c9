# ruff: noqa: F811  (pytest fixtures imported from other modules)
"""«Xuất gói hồ sơ» on the page of a proposal sent up, for the office that may send it, and its
API equivalent; the package downloaded is the one the receiver reads. The communes' focal
points see no action and get 404; a proposal not yet sent up is not exported. The receiving
side's exchange screen lists the received proposal, and the quarantine list its refusals."""

import pytest

from tests.api.conftest import API, bearer  # noqa: F401
from tests.conftest import login
from tests.nominations.conftest import filled_a, proposal_a  # noqa: F401
from thidua.documents import edxml
from thidua.exchange import services
from thidua.exchange.models import IncomingPackage

pytestmark = pytest.mark.django_db


def test_the_district_exports_its_proposal_from_the_page_and_the_api(
    client, sent_up, secretariat, focal_a, bearer, django_assert_max_num_queries
):
    login(client, secretariat)
    page = client.get(f"/de-nghi/{sent_up.pk}/").content.decode()
    assert 'id="export-package"' in page and "Xuất gói hồ sơ" in page
    response = client.get(f"/de-nghi/{sent_up.pk}/goi-ho-so/")
    assert response["Content-Type"].startswith("application/xml")
    assert f"goi-ho-so-de-nghi-{sent_up.pk}-lan-1.xml" in response["Content-Disposition"]
    package = edxml.parse(response.content)
    assert package.sender.organ_id == sent_up.unit.code
    assert package.recipients[0].organ_id == sent_up.campaign.issuer.code
    assert any(a.content_type == services.PROPOSAL_DATA for a in package.attachments)

    answer = client.get(
        f"{API}/nominations/{sent_up.pk}/exchange-package", headers=bearer(secretariat)
    )
    assert answer.status_code == 200 and edxml.parse(answer.content).document_id == (
        package.document_id
    )

    login(client, focal_a)
    assert 'id="export-package"' not in client.get(f"/de-nghi/{sent_up.pk}/").content.decode()
    assert client.get(f"/de-nghi/{sent_up.pk}/goi-ho-so/").status_code == 404
    refused = client.get(
        f"{API}/nominations/{sent_up.pk}/exchange-package", headers=bearer(focal_a)
    )
    assert refused.status_code == 404


def test_a_proposal_not_sent_up_is_not_exported(client, filled_a, secretariat, bearer):
    login(client, secretariat)
    assert 'id="export-package"' not in client.get(f"/de-nghi/{filled_a.pk}/").content.decode()
    page = client.get(f"/de-nghi/{filled_a.pk}/goi-ho-so/", follow=True).content.decode()
    assert "Chỉ xuất gói hồ sơ đã gửi lên cấp trên" in page
    answer = client.get(
        f"{API}/nominations/{filled_a.pk}/exchange-package", headers=bearer(secretariat)
    )
    assert answer.status_code == 422
    assert "Chỉ xuất gói hồ sơ đã gửi lên cấp trên" in answer.json()["detail"]


def test_the_exchange_screen_lists_refused_proposal_packages(client, sent_up, secretariat):
    package = services.proposal_package(
        sent_up, edxml.Organisation(sent_up.campaign.issuer.code, sent_up.campaign.issuer.name)
    )
    row = services.package_receive(actor=secretariat, data=edxml.build(package))
    assert (row.state, row.refusal) == ("quarantined", "unknown_sender")
    login(client, secretariat)
    page = client.get("/lien-thong/").content.decode()
    assert page.count('class="quarantined"') == 1
    assert "Tờ trình đề nghị khen thưởng của Huyện Nguyên Bình" in page
    assert IncomingPackage.objects.get().proposal is None
