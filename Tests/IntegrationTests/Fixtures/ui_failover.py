"""The web UI follows the leader when the master it was loaded from dies.

Usage: ui_failover.py <leader host:port> <leader pid> <other masters host:port,...> <screenshot dir>

Opens the leader's UI on the agents page, SIGKILLs the leader, and waits until the browser
is on another master's UI, on the same page, showing the newly elected leader. Prints one
JSON line per passed check; exits 1 with the reason on the first failure.
"""
import json
import os
import signal
import sys
import urllib.request
from urllib.parse import urlparse

from ui_common import passed, run, wait

LEADER, PID, OTHERS, SHOTS = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4]


def leader_of(master):
    """The leader `master` reports in /master/state (host:port), or None."""
    with urllib.request.urlopen(f"http://{master}/master/state", timeout=5) as response:
        info = json.loads(response.read().decode()).get("leader_info")
    return f"{info['hostname']}:{info['port']}" if info else None


def follow(browser):
    browser.driver.get(f"http://{LEADER}/ui/#/agents")
    browser.one("[data-test-page=agents]")
    wait("the status to name the leader", lambda: browser.text("[data-test-status]").startswith(f"leader {LEADER}"))
    browser.finish_page("agents-on-leader")

    os.kill(PID, signal.SIGKILL)
    passed("leader-killed", leader=LEADER)

    def on_new_leader():
        url = urlparse(browser.driver.current_url)
        here = url.netloc
        if here not in OTHERS or url.fragment != "/agents" or not browser.find("[data-test-page=agents]"):
            return None
        elected = leader_of(here)
        return elected if elected and elected != LEADER and browser.text("[data-test-status]").startswith(f"leader {elected}") else None

    # Bounded, with room for a loaded CI machine: the new election and two polls dominate.
    elected = wait("the UI to move to the new leader's agents page", on_new_leader, 240)
    # The dead master's refused requests were logged before the UI left it.
    browser.finish_page("agents-after-failover", ignore=[LEADER])
    passed("ui-followed-leader", old=LEADER, new=elected)


if __name__ == "__main__":
    sys.exit(run(SHOTS, follow))
