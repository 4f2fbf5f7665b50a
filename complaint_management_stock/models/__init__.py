from . import complaint_sample
from . import stock_picking
