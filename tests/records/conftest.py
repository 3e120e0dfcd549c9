from tests.awards.conftest import draft, funded, staged  # noqa: F401
from tests.nominations.conftest import (  # noqa: F401
    _private_media,
    campaign,
    complete_dossier,
    forms,
)
