from . import test_install
from . import test_delivered_from_stock
from . import test_outreach_deliveries
from . import test_complaint_sample_stock
