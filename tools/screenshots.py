"""Take the README's pictures from a running demo database, in headless chromium.

    .venv/bin/python tools/screenshots.py --url http://127.0.0.1:8069 --db <demo db> \\
        [--login admin --password admin] [--out complaint_management/static/description]

The database must have complaint_management's demo data (`make run` creates one) and
an Odoo serving it at --url. The script signs in over JSON-RPC, gives the session to
chromium (headless, driven over the DevTools protocol with websocket-client) and
saves: the Complaints dashboard, the Pareto of defect types, a complaint form, the
complaint list, the first page of an 8D report (its PDF, drawn by poppler's pdftoppm),
and the first sheet of last month's complaint register (the workbook downloaded, read
with openpyxl and drawn as an HTML table). Run it again whenever the screens change;
README.md shows the files.
"""

import argparse
import base64
import html
import io
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
from datetime import date, datetime, timedelta

import openpyxl
import requests
import websocket

WIDTH, HEIGHT = 1440, 900


class Browser:
    """A headless chromium driven over the DevTools protocol."""

    def __init__(self, port=9274):
        self.profile = tempfile.mkdtemp(prefix="complaint-shots-")
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu",
             "--hide-scrollbars", f"--remote-debugging-port={port}",
             f"--user-data-dir={self.profile}", f"--window-size={WIDTH},{HEIGHT}",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                targets = requests.get(
                    f"http://127.0.0.1:{port}/json", timeout=1
                ).json()
                page = next(t for t in targets if t["type"] == "page")
                break
            except (requests.ConnectionError, StopIteration, ValueError):
                time.sleep(0.2)
        else:
            raise RuntimeError("chromium did not start")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.ids = itertools.count(1)
        self.call("Page.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False,
        )  # fmt: skip

    def call(self, method, **params):
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def goto(self, url, ready=None, settle=1.5, timeout=30):
        """Open ``url`` and wait until the JS expression ``ready`` is true."""
        self.call("Page.navigate", url=url)
        deadline = time.time() + timeout
        time.sleep(0.5)
        while time.time() < deadline:
            if self.evaluate(ready or "document.readyState === 'complete'"):
                break
            time.sleep(0.3)
        time.sleep(settle)

    def shot(self, path, height=HEIGHT):
        """Save the page as PNG, on a window ``height`` pixels tall (the web
        client scrolls inside the window: a taller one shows more of a view)."""
        if height != HEIGHT:
            self.resize(height)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        if height != HEIGHT:
            self.resize(HEIGHT)
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))
        print("saved", path)

    def resize(self, height):
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH, height=height, deviceScaleFactor=1, mobile=False,
        )  # fmt: skip
        time.sleep(1.5)

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def pdf_page(odoo, path, png):
    """The first page of a PDF report as the customer receives it (letterhead
    included), drawn by poppler's pdftoppm at 80 dpi."""
    if not shutil.which("pdftoppm"):
        raise SystemExit("pdftoppm is missing: apt-get install poppler-utils")
    response = odoo.session.get(f"{odoo.url}{path}", timeout=300)
    response.raise_for_status()
    with tempfile.TemporaryDirectory() as tmp:
        with open(f"{tmp}/report.pdf", "wb") as pdf:
            pdf.write(response.content)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
             f"{tmp}/report.pdf", f"{tmp}/page"],
            check=True,
        )  # fmt: skip
        shutil.move(f"{tmp}/page.png", png)


class Odoo:
    """A JSON-RPC session on the demo database."""

    def __init__(self, url, db, login, password):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        response = self.session.post(
            f"{self.url}/web/session/authenticate",
            json={"jsonrpc": "2.0", "params": {"db": db, "login": login,
                                                "password": password}},
            timeout=60,
        )  # fmt: skip
        response.raise_for_status()
        if response.json().get("error"):
            raise RuntimeError(response.json()["error"])
        self.session_id = self.session.cookies["session_id"]

    def call(self, model, method, *args, **kwargs):
        response = self.session.post(
            f"{self.url}/web/dataset/call_kw",
            json={"jsonrpc": "2.0", "params": {"model": model, "method": method,
                                                "args": args, "kwargs": kwargs}},
            timeout=120,
        )  # fmt: skip
        payload = response.json()
        if payload.get("error"):
            raise RuntimeError(payload["error"]["data"]["message"])
        return payload["result"]

    def xmlid(self, name):
        [row] = self.call(
            "ir.model.data", "search_read",
            [("module", "=", "complaint_management"), ("name", "=", name)], ["res_id"],
        )  # fmt: skip
        return row["res_id"]


