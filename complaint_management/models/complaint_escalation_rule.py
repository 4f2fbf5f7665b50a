from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .complaint_defect_type import SEVERITIES
from .complaint_sla_policy import DEADLINE_MILESTONES


class ComplaintEscalationRule(models.Model):
    """One step of the escalation ladder: the "three changes" (三換, rules §5,
    §16.2): tell the handler's manager, hand the case to a more senior person,
    tell the department head.

    A step is taken on a missed deadline, on an unhappy customer, or on either
    (``trigger``). On a missed deadline the steps run in sequence, each once per
    breach, each after its delay from the breach. On an unhappy customer (the
    officer's "customer still unhappy", a low satisfaction answer) the complaint
    climbs one step of its dissatisfaction ladder each time, at once: the
    complaint goes to the step's person (change the person), who may meet the
    customer with a more senior manager (``complaint.three.change``).

    A step applies to the complaints its criteria match (team, customer, customer
    tag, product, defect family and type, grade, major: ``complaint.rule.mixin``);
    the ladder of a missed deadline is the steps that apply to its complaint and
    milestone, in sequence.
    """

    _name = "complaint.escalation.rule"
    _inherit = ["complaint.rule.mixin"]
    _description = "Complaint Escalation Step"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    delay_hours = fields.Float(
        string="Hours After the Breach",
        help="Taken this many hours after the deadline was found missed.",
    )
    action = fields.Selection(
        [
            ("notify_manager", "Tell the team leader"),
            ("reassign", "Hand over to the escalation handler"),
            ("notify_department_head", "Tell the department head"),
        ],
        required=True,
    )
    trigger = fields.Selection(
        [
            ("breach", "Missed deadline"),
            ("dissatisfaction", "Unhappy customer"),
            ("both", "Missed deadline or unhappy customer"),
        ],
        required=True,
        default="breach",
        help="What takes this step: a deadline missed, the customer saying they are "
        "still unhappy (the officer's button, a low satisfaction answer), or either.",
    )
    milestone = fields.Selection(DEADLINE_MILESTONES, help="Empty: every milestone.")
    severity = fields.Selection(SEVERITIES, string="Grade", help="Empty: every grade.")

    @api.constrains("delay_hours")
    def _check_delay(self):
        for rule in self:
            if rule.delay_hours < 0:
                raise ValidationError(
                    self.env._(
                        "The delay of the escalation step '%(step)s' cannot be "
                        "negative.",
                        step=rule.name,
                    )
                )
