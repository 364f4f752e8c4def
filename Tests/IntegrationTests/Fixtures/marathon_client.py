#!/usr/bin/env python3
"""Drives an Agora apps server with the unmodified PyPI marathon-python 0.13.0 client.

Usage: marathon_client.py <apps URL> <app id> [basic:<user>:<password> | token:<secret>]

Creates an app of `python3 -m http.server` with an HTTP health check, scales it, restarts
it, kills a task, changes its environment, rolls it back, reads deployments, the queue,
versions, info, the leader and events, and deletes it. Prints one JSON line per step;
exits non-zero at the first step that fails.
"""
import collections
import collections.abc
import json
import sys
import threading
import time
import urllib.request

# marathon 0.13 uses collections.Iterable, which Python 3.10 removed (marathon-chronos.md §5.5).
collections.Iterable = collections.abc.Iterable

from marathon import MarathonClient  # noqa: E402
from marathon.exceptions import ConflictError, MarathonError, NotFoundError  # noqa: E402
from marathon.models import MarathonApp, MarathonHealthCheck  # noqa: E402
from marathon.models.events import MarathonDeploymentInfo, MarathonStatusUpdateEvent  # noqa: E402

URL, APP = sys.argv[1], sys.argv[2]
AUTH = sys.argv[3].split(":", 2) if len(sys.argv) > 3 else [None]
if AUTH[0] == "basic":
    client = MarathonClient(URL, timeout=30, username=AUTH[1], password=AUTH[2])
elif AUTH[0] == "token":
    client = MarathonClient(URL, timeout=30, auth_token=AUTH[1])
else:
    client = MarathonClient(URL, timeout=30)


def step(name, **data):
    print(json.dumps({"step": name, **data}), flush=True)


def wait(what, condition, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


def healthy(count):
    def check():
        app = client.get_app(APP)
        ok = app.tasks_healthy == count and app.tasks_running == count and not app.deployments
        return app if ok else None
    return check


def served(task, path):
    with urllib.request.urlopen(f"http://{task.host}:{task.ports[0]}/{path}", timeout=5) as response:
        return response.read().decode().strip()


events = []
filtered = []


def listen():
    # Unfiltered: an event type marathon-python does not know would end this generator.
    for event in client.event_stream():
        events.append(event.event_type)
    events.append("stream ended")


def listen_filtered():
    for event in client.event_stream(event_types=[MarathonDeploymentInfo, MarathonStatusUpdateEvent]):
        filtered.append(event.event_type)


# marathon-python 0.13 sends a token on every request but its event stream (that request
# passes only Basic credentials), so with a token the stream is refused, as Marathon's is.
TOKEN_ONLY = AUTH[0] == "token"
if TOKEN_ONLY:
    try:
        next(iter(client.event_stream()))
        raise SystemExit("the event stream must refuse a client that sends no credentials")
    except MarathonError:
        step("event stream refused without credentials")
else:
    threading.Thread(target=listen, daemon=True).start()
    threading.Thread(target=listen_filtered, daemon=True).start()
wait("the event stream", lambda: client.ping() is not None)

app = MarathonApp(
    cmd="echo $GREETING > greeting.txt && exec python3 -m http.server $PORT0 --bind 127.0.0.1",
    instances=2, cpus=0.05, mem=32, env={"GREETING": "hello"},
    health_checks=[MarathonHealthCheck(protocol="HTTP", path="/", grace_period_seconds=30, interval_seconds=1,
                                       timeout_seconds=2, max_consecutive_failures=3, port_index=0)])
created = client.create_app(APP, app)
assert created and created.id == "/" + APP.strip("/"), created
step("created", id=created.id, deployments=[d.id for d in created.deployments])
try:
    client.create_app(APP, app)
    raise SystemExit("creating it twice must conflict")
except ConflictError as error:
    step("conflict", message=error.error_message)

running = wait("two healthy tasks", healthy(2))
assert [served(task, "greeting.txt") for task in running.tasks] == ["hello", "hello"]
step("running", tasks=[task.id for task in running.tasks])

listed = client.list_apps(app_id=APP, embed_tasks=True, embed_counts=True, embed_task_stats=True, embed_last_task_failure=True)
assert [a.id for a in listed] == [created.id] and len(listed[0].tasks) == 2
step("listed", count=len(listed))

client.scale_app(APP, delta=1)
scaled = wait("three healthy tasks", healthy(3))
step("scaled", tasks=len(scaled.tasks))

before = {task.id for task in scaled.tasks}
restart = client.restart_app(APP)
assert restart["deploymentId"] and restart["version"]
restarted = wait("the restart", healthy(3))
after = {task.id for task in restarted.tasks}
assert not (before & after), "every task is replaced"
step("restarted", replaced=len(after))

victim = restarted.tasks[0]
killed = client.kill_task(APP, victim.id)
assert killed.id == victim.id


def replaced():
    app = healthy(3)()
    return app if app and victim.id not in {task.id for task in app.tasks} else None


wait("the killed task's replacement", replaced)
step("killed", task=victim.id)

client.update_app(APP, MarathonApp(env={"GREETING": "bonjour"}))
changed = wait("the new environment", healthy(3))
assert {served(task, "greeting.txt") for task in changed.tasks} == {"bonjour"}
step("env", served="bonjour")

versions = client.list_versions(APP)
assert len(versions) >= 4, versions
first = client.get_version(APP, versions[-1])
assert first.env == {"GREETING": "hello"} and first.instances == 2
client.rollback_app(APP, versions[-1])
rolled = wait("the rollback", healthy(2))
assert {served(task, "greeting.txt") for task in rolled.tasks} == {"hello"}
step("rolled back", versions=len(versions))

assert client.list_queue() == []
info = client.get_info()
assert info.elected and info.framework_id, vars(info)
assert client.get_leader()["leader"]
assert client.list_tasks(APP) and client.list_endpoints()
step("info", leader=info.leader, framework=info.framework_id)

client.delete_app(APP)
wait("the app to go", lambda: not client.list_apps(app_id=APP))
try:
    client.get_app(APP)
    raise SystemExit("a deleted app must be gone")
except NotFoundError as error:
    step("deleted", message=error.error_message)

expected = {"event_stream_attached", "api_post_event", "deployment_info", "deployment_success", "status_update_event",
            "health_status_changed_event", "instance_changed_event", "app_terminated_event", "group_change_success"}
if not TOKEN_ONLY:
    wait("events", lambda: expected <= set(events))
    assert "stream ended" not in events
    assert set(filtered) == {"deployment_info", "status_update_event"}, set(filtered)
    step("events", types=sorted(set(events)), filtered=sorted(set(filtered)))
print(json.dumps({"ok": True}), flush=True)
