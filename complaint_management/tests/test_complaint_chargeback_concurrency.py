from uuid import uuid4

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestComplaintChargebackConcurrency(BaseCase):
    """Two finance managers settling the same chargeback at the same time (issue
    11): with two real cursors, as Odoo's own concurrency tests do (e.g.
    test_ir_sequence), the second is refused at once and one credit note only is
    written."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.company
            # Committed for real: codes of their own, whatever an earlier run left.
            suffix = uuid4().hex[:4].upper()
            payable = env["account.account"].create(
                {
                    "name": "Suppliers (concurrency)",
                    "code": f"CB{suffix}1",
                    "account_type": "liability_payable",
                    "reconcile": True,
                }
            )
            expense = env["account.account"].create(
                {
                    "name": "Quality costs",
                    "code": f"CB{suffix}2",
                    "account_type": "expense",
                }
            )
            journal = env["account.journal"].create(
                {
                    "name": "Chargebacks (concurrency)",
                    "code": f"C{suffix}",
                    "type": "purchase",
                    "default_account_id": expense.id,
                }
            )
            self.old_journal = company.complaint_chargeback_journal_id.id
            company.complaint_chargeback_journal_id = journal
            supplier = env["res.partner"].create(
                {
                    "name": "Concurrent Castings",
                    "is_company": True,
                    "property_account_payable_id": payable.id,
                }
            )
            team = env["helpdesk.ticket.team"].create(
                {"name": "Concurrency Desk", "complaint_team": True}
            )
            complaint = env["helpdesk.ticket"].create(
                {
                    "name": "Porous castings",
                    "description": "<p>Porous</p>",
                    "team_id": team.id,
                    "responsibility": "supplier",
                    "supplier_id": supplier.id,
                }
            )
            chargeback = env["complaint.chargeback"].create(
                {
                    "partner_id": supplier.id,
                    "ticket_ids": [Command.set(complaint.ids)],
                    "line_ids": [
                        Command.create(
                            {
                                "cost_type_id": env.ref(
                                    "complaint_management.chargeback_cost_type_admin"
                                ).id,
                                "name": "Handling",
                                "unit_cost": 100.0,
                            }
                        )
                    ],
                }
            )
            # Straight to 'accepted': the flow before settlement is tested elsewhere.
            chargeback._approval_write({"state": "accepted", "accepted_amount": 100.0})
            self.ids = {
                "chargeback": chargeback.id,
                "complaint": complaint.id,
                "team": team.id,
                "supplier": supplier.id,
                "journal": journal.id,
                "accounts": (payable | expense).ids,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            chargeback = env["complaint.chargeback"].browse(self.ids["chargeback"])
            moves = chargeback.credit_note_id
            chargeback._approval_write({"state": "draft", "credit_note_id": False})
            moves.unlink()
            chargeback.unlink()
            env["helpdesk.ticket"].browse(self.ids["complaint"]).unlink()
            env["helpdesk.ticket.team"].browse(self.ids["team"]).unlink()
            env.company.complaint_chargeback_journal_id = self.old_journal
            env["account.journal"].browse(self.ids["journal"]).unlink()
            env["res.partner"].browse(self.ids["supplier"]).unlink()
            env["account.account"].browse(self.ids["accounts"]).unlink()

    def test_01_second_concurrent_settlement_refused(self):
        """While the first transaction settles (not committed yet), the second is
        refused at once; after the first commits, a third is refused as already
        settled; one credit note exists."""
        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            first = env1["complaint.chargeback"].browse(self.ids["chargeback"])
            second = env2["complaint.chargeback"].browse(self.ids["chargeback"])
            first.action_settle()
            self.assertEqual(first.state, "settled")
            # The refused lock is logged by the database layer: expected here.
            with mute_logger("odoo.sql_db"), self.assertRaises(UserError) as caught:
                second.action_settle()
            self.assertIn("being settled by someone else", str(caught.exception))
            cr2.rollback()
            cr1.commit()
        with self.registry.cursor() as cr3:
            env3 = api.Environment(cr3, SUPERUSER_ID, {})
            third = env3["complaint.chargeback"].browse(self.ids["chargeback"])
            with self.assertRaises(UserError) as caught:
                third.action_settle()
            self.assertIn("settled", str(caught.exception))
            self.assertEqual(
                env3["account.move"].search_count(
                    [
                        ("invoice_origin", "=", third.name),
                        ("move_type", "=", "in_refund"),
                    ]
                ),
                1,
            )
