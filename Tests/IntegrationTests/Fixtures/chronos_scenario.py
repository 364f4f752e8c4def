"""Drives agora jobs with the unmodified PyPI chronos-python 1.2.1.

usage: chronos_scenario.py HOST:PORT v1|legacy [USER:PASSWORD]

Adds a job scheduled a day ahead, lists and searches it, runs it now, waits for its success,
adds a dependent job and sees it run after the parent, reads job stats, the graph and the
metrics, updates and deletes. Prints one JSON line per step; exits non-zero on any failure.
"""
import json
import sys
import time

import chronos

server, mode = sys.argv[1], sys.argv[2]
legacy = mode == "legacy"
user, _, password = (sys.argv[3] if len(sys.argv) > 3 else "").partition(":")
# With credentials chronos-python (httplib2) sends them only after a 401 Basic challenge.
client = chronos.connect([server], username=user or None, password=password or None, scheduler_api_version=None if legacy else "v1")
suffix = "legacy" if legacy else "v1"
parent, child = "py-parent-" + suffix, "py-child-" + suffix


def step(name, **values):
    print(json.dumps(dict(step=name, **values)), flush=True)


def job(name, **fields):
    body = dict(name=name, command="echo " + name, owner="ops@example.com", disabled=False, cpus=0.1, mem=32)
    if legacy:
        body["async"] = False
    body.update(fields)
    return body


def wait_for(what, predicate, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise SystemExit("timed out waiting for " + what)


def by_name(name):
    return next((j for j in client.list() if j["name"] == name), None)


client.add(job(parent, schedule="R/2030-01-01T00:00:00Z/P1D"))
step("added", jobs=[j["name"] for j in client.list()])
step("search", found=[j["name"] for j in client.search(name=parent)])
client.add(job(child, parents=[parent]))
client.run(parent)
wait_for("the parent to succeed", lambda: by_name(parent)["successCount"] >= 1)
step("parent succeeded", successCount=by_name(parent)["successCount"], lastSuccess=by_name(parent)["lastSuccess"])
wait_for("the child to succeed", lambda: by_name(child)["successCount"] >= 1)
step("child succeeded", successCount=by_name(child)["successCount"])
stat = client.job_stat(parent)
step("job_stat", count=stat["histogram"]["count"], tasks=len(stat["taskStatHistory"]))
graph = client.scheduler_graph()
step("graph", hasLink=("link,%s,%s" % (parent, child)) in graph)
step("stats", median=client.scheduler_stat_median(), p99=client.scheduler_stat_99th())
step("metrics", keys=sorted(client.metrics().keys()))
client.update(job(parent, schedule="R/2031-01-01T00:00:00Z/P1D", description="updated"))
step("updated", schedule=by_name(parent)["schedule"], description=by_name(parent)["description"])
client.delete_tasks(parent)
client.delete(child)
client.delete(parent)
step("deleted", jobs=[j["name"] for j in client.list() if j["name"] in (parent, child)])
try:
    client.run("no-such-job")
    step("unknown job ran")
    sys.exit(1)
except chronos.ChronosAPIError as error:
    step("unknown job refused", error=str(error))
step("done")
