#!/usr/bin/env python3
"""Writes the bundled sample: one province's monthly submissions in the file styles real
communes send (semicolon + BOM + CRLF from Vietnamese Excel, Vietnamese headers, thousands
separators, lost leading zeros, MM/YYYY), plus two files communes got wrong: one answered by a
corrected file, one still waiting.

Deterministic: the same seed gives the same files. Usage: scripts/make-sample.py OUT_DIR
"""
import csv, os, random, sys

PROVINCE = "12"  # Tỉnh Lai Châu, 38 communes in the 2026-04 register
PERIODS = ["2026-08", "2026-09", "2026-10"]
FIELDS = ["villages_total", "villages_mobile_broadband", "villages_fibre", "bts_stations",
          "households_total", "households_fibre", "adult_population", "adults_smartphone",
          "services_total", "services_online_partial", "services_online_full",
          "dossiers_total", "dossiers_online"]
VI = ["Tổng số thôn, tổ dân phố", "Số thôn có sóng 3G/4G", "Số thôn có cáp quang", "Số trạm BTS",
      "Tổng số hộ gia đình", "Số hộ có internet cáp quang", "Dân số trưởng thành",
      "Số người trưởng thành có điện thoại thông minh", "Tổng số thủ tục hành chính",
      "Số dịch vụ công trực tuyến một phần", "Số dịch vụ công trực tuyến toàn trình",
      "Tổng số hồ sơ tiếp nhận", "Số hồ sơ nộp trực tuyến"]

def communes(register):
    with open(register, encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["province_code"] == PROVINCE]

def base_figures(rng):
    villages = rng.randint(10, 60)
    households = rng.randint(1500, 16000)
    adults = int(households * rng.uniform(2.2, 2.8))
    services = rng.randint(100, 400)
    return dict(villages=villages, households=households, adults=adults, services=services,
                mobile=rng.uniform(0.75, 1.0), fibre_v=rng.uniform(0.4, 1.0), fibre_h=rng.uniform(0.3, 0.95),
                smart=rng.uniform(0.5, 0.9), full=rng.uniform(0.3, 0.85), partial=rng.uniform(0.05, 0.15),
                dossier=rng.uniform(0.2, 0.7), bts=rng.randint(3, 30))

def figures(b, month_index, rng):
    g = 1 + 0.01 * month_index
    d = rng.randint(80, 900)
    full = min(int(b["services"] * min(0.95, b["full"] * g)), b["services"])
    partial = min(int(b["services"] * b["partial"]), b["services"] - full)
    return [b["villages"], min(b["villages"], round(b["villages"] * min(1, b["mobile"] * g))),
            min(b["villages"], round(b["villages"] * min(1, b["fibre_v"] * g))), b["bts"] + month_index,
            b["households"], min(b["households"], int(b["households"] * min(1, b["fibre_h"] * g))),
            b["adults"], min(b["adults"], int(b["adults"] * min(1, b["smart"] * g))),
            b["services"], partial, full, d, min(d, int(d * min(1, b["dossier"] * g)))]

def grouped(n):
    return f"{n:,}".replace(",", ".")

def main(out):
    rng = random.Random(2026)
    units = communes(os.path.join(os.path.dirname(__file__), "..", "data", "registers", "vn_units_2026-04.csv"))
    bases = {u["commune_code"]: base_figures(rng) for u in units}
    for m, period in enumerate(PERIODS):
        folder = os.path.join(out, period)
        os.makedirs(folder, exist_ok=True)
        # In the last month three communes have not reported yet.
        late = {u["commune_code"] for u in units[5:8]} if m == len(PERIODS) - 1 else set()
        reporting = [u for u in units if u["commune_code"] not in late]
        for i, u in enumerate(reporting):
            code, values = u["commune_code"], figures(bases[u["commune_code"]], m, rng)
            style = i % 3
            path = os.path.join(folder, f"xa-{code}-{period}.csv")
            if style == 0:  # Vietnamese-locale Excel: BOM, ';', CRLF, Vietnamese headers, 1.240 separators
                header = ["Mã xã", "Kỳ báo cáo", "Tên xã"] + VI + ["Ghi chú"]
                name = u["commune_name"] if i != 3 else u["commune_name"][:-1]  # a typo: warning only
                row = [code.lstrip("0"), f"{period[5:]}/{period[:4]}", name] + [grouped(v) for v in values] + [""]
                text = "\ufeff" + ";".join(header) + "\r\n" + ";".join(row) + "\r\n"
            elif style == 1:  # a script: canonical names, ',', LF, shuffled columns
                order = list(reversed(FIELDS))
                header = ["period", "commune_code"] + order
                row = [period, code] + [str(values[FIELDS.index(f)]) for f in order]
                text = ",".join(header) + "\n" + ",".join(row) + "\n"
            else:  # LibreOffice: tab, quoted notes with a line break and a delimiter
                header = ["commune_code", "period"] + FIELDS + ["notes"]
                note = '"Đã cập nhật số liệu;\nkiểm tra lại ""thôn mới"""' if i % 6 == 2 else ""
                text = "\t".join(header) + "\n" + "\t".join([code, period] + [str(v) for v in values] + [note])
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
    # A correction: the commune re-sends October with one more village on fibre (revision 2).
    first = units[1]
    values = figures(bases[first["commune_code"]], len(PERIODS) - 1, random.Random(1))
    values[2] = min(values[0], values[2] + 1)
    with open(os.path.join(out, PERIODS[-1], f"xa-{first['commune_code']}-{PERIODS[-1]}.v2.csv"), "w", encoding="utf-8") as f:
        f.write(",".join(["commune_code", "period"] + FIELDS + ["notes"]) + "\n")
        f.write(",".join([first["commune_code"], PERIODS[-1]] + [str(v) for v in values] + ["Gửi lại: bổ sung 1 thôn có cáp quang"]) + "\n")
    # A file a commune got wrong: decimals, fibre over the total, an unknown column.
    bad = os.path.join(out, PERIODS[-1], "xa-loi-dinh-dang.csv")
    with open(bad, "w", encoding="utf-8", newline="") as f:
        f.write("commune_code;period;" + ";".join(FIELDS) + ";so_ho_cap_quang\r\n")
        f.write(f"{units[0]['commune_code']};{PERIODS[-1]};12;12;14;5;2.400;0,71;5.000;3.000;200;10;120;300;100;9\r\n")
    # One of the silent communes sends October under a name that says nothing of it, with the
    # two population cells swapped: refused, and still waiting for its correction.
    silent = units[6]
    values = figures(bases[silent["commune_code"]], len(PERIODS) - 1, random.Random(6))
    values[6], values[7] = values[7], values[6]
    with open(os.path.join(out, PERIODS[-1], "bao-cao-thang-10.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\ufeff" + ";".join(["Mã xã", "Kỳ báo cáo", "Tên xã"] + VI) + "\r\n")
        f.write(";".join([silent["commune_code"], f"{PERIODS[-1][5:]}/{PERIODS[-1][:4]}", silent["commune_name"]]
                         + [grouped(v) for v in values]) + "\r\n")

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "data/sample")
