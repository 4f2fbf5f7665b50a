import base64
from datetime import datetime

from odoo.fields import Command

from .common import ComplaintCommon

# A 1x1 PNG: what the signature widget sends, as base64.
SIGNATURE = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA"
        "WjR9awAAAABJRU5ErkJggg=="
    )
)
CALLED_AT = datetime(2026, 11, 2, 10, 0, 0)


class CounterCommon(ComplaintCommon):
    """The store counter: the complaint desk of ``ComplaintCommon`` is the front
    desk; a fresh-food department with a team leader and a member; a duty
    manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = cls._new_user("t_fresh_leader", "group_complaint_officer")
        cls.staff = cls._new_user("t_fresh_staff", "group_complaint_officer")
        cls.duty_manager = cls._new_user("t_duty", "group_complaint_approver_store")
        cls.department = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Fresh Food",
                "complaint_department": True,
                "user_id": cls.leader.id,
                "user_ids": [Command.set((cls.leader | cls.staff).ids)],
            }
        )
        cls.team.write(
            {
                "complaint_acknowledge": False,
                "complaint_duty_manager_id": cls.duty_manager.id,
            }
        )
        cls.env.company.write(
            {
                "complaint_front_desk_team_id": cls.team.id,
                "complaint_department_arrival_minutes": 30,
            }
        )

    def _counter_complaint(self, **values):
        vals = {"department_team_id": self.department.id}
        vals.update(values)
        return self._complaint(**vals).with_user(self.officer)

    def _confirm_as(self, user, complaint, finding="confirmed"):
        wizard = (
            self.env["complaint.department.confirm.wizard"]
            .with_user(user)
            .create(
                {
                    "ticket_id": complaint.id,
                    "finding": finding,
                    "signature": SIGNATURE,
                    "note": "Sour before its date",
                }
            )
        )
        return wizard.action_confirm()
