#!/usr/bin/env python3
"""Writes the hostile workbooks of issue 28 into the fuzz regression corpus
(Tests/Fixtures/fuzz), small and deterministic: each is replayed by the tests
(FuzzRegressionTests) and seeds the `workbook` fuzz target (scripts/fuzz).

Usage: scripts/make-hostile-workbooks.py [OUT_DIR]
"""
import io, os, sys, warnings, zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = ("commune_code,period,villages_total,villages_mobile_broadband,villages_fibre,bts_stations,"
          "households_total,households_fibre,adult_population,adults_smartphone,services_total,"
          "services_online_partial,services_online_full,dossiers_total,dossiers_online").split(",")
FIGURES = [12, 12, 9, 5, 2400, 1800, 5000, 3000, 200, 10, 120, 6734, 100]


def column(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def rows(p=""):
    def row(r, cells):
        out = []
        for i, v in enumerate(cells):
            ref = f"{column(i + 1)}{r}"
            if isinstance(v, int):
                out.append(f'<{p}c r="{ref}"><{p}v>{v}</{p}v></{p}c>')
            else:
                out.append(f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>{v}</{p}t></{p}is></{p}c>')
        return f'<{p}row r="{r}">' + "".join(out) + f"</{p}row>"
    return row(1, HEADER) + row(2, ["03388", "2026-10"] + FIGURES)


def parts(sheet_rows, prefix="", workbook="xl/workbook.xml"):
    p = prefix + ":" if prefix else ""
    ns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    folder = workbook.rsplit("/", 1)[0] + "/"
    name = workbook.rsplit("/", 1)[1]
    return [
        ("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
        ("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="/{workbook}"/></Relationships>'),
        (workbook, f'<{p}workbook {ns} xmlns:r="{REL}"><{p}sheets><{p}sheet name="Báo cáo" sheetId="1" r:id="rId1"/></{p}sheets></{p}workbook>'),
        (f"{folder}_rels/{name}.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="sheets/one.xml"/></Relationships>'),
        (f"{folder}sheets/one.xml", f"<{p}worksheet {ns}><{p}sheetData>{sheet_rows}</{p}sheetData></{p}worksheet>"),
    ]


def package(items, method=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are wanted here
        with zipfile.ZipFile(buffer, "w", method) as z:
            for name, text in items:
                info = zipfile.ZipInfo(name, (2026, 11, 2, 9, 0, 0))
                info.compress_type = method
                z.writestr(info, text.encode("utf-8"))
    return bytearray(buffer.getvalue())


def main(out):
    os.makedirs(out, exist_ok=True)
    books = {}
    good = package(parts(rows()))
    # A damaged deflate stream: a byte in the middle of the sheet's compressed data changed.
    damaged = bytearray(good)
    at = damaged.find(b"sheets/one.xml") + len("sheets/one.xml") + 40
    damaged[at] ^= 0x55
    books["damaged-deflate.xlsx"] = damaged
    # A stored part with one digit changed: only its CRC-32 tells.
    stored = package(parts(rows()), zipfile.ZIP_STORED)
    at = stored.find(b"6734")
    stored[at + 3] = ord("7")
    books["stored-crc-mismatch.xlsx"] = stored
    # Two parts of one name, with different figures.
    other = parts(rows().replace("<v>9</v>", "<v>3</v>"))[4]
    books["duplicate-part.xlsx"] = package(parts(rows()) + [other])
    # Shared strings that ask for millions of values, and millions of empty cells.
    books["shared-strings-flood.xlsx"] = package(parts(rows()) + [("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">' + "<si/>" * 1_200_000 + "</sst>")])
    books["empty-cells-flood.xlsx"] = package(parts(rows() + '<row r="3">' + "<c/>" * 1_000_000 + "</row>"))
    # Valid packages other tools write.
    books["prefixed-spreadsheetml.xlsx"] = package(parts(rows("x:"), prefix="x"))
    books["workbook-through-rels.xlsx"] = package(parts(rows(), workbook="book/main.xml"))
    books["formatted-last-row.xlsx"] = package(parts(rows() + '<row r="1048576" s="3" customFormat="1"><c r="A1048576" s="3"/></row>'))
    for name, data in books.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "fuzz"))
