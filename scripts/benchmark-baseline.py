#!/usr/bin/env python3
"""The job issue 3 compares dti with, done the usual way: pandas + XlsxWriter.

Reads every CSV of a folder of canonical files (the benchmark's current-canonical sample),
keeps the last revision of each commune and period, scores the default indicator set, ranks
the communes of each province, and writes one workbook and one Markdown file per period.
Clean canonical files only: no validation, no other styles, no database.

    pip install pandas xlsxwriter
    scripts/benchmark-baseline.py .bench/data/current-canonical data/registers/vn_units_2025-07.csv OUT
"""
import glob, os, sys, time

import pandas as pd

INDICATORS = [  # id, pillar, numerator, denominator, target, weight (indicators/default.toml)
    ("mobile_broadband_villages", "infrastructure", "villages_mobile_broadband", "villages_total", 1.00, 0.15),
    ("fibre_villages", "infrastructure", "villages_fibre", "villages_total", 1.00, 0.10),
    ("fibre_households", "infrastructure", "households_fibre", "households_total", 0.80, 0.15),
    ("smartphone_adults", "society", "adults_smartphone", "adult_population", 0.80, 0.25),
    ("full_process_services", "government", "services_online_full", "services_total", 0.80, 0.20),
    ("online_dossiers", "government", "dossiers_online", "dossiers_total", 0.50, 0.15),
]
PILLARS = ["infrastructure", "society", "government"]


def main(folder, register_path, out):
    start = time.time()
    register = pd.read_csv(register_path, dtype=str)[["province_code", "commune_code", "commune_name"]]
    paths = sorted(glob.glob(os.path.join(folder, "**", "*.csv"), recursive=True))
    frames = [pd.read_csv(path, dtype={"commune_code": str, "period": str}) for path in paths]
    data = pd.concat(frames, ignore_index=True).drop_duplicates(["period", "commune_code"], keep="last")
    read = time.time()

    weighted = {pillar: 0 for pillar in PILLARS}
    weights = {pillar: 0 for pillar in PILLARS}
    total, total_weight = 0, 0
    for name, pillar, numerator, denominator, target, weight in INDICATORS:
        ratio = data[numerator] / data[denominator].where(data[denominator] != 0)
        score = (ratio / target).clip(upper=1)
        data[name] = ratio
        applies = score.notna()
        weighted[pillar] = weighted[pillar] + score.fillna(0) * weight
        weights[pillar] = weights[pillar] + applies * weight
        total = total + score.fillna(0) * weight
        total_weight = total_weight + applies * weight
    for pillar in PILLARS:
        data[pillar] = 100 * weighted[pillar] / weights[pillar].where(weights[pillar] > 0)
    data["dti"] = 100 * total / total_weight.where(total_weight > 0)
    data = data.merge(register, on="commune_code", how="left", suffixes=("", "_register"))
    data["rounded"] = (data["dti"] * 100 + 0.5).apply(lambda v: v // 1) / 100
    data["rank"] = data.groupby(["period", "province_code"])["rounded"].rank(method="min", ascending=False)
    scored = time.time()

    columns = ["province_code", "rank", "commune_code", "commune_name", "dti"] + PILLARS + [i[0] for i in INDICATORS]
    for period, rows in data.groupby("period"):
        folder_out = os.path.join(out, period)
        os.makedirs(folder_out, exist_ok=True)
        rows = rows.sort_values(["province_code", "rank", "commune_code"])[columns]
        with pd.ExcelWriter(os.path.join(folder_out, f"dti-{period}.xlsx"), engine="xlsxwriter") as writer:
            rows.to_excel(writer, sheet_name="Ranking", index=False)
        with open(os.path.join(folder_out, f"dti-{period}.md"), "w", encoding="utf-8") as f:
            f.write(f"# DTI {period}\n\n")
            f.write(rows.head(10).to_markdown(index=False) if hasattr(rows, "to_markdown") and _has_tabulate() else rows.head(10).to_string(index=False))
            f.write("\n")
    done = time.time()
    print(f"read {read - start:.2f} s, score+rank {scored - read:.2f} s, write {done - scored:.2f} s, "
          f"total {done - start:.2f} s ({len(paths)} files, {len(data)} rows)")


def _has_tabulate():
    try:
        import tabulate  # noqa: F401
        return True
    except ImportError:
        return False


if __name__ == "__main__":
    main(*sys.argv[1:4])
