"""Check that every term of a .pot is translated in each given .po file.

Usage: check_translations.py TEMPLATE.pot LANG.po [LANG.po ...]

A term counts as translated when its msgstr is not empty. A term with no
natural-language word (codes such as "8D" or "5W2H", HTML that only wraps them,
placeholders, dotted expressions) may stay empty: the OCA's po layout leaves a
translation identical to its source empty, and Odoo then shows the source. Prints the
missing terms per file and exits 1 when any is missing.
"""

import re
import sys

import polib

TAG = re.compile(r"<[^>]*>")
PLACEHOLDER = re.compile(r"%\(\w+\)[-.#0-9]*[sdfr]|%[sdfr%]|\{\{.*?\}\}|\$\{.*?\}")
EXPRESSION = re.compile(r"\b\w+(\.\w+)+\b")
WORD = re.compile(r"\b(?=[A-Za-z]*[a-z])[A-Za-z]{3,}\b")


def needs_translation(msgid):
    text = EXPRESSION.sub(" ", PLACEHOLDER.sub(" ", TAG.sub(" ", msgid)))
    return bool(WORD.search(text))


def main(template, *po_files):
    terms = [e.msgid for e in polib.pofile(template) if e.msgid and not e.obsolete]
    failed = False
    for path in po_files:
        translated = {
            e.msgid for e in polib.pofile(path) if e.msgstr and not e.obsolete
        }
        missing = [t for t in terms if t not in translated and needs_translation(t)]
        if missing:
            failed = True
            print(f"{path}: {len(missing)} term(s) untranslated, e.g.:")
            for term in missing[:5]:
                print(f"    {term[:100]!r}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
