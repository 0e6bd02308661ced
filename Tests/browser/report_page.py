#!/usr/bin/env python3
"""Opens a dti HTML report in headless Chromium at a given window width, as a leader does on a
phone (390 px, the Zalo case) or a desktop (1280 px), and measures it. Prints a JSON object:
the page's width against the window's (a page wider than its window scrolls sideways), the
smallest chart label as rendered (font size × the chart's scale, in CSS pixels), the tables
wider than the window that do not sit in a scrolling box of their own, and the smallest table
text.

    report_page.py --file REPORT.html --width 390 [--screenshot PNG]
"""
import argparse
import json
import pathlib

from chromium import chromium

MEASURE = """
const labels = [...document.querySelectorAll('figure svg text')].map(text => {
  const scale = text.ownerSVGElement.getScreenCTM().a;
  return parseFloat(getComputedStyle(text).fontSize) * scale;
});
const tables = [...document.querySelectorAll('table')];
const loose = tables.filter(table => table.getBoundingClientRect().right > window.innerWidth + 1
                                     && !table.closest('.wide')).map(table => table.className || 'table');
const cells = [...document.querySelectorAll('td, th')].map(cell => parseFloat(getComputedStyle(cell).fontSize));
return {window: window.innerWidth, page: document.documentElement.scrollWidth,
        smallestLabel: Math.min(...labels), labels: labels.length, looseTables: loose,
        smallestTableText: Math.min(...cells)};
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", required=True)
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--screenshot")
    args = parser.parse_args()
    driver = chromium(javascript=True)
    try:
        driver.set_window_size(args.width, 900)
        driver.get(pathlib.Path(args.file).resolve().as_uri())
        # The window's inner width is what the page lays out to; set it exactly.
        inner = driver.execute_script("return window.innerWidth")
        driver.set_window_size(args.width + (args.width - inner), 900)
        facts = driver.execute_script(MEASURE)
        if args.screenshot:
            driver.save_screenshot(args.screenshot)
        print(json.dumps(facts))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
