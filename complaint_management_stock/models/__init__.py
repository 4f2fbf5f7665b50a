from . import complaint_outreach
