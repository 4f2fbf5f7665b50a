"""Step to 19.0.1.3.0 for the dashboard moved to Odoo's Dashboards app (docs/rules.md
§26).

The form dashboard's window action ``complaint_dashboard_action`` becomes a
client action of the Dashboards app under the same external id and the same path
(``/odoo/complaint-dashboard``, bookmarked by managers). Odoo does not change the
model of an external id, and two actions cannot share a path: the window action
and its external id are removed before the data is loaded. The model
``complaint.dashboard`` itself is removed by the update, as any model that is no
longer defined.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        DELETE FROM ir_act_window
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'complaint_management'
                         AND name = 'complaint_dashboard_action'
                         AND model = 'ir.actions.act_window')
        """
    )
    cr.execute(
        """
        DELETE FROM ir_model_data
         WHERE module = 'complaint_management'
           AND name = 'complaint_dashboard_action'
           AND model = 'ir.actions.act_window'
        """
    )
