from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "thidua.org"
    label = "org"
    verbose_name = "Tổ chức và nhân sự"

    def ready(self):
        # In ready(): logins and selectors import models, loadable only once the registry is.
        from thidua.core import logins
        from thidua.org import selectors

        # Login audit rows carry the account's unit (core cannot read roles itself).
        logins.register_unit_lookup(
            of_user=selectors.user_unit_id, of_name=selectors.user_unit_id_by_name
        )
