"""Drives agora jobs with the unmodified PyPI dcos-metronome 0.3.0 (protobuf 3.20 runtime).

usage: metronome_scenario.py http://HOST:PORT [TOKEN]

Creates a job, lists and gets it, adds a cron schedule in Europe/Berlin, runs the job now,
follows the run to SUCCESS, updates the job, deletes the schedule and the job. Every answer
is parsed by the client's protobuf messages, which refuse unknown fields. Prints one JSON
line per step; exits non-zero on any failure.
"""
import json
import sys
import time

from metronome import MetronomeClient, JobSpec
from metronome.exceptions import NotFoundError
from metronome.models import ScheduleSpec
from google.protobuf.json_format import MessageToDict

client = MetronomeClient([sys.argv[1]], auth_token=sys.argv[2] if len(sys.argv) > 2 else None)


def step(name, **values):
    print(json.dumps(dict(step=name, **values)), flush=True)


spec = JobSpec()
spec.id = "py-metronome"
spec.description = "from dcos-metronome"
spec.labels["team"] = "ops"
spec.run.cmd = "sleep 3; echo hello from metronome"
spec.run.cpus = 0.1
spec.run.mem = 32
spec.run.disk.value = 0
spec.run.env["GREETING"] = "hi"
spec.run.restart.policy = JobSpec.RunSpec.RestartSpec.NEVER
created = client.create_job(spec)
step("created", job=MessageToDict(created))
step("listed", ids=[job.id for job in client.list_jobs()])
step("got", description=client.get_job("py-metronome").description)

schedule = ScheduleSpec()
schedule.id = "nightly"
schedule.cron = "0 3 * * *"
schedule.timezone = "Europe/Berlin"
schedule.startingDeadlineSeconds = 900
schedule.concurrencyPolicy = ScheduleSpec.ALLOW
schedule.enabled = True
created_schedule = client.create_schedule("py-metronome", schedule)
step("schedule", nextRunAt=created_schedule.nextRunAt, schedules=[s.id for s in client.list_schedules("py-metronome")])
step("schedule got", cron=client.get_schedule("py-metronome", "nightly").cron)

run = client.run_job("py-metronome")
step("run started", id=run.id, status=run.Status.Name(run.status))
seen = set()
deadline = time.time() + 60
while time.time() < deadline:
    current = client.get_run("py-metronome", run.id)
    status = current.Status.Name(current.status)
    seen.add(status)
    if status in ("SUCCESS", "FAILED"):
        break
    time.sleep(0.1)
step("run finished", status=status, seen=sorted(seen), tasks=[t.id for t in current.tasks])
if status != "SUCCESS":
    sys.exit(1)

spec.description = "updated"
step("updated", description=client.update_job("py-metronome", spec).description)
client.delete_schedule("py-metronome", "nightly")
step("schedule deleted", schedules=len(client.list_schedules("py-metronome")))
client.delete_job("py-metronome")
try:
    client.get_job("py-metronome")
    step("deleted job still there")
    sys.exit(1)
except NotFoundError:
    step("deleted")
step("done")
