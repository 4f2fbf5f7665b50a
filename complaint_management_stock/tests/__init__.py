from . import test_install
from . import test_complaint_sample_stock
