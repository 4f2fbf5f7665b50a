from . import complaint_intake_return_wizard
