"""The web UI's login against a real master started with --credentials (principal ops).

Usage: ui_login.py <master host:port> <screenshot dir> <secret>

Opens /ui/ and sees the login form (no data shown); a wrong secret is refused on the form;
the right one shows the overview with the cluster's data and the principal, with an
HttpOnly, SameSite=Strict session cookie that the page's script cannot read; the overview's
operator call (a POST) went through with the CSRF token; a reload stays logged in; logout
shows the form again and the old cookie is refused; /master/state without a cookie is 401.
Prints one JSON line per passed check; exits 1 with the reason on the first failure. All
waits are bounded polls.
"""
import sys
import urllib.error
import urllib.request

from ui_common import CheckFailed, passed, run, wait

MASTER, SHOTS, SECRET = sys.argv[1:4]
BASE = f"http://{MASTER}"
# Chromium logs every refused request of the page as a console error; these are expected.
REFUSALS = ["status of 401"]


def status_of(path, cookie=None):
    """The status of GET `path` sent with `cookie` (a Cookie header value) or none."""
    request = urllib.request.Request(f"{BASE}{path}", headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def session_cookie(browser):
    return next((c for c in browser.driver.get_cookies() if c["name"] == "agora_session"), None)


def log_in(browser, secret):
    principal = browser.one("[data-test-login-principal]")
    principal.clear()
    principal.send_keys("ops")
    field = browser.one("[data-test-login-secret]")
    field.clear()
    field.send_keys(secret)
    browser.click("[data-test-login-submit]")


def overview_with_data(browser):
    """The overview of the logged-in UI: the agent counted, the principal shown, no error box."""
    browser.one("[data-test-page=overview]")
    wait("the overview to count the agent", lambda: browser.text("[data-test-agents-activated]") == "1")
    wait("the principal to show", lambda: browser.text("[data-test-session-principal]") == "logged in as ops")
    if browser.find("[data-test-login-form]"):
        raise CheckFailed("the login form is still shown")
    # The overview's roles come from an operator call, a POST: it needs the CSRF token.
    errors = [e.text for e in browser.find("[data-test-error]")]
    if errors:
        raise CheckFailed(f"errors on the overview: {errors}")


def login_flow(browser):
    if status_of("/master/state") != 401:
        raise CheckFailed("/master/state without a cookie was not refused")
    passed("refused-without-cookie")

    browser.driver.get(f"{BASE}/ui/")
    browser.one("[data-test-login-form]")
    if browser.find("[data-test-page=overview]") or session_cookie(browser):
        raise CheckFailed("data or a session before login")
    browser.finish_page("login-form")

    log_in(browser, SECRET + "-wrong")
    wait("the form to say the secret is wrong", lambda: "wrong principal or secret" in (browser.text("[data-test-login-message]") or ""))
    if session_cookie(browser):
        raise CheckFailed("a wrong secret got a session cookie")
    browser.finish_page("login-refused", ignore=REFUSALS)
    passed("wrong-secret-refused")

    log_in(browser, SECRET)
    overview_with_data(browser)
    cookie = session_cookie(browser)
    if not cookie or not cookie.get("httpOnly") or cookie.get("sameSite") != "Strict":
        raise CheckFailed(f"the session cookie is not HttpOnly and SameSite=Strict: {cookie}")
    if "agora_session" in browser.driver.execute_script("return document.cookie"):
        raise CheckFailed("the page's script can read the session cookie")
    browser.finish_page("overview-logged-in", ignore=REFUSALS)
    passed("logged-in", cookie={k: cookie.get(k) for k in ["httpOnly", "sameSite", "path"]})

    browser.driver.refresh()
    overview_with_data(browser)
    browser.finish_page("overview-after-reload")
    passed("reload-stays-logged-in")

    old = f"agora_session={cookie['value']}"
    if status_of("/master/state", old) != 200:
        raise CheckFailed("the session cookie does not serve /master/state")
    browser.click("[data-test-logout]")
    browser.one("[data-test-login-form]")
    wait("the principal to hide", lambda: not browser.find("[data-test-session]")[0].is_displayed())
    wait("the cookie to be cleared", lambda: session_cookie(browser) is None)
    if status_of("/master/state", old) != 401:
        raise CheckFailed("the cookie still serves /master/state after logout")
    browser.driver.refresh()
    browser.one("[data-test-login-form]")
    if browser.find("[data-test-page=overview]"):
        raise CheckFailed("data shown after logout")
    browser.finish_page("logged-out", ignore=REFUSALS)
    passed("logged-out")


if __name__ == "__main__":
    sys.exit(run(SHOTS, login_flow))
