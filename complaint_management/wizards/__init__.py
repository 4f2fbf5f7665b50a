from . import complaint_intake_return_wizard
from . import complaint_callback_wizard
from . import complaint_8d_reopen_wizard
from . import complaint_event_correction_wizard
from . import comment_wizard
from . import complaint_chargeback_answer_wizard