VIEW_READY = "!!document.querySelector('.o_action_manager .o_content, .o_form_view')"
DASHBOARD_READY = (
    "!!document.querySelector('.o_spreadsheet_dashboard_action .o-spreadsheet')"
)


def sheet_html(content):
    """The first sheet of a workbook as an HTML table, formatted roughly as Excel
    shows it (header, numbers right-aligned, the totals row bold)."""
    book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))[:30]
    last = sheet.max_row

    def cell(value):
        if isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M"), "l"
        if isinstance(value, float):
            return f"{value:,.2f}", "r"
        if isinstance(value, int):
            return f"{value:,}", "r"
        return html.escape(str(value or "")), "l"

    body = []
    for index, row in enumerate(rows, start=1):
        tag = "th" if index == 1 else "td"
        css = " class='total'" if index == last else ""
        cells = "".join(
            f"<{tag} class='{cell(v)[1]}'>{cell(v)[0]}</{tag}>" for v in row[:16]
        )
        body.append(f"<tr{css}><td class='n'>{index}</td>{cells}</tr>")
    letters = "".join(f"<th class='n'>{chr(65 + i)}</th>" for i in range(16))
    return f"""<html><head><meta charset='utf-8'><style>
        body {{ font: 12px Calibri, Arial, sans-serif; margin: 0; }}
        .tab {{ background: #217346; color: #fff; padding: 6px 12px;
                font-weight: bold; }}
        table {{ border-collapse: collapse; }}
        td, th {{ border: 1px solid #d4d4d4; padding: 2px 6px; white-space: nowrap;
                  max-width: 180px; overflow: hidden; }}
        th {{ background: #e8e4f0; }} .n {{ background: #f3f3f3; color: #666; }}
        .r {{ text-align: right; }} .total td {{ font-weight: bold;
        border-top: 2px solid #333; }}
        </style></head><body><div class='tab'>{html.escape(sheet.title)}</div>
        <table><tr><th class='n'></th>{letters}</tr>{"".join(body)}</table>
        </body></html>"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", default="complaint_management/static/description")
    parser.add_argument("--debug-port", type=int, default=9274)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    odoo = Odoo(args.url, args.db, args.login, args.password)
    browser = Browser(args.debug_port)
    try:
        browser.call("Network.enable")
        host = args.url.split("//", 1)[1].split(":")[0].split("/")[0]
        browser.call(
            "Network.setCookie", name="session_id", value=odoo.session_id,
            domain=host, path="/",
        )  # fmt: skip
        out = args.out
        # the Complaints dashboard of the Dashboards app, once its pivots loaded
        browser.goto(f"{odoo.url}/odoo/complaints-dashboard", DASHBOARD_READY, settle=6)
        browser.shot(f"{out}/screenshot_dashboard.png", height=2000)
        browser.goto(f"{odoo.url}/odoo/complaint-pareto", VIEW_READY, settle=3)
        browser.shot(f"{out}/screenshot_pareto.png")
        ticket = odoo.xmlid("ticket_caliper_line_stop_demo")
        browser.goto(f"{odoo.url}/odoo/complaints/{ticket}", VIEW_READY, settle=3)
        browser.shot(f"{out}/screenshot_complaint_form.png")
        browser.goto(f"{odoo.url}/odoo/complaints", VIEW_READY, settle=3)
        browser.shot(f"{out}/screenshot_complaint_list.png")
        eight_d = odoo.xmlid("complaint_8d_caliper_demo")
        pdf_page(
            odoo,
            f"/report/pdf/complaint_management.report_complaint_8d/{eight_d}",
            f"{out}/screenshot_8d_report.png",
        )
        month = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
        options = json.dumps({"month": month.isoformat()})
        response = odoo.session.get(
            f"{odoo.url}/report/xlsx/complaint_management.complaint_register_xlsx",
            params={"options": options},
            timeout=120,
        )
        response.raise_for_status()
        with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as page:
            page.write(sheet_html(response.content))
        browser.goto(f"file://{page.name}")
        browser.shot(f"{out}/screenshot_register_xlsx.png")
        os.unlink(page.name)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
