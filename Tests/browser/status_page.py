#!/usr/bin/env python3
"""Drives dti's status page in headless Chromium with JavaScript turned off, as a department
analyst would: types the key and the month, presses "Xem", and reads the table. Prints a JSON
object: the rates, and each commune row's id, class, status text, errors and the background
colour of its status badge (so a style the page's Content-Security-Policy blocked would show),
the reminder text beside a commune that must still act, and the province's digest.

With --javascript the page runs its script: each reminder then has a visible copy button,
and "copied" holds the first button's label after it was pressed.

    status_page.py --url http://127.0.0.1:PORT/status --key KEY --period 2026-10 [--javascript] [--screenshot PNG]
"""
import argparse
import json

from chromium import chromium
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--period", required=True)
    parser.add_argument("--screenshot")
    parser.add_argument("--javascript", action="store_true")
    args = parser.parse_args()

    driver = chromium(javascript=args.javascript)
    try:
        driver.get(args.url)
        driver.find_element(By.NAME, "key").send_keys(args.key)
        period = driver.find_element(By.NAME, "period")
        period.clear()
        period.send_keys(args.period)
        driver.find_element(By.CSS_SELECTOR, "form.ask button").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.communes tbody tr"))
        rows = []
        for row in driver.find_elements(By.CSS_SELECTOR, "table.communes tbody tr"):
            badge = row.find_element(By.CSS_SELECTOR, ".badge")
            rows.append({
                "id": row.get_attribute("id"),
                "class": row.get_attribute("class"),
                "status": badge.text,
                "colour": badge.value_of_css_property("background-color"),
                "errors": [item.text for item in row.find_elements(By.CSS_SELECTOR, "ul.errors li")],
                "cells": [cell.text for cell in row.find_elements(By.TAG_NAME, "td")],
                "reminder": "".join(area.get_attribute("value") for area in row.find_elements(By.CSS_SELECTOR, ".reminder textarea")),
            })
        answer = {
            "reporting": driver.find_element(By.ID, "reporting-rate").text,
            "timeliness": driver.find_element(By.ID, "timeliness-rate").text,
            "downloads": [button.text for button in driver.find_elements(By.CSS_SELECTOR, ".downloads button")],
            "digest": "".join(area.get_attribute("value") for area in driver.find_elements(By.CSS_SELECTOR, "#digest textarea")),
            "rows": rows,
            "copyButtons": sum(1 for button in driver.find_elements(By.CSS_SELECTOR, "button.copy") if button.is_displayed()),
        }
        buttons = [button for button in driver.find_elements(By.CSS_SELECTOR, "button.copy") if button.is_displayed()]
        if buttons:
            label = buttons[0].text
            buttons[0].click()
            WebDriverWait(driver, 5).until(lambda d: buttons[0].text != label)
            answer["copied"] = buttons[0].text
        if args.screenshot:
            driver.save_screenshot(args.screenshot)
    finally:
        driver.quit()
    print(json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    main()
