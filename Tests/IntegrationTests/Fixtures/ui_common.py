"""What the web UI's browser fixtures share: bounded waits, check reporting, a headless
Chromium, and a page check (no console errors, a screenshot)."""
import json
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


class CheckFailed(Exception):
    pass


def passed(name, **detail):
    print(json.dumps({"check": name, "ok": True, **detail}), flush=True)


def wait(description, condition, timeout=60.0):
    """Polls `condition` until it returns something truthy; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as error:  # a stale element or a missing one: try again
            last_error = error
        time.sleep(0.25)
    raise CheckFailed(f"timed out waiting for {description} (last error: {last_error})")


def start_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--disable-gpu"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: Selenium Manager cannot download one here.
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Browser:
    """A driver with finders that retry, and numbered screenshots in `shots`."""

    def __init__(self, driver, shots):
        self.driver = driver
        self.shots = shots
        self.shot = 0
        os.makedirs(shots, exist_ok=True)

    def find(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def one(self, css, timeout=60.0):
        return wait(f"{css} to render", lambda: (self.find(css) or [None])[0], timeout)

    def text(self, css):
        found = self.find(css)
        return found[0].text if found else None

    def click(self, css, timeout=60.0):
        """Clicks `css`, finding it again if a poll re-rendered it in between."""
        wait(f"{css} to be clicked", lambda: self.find(css) and (self.find(css)[0].click() or True), timeout)

    def filter(self, table, text):
        """Types `text` into a table's (emptied) filter box."""
        box = self.one(f"[data-test-filter={table}]")
        self.driver.execute_script("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'))", box)
        box.send_keys(text)

    def console_errors(self, ignore=()):
        return [entry for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE" and not any(part in entry["message"] for part in ignore)]

    def finish_page(self, name, ignore=()):
        """No console errors so far (but those naming `ignore`), and a screenshot of the page."""
        errors = self.console_errors(ignore)
        if errors:
            raise CheckFailed(f"console errors on {name}: {errors}")
        self.shot += 1
        path = os.path.join(self.shots, f"{self.shot:02d}-{name}.png")
        self.driver.save_screenshot(path)
        passed(f"page:{name}", screenshot=path)


def run(shots, body):
    """Starts the browser, runs `body(browser)`, saves failure.png on a failure; the exit status."""
    driver = start_browser()
    browser = Browser(driver, shots)
    try:
        body(browser)
    except Exception as error:
        try:
            driver.save_screenshot(os.path.join(shots, "failure.png"))
        finally:
            print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 1
    finally:
        driver.quit()
    return 0
