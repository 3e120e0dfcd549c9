"""The web app's URLs, one module per area; the order of the areas is the order they match in."""

from thidua.web.urls import (
    accounts,
    approvals,
    awards,
    campaigns,
    clusters,
    communication,
    council,
    exchange,
    general,
    indicators,
    legal,
    monitoring,
    nominations,
    org,
    participation,
    records,
    statistics,
)

app_name = "web"

urlpatterns = [
    *general.urlpatterns,
    *org.urlpatterns,
    *records.urlpatterns,
    *accounts.urlpatterns,
    *campaigns.urlpatterns,
    *nominations.urlpatterns,
    *indicators.urlpatterns,
    *council.urlpatterns,
    *approvals.urlpatterns,
    *awards.urlpatterns,
    *clusters.urlpatterns,
    *legal.urlpatterns,
    *monitoring.urlpatterns,
    *statistics.urlpatterns,
    *communication.urlpatterns,
    *participation.urlpatterns,
    *exchange.urlpatterns,
]
