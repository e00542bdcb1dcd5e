#!/usr/bin/env python3
"""Contact workbooks made with openpyxl, for tests/io/contacts_test.cc.

  contacts_fixtures.py make DIR   writes DIR/contacts.xlsx: a "Contacts"
                                  sheet with phone numbers as text and as
                                  numeric cells (leading zero lost, E.164
                                  digits), unicode names, empty cells,
                                  and booleans; and a second sheet.
"""

import os
import sys


def make(directory):
    import openpyxl
    os.makedirs(directory, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Contacts"
    ws.append(["Nom", "Mobile", "Ville", "Actif", "Score"])
    ws.append(["Kouamé Aya", "07 07 12 34 56", "Abidjan", True, 12.5])
    ws.append(["Traoré Moussa", 707123457, "Bouaké", False, 3])
    ws.append(["Zoë", 2250505050505, None, True, None])
    ws.append(["李小龙", "+86 138 0013 8000", "北京", None, 7])
    ws.append(["Bad", "hello", "?", False, 0])
    ws.append(["Dup", "+225 07 07 12 34 56", "Abidjan", True, 1])
    other = wb.create_sheet("Autre")
    other.append(["numéro"])
    other.append(["+33 6 12 34 56 78"])
    wb.save(os.path.join(directory, "contacts.xlsx"))


def main(argv):
    if len(argv) == 3 and argv[1] == "make":
        make(argv[2])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
