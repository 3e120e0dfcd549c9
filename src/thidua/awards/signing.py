"""The deployment's trust and the cached signature checks live in `documents.trust`, shared by
every signed document (decisions here, the council's minutes, a unit's tờ trình)."""

from thidua.documents.trust import CHECK_TTL, check_key, checked_signatures, signing_trust

__all__ = ["CHECK_TTL", "check_key", "checked_signatures", "signing_trust"]
