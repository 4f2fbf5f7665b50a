"""Steps to 19.0.1.3.0 for the manufacturer's procedure as shipped (docs/rules.md
§17).

1. Every complaint the company is responsible for needs an 8D, unless the
   customer's own format is chosen (§17.1). The new shipped rule
   ``complaint_8d_requirement_company`` is created by the data of this version;
   the old one, ``complaint_8d_requirement_serious_company`` (serious complaints
   only), is archived when it still says what it said when shipped: otherwise the
   company tuned it, and it stays as the company left it.

2. The QA manager forms the 8D teams (§17.5): companies that have no group for it
   yet get the QA managers.

The new deadline policies of general and occasional complaints (§17.3) are new
records of the data files: updating the addon creates them, and creating a
policy re-plans the open complaints it applies to, as any new policy does.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    old = env.ref(
        "complaint_management.complaint_8d_requirement_serious_company",
        raise_if_not_found=False,
    )
    if (
        old
        and old.active
        and old.severity == "serious"
        and old.responsibility == "company"
        and not (
            old.defect_family
            or old.partner_ids
            or old.partner_category_ids
            or old.product_ids
            or old.defect_type_ids
            or old.team_ids
            or old.major_only
            or old.company_id
        )
    ):
        old.active = False
    env["res.company"]._complaint_init_8d_team_group()
