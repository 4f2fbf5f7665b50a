"""Translations this addon ships for the OCA modules it builds on.

A complaint user works on helpdesk_mgmt's ticket screens, but helpdesk_mgmt and
helpdesk_product ship no Chinese. ``complaint_management/i18n_extra/<lang>.po`` carries
their terms by their own xml ids (``helpdesk_mgmt.field_helpdesk_ticket__team_id``,
``helpdesk_mgmt.ticket_view_form``, ``helpdesk_mgmt.helpdesk_ticket_stage_new``...):
Odoo loads ``i18n_extra/`` beside ``i18n/`` (``odoo.tools.translate.get_po_paths``) and
its importer writes each entry to the record its xml id names, whatever module owns it.
Each entry keeps the ``#. module:`` line of its upstream module, so that the file splits
into the OCA's own ``<module>/i18n/<lang>.po`` files to be offered upstream.

Only the terms of records go there. The terms of Python code (``_()``) and JavaScript
of helpdesk_mgmt are read by Odoo from helpdesk_mgmt's own files only, so no other
addon can translate them: they are left out here.

Usage:
    i18n_extra.py filter TEMPLATE.pot      keep the record terms only (in place)
    i18n_extra.py split LANG.po OUTDIR     write OUTDIR/<module>/i18n/<lang>.po
"""

import os
import re
import sys

import polib

CODE = re.compile(r"^code:")
MODULES = re.compile(r"^modules?: ([\w, ]+)$", re.MULTILINE)


def filter_template(path):
    """Drop the code terms (and the code places of terms also found in records)."""
    pot = polib.pofile(path, wrapwidth=78)
    for entry in list(pot):
        entry.occurrences = [o for o in entry.occurrences if not CODE.match(o[0])]
        if not entry.occurrences:
            pot.remove(entry)
            continue
        entry.comment = "\n".join(
            line
            for line in entry.comment.split("\n")
            if line not in ("odoo-python", "odoo-javascript")
        )
    pot.save(path)


def split(path, outdir):
    """One file per upstream module, in the layout the OCA keeps in ``i18n/``."""
    po = polib.pofile(path, wrapwidth=78)
    lang = os.path.splitext(os.path.basename(path))[0]
    by_module = {}
    for entry in po:
        for line in MODULES.findall(entry.comment):
            for module in line.replace(" ", "").split(","):
                by_module.setdefault(module, []).append(entry)
    for module, entries in by_module.items():
        out = polib.POFile(wrapwidth=78)
        out.metadata = dict(po.metadata)
        out.header = (
            "Translation of Odoo Server.\n"
            "This file contains the translation of the following modules:\n"
            f"\t* {module}"
        )
        for entry in entries:
            occurrences = [o for o in entry.occurrences if f":{module}." in o[0]]
            copy = polib.POEntry(
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                occurrences=occurrences or entry.occurrences,
                comment=f"module: {module}",
            )
            out.append(copy)
        target = os.path.join(outdir, module, "i18n")
        os.makedirs(target, exist_ok=True)
        out.save(os.path.join(target, f"{lang}.po"))
        print(os.path.join(target, f"{lang}.po"), len(entries))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"filter": filter_template, "split": split}[command](*args)
