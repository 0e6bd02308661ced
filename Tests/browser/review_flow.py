#!/usr/bin/env python3
"""The review loop in headless Chromium: the department returns a commune's figures on the
status page (JavaScript off, as the page is made to work), then the commune's officer asks the
upload page what was returned (JavaScript on). Prints a JSON object: the page's confirmation,
the commune's row after the return (class, status text, note), and what the upload page showed.

    review_flow.py --status-url URL/status --upload-url URL/ --province-key KEY --commune-key KEY
                   --period 2026-10 --commune 03390 --reason TEXT
"""
import argparse
import json

from chromium import chromium
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def main():
    parser = argparse.ArgumentParser()
    for name in ("--status-url", "--upload-url", "--province-key", "--commune-key", "--period", "--commune", "--reason"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    answer = {}
    driver = chromium(javascript=False)
    try:
        driver.get(args.status_url)
        driver.find_element(By.NAME, "key").send_keys(args.province_key)
        period = driver.find_element(By.NAME, "period")
        period.clear()
        period.send_keys(args.period)
        driver.find_element(By.CSS_SELECTOR, "form.ask button").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "review"))
        review = driver.find_element(By.ID, "review")
        Select(review.find_element(By.NAME, "action")).select_by_value("return")
        review.find_element(By.NAME, "commune").send_keys(args.commune)
        review.find_element(By.NAME, "reason").send_keys(args.reason)
        review.find_element(By.TAG_NAME, "button").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "review-done") or d.find_elements(By.CSS_SELECTOR, ".problem"))
        answer["done"] = " ".join(e.text for e in driver.find_elements(By.ID, "review-done") + driver.find_elements(By.CSS_SELECTOR, ".problem"))
        row = driver.find_element(By.ID, "commune-" + args.commune)
        answer["row"] = {"class": row.get_attribute("class"), "status": row.find_element(By.CSS_SELECTOR, ".badge").text,
                         "note": " ".join(e.text for e in row.find_elements(By.CSS_SELECTOR, ".hint"))}
    finally:
        driver.quit()
    driver = chromium(javascript=True)
    try:
        driver.get(args.upload_url)
        driver.find_element(By.ID, "key").send_keys(args.commune_key)
        driver.find_element(By.ID, "returns").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "result").text.strip())
        answer["upload_page"] = driver.find_element(By.ID, "result").text
    finally:
        driver.quit()
    print(json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    main()
