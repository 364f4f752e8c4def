"""The web UI with 10,000 tasks: the tasks table pages and filters them and the overview
counts them.

Usage: ui_scale.py <master host:port> <screenshot dir>

The master runs a real (small) cluster; a proxy in this process forwards everything to it
but /master/state, whose real answer it grows to 10,000 tasks by copying a real task (same
shape, new IDs; 6,000 running, 4,000 finished). Prints one JSON line per passed check and
the browser's render times (reported, not asserted); exits 1 on the first failure.
"""
import copy
import json
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ui_common import CheckFailed, passed, run, wait

MASTER, SHOTS = sys.argv[1:3]
RUNNING, FINISHED = 6000, 4000


def grown(state):
    """`state` with its first framework that has a task holding 10,000 copies of that task."""
    framework = next((f for f in state["frameworks"] if f.get("tasks")), None)
    if framework is None:
        raise CheckFailed("the cluster has no task to copy")
    template = framework["tasks"][0]

    def task(index, state_name):
        task = copy.deepcopy(template)
        task["id"] = task["name"] = f"scale-t{index:05d}"
        task["state"] = state_name
        for status in task.get("statuses", []):
            status["task_id"] = {"value": task["id"]}
        return task

    framework["tasks"] = [task(i, "TASK_RUNNING") for i in range(RUNNING)]
    framework["completed_tasks"] = [task(RUNNING + i, "TASK_FINISHED") for i in range(FINISHED)]
    return state


class Proxy(BaseHTTPRequestHandler):
    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
        request = urllib.request.Request(f"http://{MASTER}{self.path}", data=body, method=self.command, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, content_type, data = response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            status, content_type, data = error.code, error.headers.get("Content-Type", ""), error.read()
        if self.command == "GET" and self.path.split("?")[0] == "/master/state" and status == 200:
            data = json.dumps(grown(json.loads(data))).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = forward
    do_POST = forward

    def log_message(self, *args):
        pass


def tasks_and_overview(browser):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        total = sum(len(f.get(k) or []) for f in grown(json.load(urllib.request.urlopen(f"http://{MASTER}/master/state")))["frameworks"]
                    for k in ("tasks", "unreachable_tasks", "completed_tasks"))
        started = time.monotonic()
        browser.driver.get(f"{base}/ui/#/tasks")
        wait("the first page of every task", lambda: browser.text("[data-test-page-info=tasks]") == f"1–50 of {total}", 90)
        rows = len(browser.find("[data-test-table=tasks] [data-test-row]"))
        if rows != 50:
            raise CheckFailed(f"{rows} rows in the page's DOM, not 50")
        passed("tasks-paged", total=total, rows_in_dom=rows, first_render_ms=round((time.monotonic() - started) * 1000))

        browser.click("[data-test-next=tasks]")
        wait("the second page", lambda: browser.text("[data-test-page-info=tasks]") == f"51–100 of {total}")
        started = time.monotonic()
        browser.filter("tasks", "t0042")
        wait("the filter to narrow to scale-t00420..29",
             lambda: browser.text("[data-test-page-info=tasks]") == f"1–10 of 10 (filtered from {total})")
        shown = sorted(row.get_attribute("data-test-row") for row in browser.find("[data-test-table=tasks] [data-test-row]"))
        if shown != [f"scale-t{i:05d}" for i in range(420, 430)]:
            raise CheckFailed(f"the filter shows {shown}")
        passed("tasks-filtered", filter_ms=round((time.monotonic() - started) * 1000))
        browser.finish_page("tasks-10000")

        started = time.monotonic()
        browser.driver.get(f"{base}/ui/#/overview")
        wait("the overview to count 6,000 running", lambda: browser.text("[data-test-task-state=TASK_RUNNING]") == str(RUNNING), 90)
        finished = browser.text("[data-test-task-state=TASK_FINISHED]")
        if finished != str(FINISHED):
            raise CheckFailed(f"the overview counts {finished} finished, not {FINISHED}")
        passed("overview-counts-10000", render_ms=round((time.monotonic() - started) * 1000))
        browser.finish_page("overview-10000")
    finally:
        server.shutdown()


if __name__ == "__main__":
    sys.exit(run(SHOTS, tasks_and_overview))
