"""The public portal's reads, which live with the apps that own the rows (campaigns, awards,
org selectors). Only what was published is ever returned: campaigns from `published` on (never
a draft), decisions in state `issued` (never a draft decision), and of an award only what the
decision itself prints (name, position and unit, award form) — no dossier, vote or personal
data.
"""

from thidua.awards.published import published_stamp
from thidua.awards.selectors import (
    public_awards,
    public_decision,
    public_decisions,
    public_results_stamp,
    result_campaigns,
)
from thidua.campaigns.selectors import (
    LIST_FIELDS,
    issuers,
    public_campaign,
    public_campaign_list,
    public_campaigns,
)
from thidua.org.selectors import issuer_units

__all__ = [
    "LIST_FIELDS",
    "issuer_units",
    "issuers",
    "public_campaign",
    "public_campaign_list",
    "public_campaigns",
    "public_awards",
    "public_decision",
    "public_decisions",
    "public_results_stamp",
    "published_stamp",
    "result_campaigns",
]
