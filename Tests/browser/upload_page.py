#!/usr/bin/env python3
"""Drives dti's upload page in headless Chromium, as an officer would: types the key, picks
each file, presses "Gửi báo cáo" and waits for the answer. Prints one JSON object per file
(the result box's class and text) as a JSON list. Used by ServerBrowserTests.

    upload_page.py --url http://127.0.0.1:PORT/ --key KEY [--screenshot PNG] FILE [FILE ...]

A file given as KEY=OTHERKEY:FILE is sent with OTHERKEY instead.
"""
import argparse
import json
import shutil

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--screenshot")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,1400"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    answers = []
    try:
        driver.get(args.url)
        for given in args.files:
            key, path = args.key, given
            if given.startswith("KEY="):
                key, path = given[4:].split(":", 1)
            driver.get(args.url)
            driver.find_element(By.ID, "key").send_keys(key)
            driver.find_element(By.ID, "file").send_keys(path)
            driver.find_element(By.ID, "send").click()

            def answered(d):
                box = d.find_element(By.ID, "result")
                return box.get_attribute("class") in ("ok", "bad") and not box.text.startswith("Đang gửi")

            WebDriverWait(driver, 30).until(answered)
            box = driver.find_element(By.ID, "result")
            answers.append({"file": path, "class": box.get_attribute("class"), "text": box.text})
        if args.screenshot:
            driver.save_screenshot(args.screenshot)
    finally:
        driver.quit()
    print(json.dumps(answers, ensure_ascii=False))


if __name__ == "__main__":
    main()
