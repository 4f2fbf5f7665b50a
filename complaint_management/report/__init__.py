from . import complaint_xlsx_base
from . import complaint_register_xlsx
from . import complaint_returns_summary_xlsx
from . import complaint_returns_detail_xlsx
from . import complaint_xlsx_chargeback
from . import complaint_xlsx_service_charge
from . import complaint_dossier_report
