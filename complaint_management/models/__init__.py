from . import complaint_defect_type
from . import complaint_grading_rule
from . import res_company
from . import res_config_settings
from . import helpdesk_ticket_stage
from . import helpdesk_ticket_team
from . import helpdesk_ticket
