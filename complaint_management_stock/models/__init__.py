from . import res_company
from . import complaint_delivery
from . import complaint_ppm_report
from . import complaint_outreach
from . import complaint_sample
from . import stock_picking
