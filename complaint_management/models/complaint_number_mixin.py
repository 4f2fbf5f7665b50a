import math

from odoo import api, models
from odoo.exceptions import ValidationError

# Above any quantity a complaint counts or amount it costs, and below where a
# float loses the cents of a sum of such amounts (15 significant digits).
NUMBER_MAX = 1e12


class ComplaintNumberMixin(models.AbstractModel):
    """Quantities and amounts that are numbers (rules §12.5): finite and within
    ``NUMBER_MAX`` either side of zero, whoever writes them (a portal form, a
    JSON-RPC call, which can carry ``NaN`` and ``Infinity``, or the application),
    checked in ``create`` and ``write``; whether a field may be negative or zero
    is the model's own rule.

    ``_number_fields`` names the checked fields of the model; ``_parse_number``
    reads what a portal form typed into one of them, with the same messages and
    no negative number."""

    _name = "complaint.number.mixin"
    _description = "Complaint Quantities and Amounts"
    _number_fields = ()

    # CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_number_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_number_vals(vals)
        return super().write(vals)

    # Business methods
    @api.model
    def _check_number_vals(self, vals):
        """Refuse values of the checked fields that are not finite numbers within
        ``NUMBER_MAX``, before the ORM rounds them (rounding ``NaN`` or ``1e308``
        fails with an error, not a message)."""
        for name in self._number_fields:
            if name in vals:
                _value, refusal = self._parse_number(vals[name], name, signed=True)
                if refusal:
                    raise ValidationError(refusal)

    @api.model
    def _parse_number(self, raw, name, signed=False):
        """``(number, refusal)``: what a form or a caller gave for field ``name``
        (text, a number or nothing) as a float (``None`` when empty), and the
        message refusing it (``None`` when it is acceptable): not a finite
        number, beyond ``NUMBER_MAX``, or negative unless ``signed``."""
        if raw is None or raw is False or (isinstance(raw, str) and not raw.strip()):
            return None, None
        try:
            value = math.nan if raw is True else float(raw)
        except (TypeError, ValueError):
            value = math.nan
        label = self._fields[name]._description_string(self.env)
        if not math.isfinite(value):
            refusal = self.env._("Enter %(field)s as a number.", field=label)
        elif value < 0 and not signed:
            refusal = self.env._("%(field)s cannot be negative.", field=label)
        elif abs(value) > NUMBER_MAX:
            refusal = self.env._(
                "%(field)s is too large: enter at most %(maximum)s.",
                field=label,
                maximum=f"{NUMBER_MAX:,.0f}",
            )
        else:
            return value, None
        return None, refusal
