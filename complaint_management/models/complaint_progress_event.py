from odoo import fields, models

# The moments of a complaint the customer may be told of (rules §16.1): each a
# ``complaint.progress.event`` record of data, its mail template editable.
PROGRESS_EVENTS = [
    ("handed_to_qa", "Handed to QA"),
    ("containment", "Containment done"),
    ("remedy_approved", "Remedy approved"),
    ("eight_d_approved", "8D report approved"),
    ("resolved", "Resolved"),
]


class ComplaintProgressEvent(models.Model):
    """A moment of a complaint that may inform its customer (rules §16.1): handed
    to QA, containment done, a remedy approved, the 8D report approved, resolved.

    Each team chooses which of them write to its customers
    (``helpdesk.ticket.team.complaint_progress_event_ids``); each writes with its
    own mail template, which the company edits. The other events of a complaint
    (QA's response, the root cause, the customer's feedback, the call-back) are
    internal: they write to nobody. Shipped as data; the quality manager edits
    names and templates, never adds a moment the code does not record.
    """

    _name = "complaint.progress.event"
    _description = "Complaint Progress Told to the Customer"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Selection(PROGRESS_EVENTS, required=True, readonly=True)
    active = fields.Boolean(default=True)
    mail_template_id = fields.Many2one(
        "mail.template",
        domain=[("model", "=", "helpdesk.ticket")],
        ondelete="restrict",
        help="The e-mail the customer receives, in their language.",
    )

    _code_unique = models.Constraint(
        "UNIQUE(code)", "Each progress event is listed once."
    )
