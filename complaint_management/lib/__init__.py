# Plain-Python engines beside the ORM models (no Odoo import): see sla_planner.
