"""Drives the master's web UI in headless Chromium against a real `agora dev` cluster.

Usage: ui_browser.py <master host:port> <screenshot dir> <task id>

Per page: its data-test anchors render and the console has no errors; the overview's
numbers equal /master/state; the launched task appears and its log tail grows; an app
created in the JSON editor runs; an update that cannot fit shows why it waits; the
deployment's Rollback button rolls it back; a job runs from its Run button and the DAG is
drawn. Prints one JSON line per passed check; exits 1 with the reason on the first failure.
All waits are bounded polls.
"""
import json
import sys
import urllib.request

from ui_common import Browser, passed, run, wait

MASTER, SHOTS, TASK_ID = sys.argv[1:4]
BASE = f"http://{MASTER}"
DIMENSIONS = ["cpus", "gpus", "mem", "disk"]


def http(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read().decode()
        return json.loads(text) if text.strip().startswith(("{", "[")) else text


def state():
    return http("GET", f"{BASE}/master/state")


def framework_base(name):
    framework = next(f for f in state()["frameworks"] if f["name"] == name)
    return f"{BASE}/ui/proxy/framework/{framework['id']}"


class UITest(Browser):
    def open(self, route, anchors):
        self.driver.get(f"{BASE}/ui/#/{route}")
        for anchor in anchors:
            self.one(anchor)

    def overview(self):
        self.open("overview", ["[data-test-page=overview]", "[data-test-leader]", "[data-test-resources]", "[data-test-drf-roles]",
                               "[data-test-drf-frameworks]", "[data-test-tasks-by-state]"])

        def matches():
            current = state()
            total = {d: sum(a["resources"].get(d, 0) for a in current["slaves"]) for d in DIMENSIONS}
            allocated = {d: sum(f["used_resources"].get(d, 0) for f in current["frameworks"]) for d in DIMENSIONS}
            offered = {d: sum(f["offered_resources"].get(d, 0) for f in current["frameworks"]) for d in DIMENSIONS}
            idle = {d: total[d] - allocated[d] - offered[d] for d in DIMENSIONS}
            expected = {"total": total, "allocated": allocated, "offered": offered, "idle": idle}
            for row, values in expected.items():
                for d in DIMENSIONS:
                    cell = self.find(f"[data-test-resource='{row}-{d}']")[0]
                    if abs(float(cell.get_attribute("data-value")) - values[d]) > 1e-6:
                        return False
            shown = self.find("[data-test-agents-activated]")[0].text
            return shown == str(current["activated_slaves"]) and self.find("[data-test-leader]")[0].text.endswith(MASTER.split(":")[1])

        wait("the overview's numbers to equal /master/state", matches)
        passed("overview-matches-state")
        self.finish_page("overview")

    def lists(self):
        self.open("frameworks", ["[data-test-page=frameworks]", "[data-test-table=frameworks]"])
        for framework in state()["frameworks"]:
            self.one(f"[data-test-table=frameworks] [data-test-row='{framework['id']}']")
        self.finish_page("frameworks")
        self.open("agents", ["[data-test-page=agents]", "[data-test-table=agents]"])
        for agent in state()["slaves"]:
            self.one(f"[data-test-table=agents] [data-test-row='{agent['id']}']")
        self.finish_page("agents")
        self.open("roles", ["[data-test-page=roles]", "[data-test-table=roles] [data-test-row='*']"])
        self.finish_page("roles")
        self.open("offers", ["[data-test-page=offers]", "[data-test-table=offers]", "[data-test-page-info=offers]"])
        self.finish_page("offers")

    def tasks(self):
        self.open("tasks", ["[data-test-page=tasks]", "[data-test-table=tasks]"])
        self.filter("tasks", TASK_ID)
        self.click(f"[data-test-task-link='{TASK_ID}']")
        wait("the task's state", lambda: self.find("[data-test-detail-state]")[0].text == "TASK_RUNNING")
        self.one(f"[data-test-listing] [data-test-file=stdout]")

        def ticks():
            numbers = [int(word[5:]) for word in self.find("[data-test-log]")[0].text.split() if word.startswith("tick-") and word[5:].isdigit()]
            return max(numbers) if numbers else None

        first = wait("the log tail to show the task's output", ticks)
        later = wait("the log tail to show lines printed later", lambda: (lambda n: n if n and n > first + 2 else None)(ticks()))
        passed("log-tail-grows", first=first, later=later)
        self.finish_page("task-sandbox")
        self.open("tasks", ["[data-test-table=tasks]"])
        self.filter("tasks", TASK_ID)
        self.one(f"[data-test-table=tasks] [data-test-row='{TASK_ID}']")
        passed("launched-task-listed")
        self.finish_page("tasks")

    def apps(self):
        apps = framework_base("marathon")
        self.open("apps", ["[data-test-page=apps]", "[data-test-table=apps]", "[data-test-why-waiting]", "[data-test-editor]"])
        app = {"id": "/ui-web", "cmd": "sleep 1000", "cpus": 0.1, "mem": 32, "instances": 1}
        self.driver.execute_script("arguments[0].value = arguments[1]", self.one("[data-test-editor]"), json.dumps(app))
        self.click("[data-test-editor-submit]")
        self.one("[data-test-editor-ok]")
        wait("/ui-web to run", lambda: self.find("[data-test-app-status='/ui-web']")[0].text == "Running", 90)
        wait("/ui-web to show 1 / 1", lambda: self.find("[data-test-app-instances='/ui-web']")[0].text == "1 / 1")
        self.one("[data-test-health-bar='/ui-web']")
        passed("app-deployed-through-ui")
        self.finish_page("apps")

        self.click("[data-test-app-link='/ui-web']")
        self.one("[data-test-app-detail='/ui-web']")
        self.one("[data-test-app-tasks] [data-test-app-task]")
        editor = self.one("[data-test-editor]")
        wait("the editor to hold the app", lambda: '"/ui-web"' in editor.get_property("value"))
        too_big = dict(app, mem=1000000)
        self.driver.execute_script("arguments[0].value = arguments[1]", editor, json.dumps(too_big))
        self.click("[data-test-editor-submit]")
        self.one("[data-test-editor-ok]")
        reason = wait("the why-waiting panel to say what the offers lack",
                      lambda: (lambda t: t if "InsufficientMemory" in t else None)(self.one("[data-test-waiting-reason='/ui-web']").text), 90)
        self.one("[data-test-reject-reason=InsufficientMemory]")
        passed("cannot-fit-shows-reason", reason=reason)
        self.one("[data-test-deployments] [data-test-rollback]")
        self.one("[data-test-versions] [data-test-version]")
        self.finish_page("app-detail")

        self.click("[data-test-deployments] [data-test-rollback]")
        wait("the rollback to restore mem 32", lambda: http("GET", f"{apps}/v2/apps/ui-web")["app"]["mem"] == 32, 60)
        wait("the rollback deployment to finish", lambda: not [d for d in http("GET", f"{apps}/v2/deployments") if "/ui-web" in d["affectedApps"]], 90)
        wait("the detail page to show Running", lambda: self.find("[data-test-app-status='/ui-web']")[0].text == "Running")
        passed("rollback-from-ui")

    def jobs(self):
        jobs = framework_base("agora-jobs")
        http("POST", f"{jobs}/v1/scheduler/iso8601",
             {"name": "ui-parent", "command": "echo parent", "schedule": "R/2030-01-01T00:00:00Z/P1D", "owner": "ui@example.com", "cpus": 0.1, "mem": 16})
        http("POST", f"{jobs}/v1/scheduler/dependency", {"name": "ui-child", "command": "echo child", "parents": ["ui-parent"], "owner": "", "cpus": 0.1, "mem": 16})
        self.open("jobs", ["[data-test-page=jobs]", "[data-test-table=jobs] [data-test-row=ui-parent]", "[data-test-dag-svg]",
                           "[data-test-dag-edge='ui-parent->ui-child']", "[data-test-job-next=ui-parent]"])
        self.click("[data-test-job-run=ui-parent]")
        wait("ui-parent to succeed once", lambda: self.find("[data-test-job-successes=ui-parent]")[0].text == "1", 90)
        wait("ui-child to run after it", lambda: self.find("[data-test-job-successes=ui-child]")[0].text == "1", 90)
        passed("job-run-from-ui")
        self.click("[data-test-job-link=ui-parent]")
        self.one("[data-test-job-history] [data-test-run]")
        passed("job-history")
        self.finish_page("jobs")


def main():
    def everything(browser):
        test = UITest(browser.driver, SHOTS)
        test.overview()
        test.lists()
        test.tasks()
        test.apps()
        test.jobs()
        test.open("overview", ["[data-test-page=overview]", "[data-test-resources]"])
        test.finish_page("overview-after")

    return run(SHOTS, everything)


if __name__ == "__main__":
    sys.exit(main())
