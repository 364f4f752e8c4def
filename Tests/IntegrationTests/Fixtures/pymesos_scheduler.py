"""An unmodified pymesos (0.3.15) scheduler driven against an Agora master.

Registers, takes one offer, launches a command task (`echo ...` writing to its sandbox),
waits for TASK_FINISHED (pymesos acknowledges updates implicitly), prints one JSON line
per event it saw, and exits 0 on success, 1 on a failed task, 2 on timeout.

usage: pymesos_scheduler.py <master host:port> <timeout seconds> [<principal> <secret>]

With a principal and secret, pymesos authenticates (HTTP Basic) as that principal.
"""
import json
import sys
import threading
import uuid

from pymesos import MesosSchedulerDriver, Scheduler


def emit(kind, **fields):
    fields["event"] = kind
    print(json.dumps(fields), flush=True)


class OneTask(Scheduler):
    def __init__(self):
        self.launched = False
        self.done = threading.Event()
        self.outcome = None

    def registered(self, driver, framework_id, master_info):
        emit("registered", framework_id=framework_id["value"], master=master_info.get("address", {}))

    def resourceOffers(self, driver, offers):
        for offer in offers:
            if self.launched:
                driver.declineOffer(offer["id"], {"refuse_seconds": 60})
                continue
            self.launched = True
            task = {
                "task_id": {"value": "pymesos-" + uuid.uuid4().hex[:8]},
                "agent_id": offer["agent_id"],
                "name": "pymesos task",
                "command": {"value": "echo hello from pymesos"},
                "resources": [
                    {"name": "cpus", "type": "SCALAR", "scalar": {"value": 0.1}},
                    {"name": "mem", "type": "SCALAR", "scalar": {"value": 32}},
                ],
            }
            emit("offer", offer_id=offer["id"]["value"], agent_id=offer["agent_id"]["value"],
                 resources=sorted(r["name"] for r in offer["resources"]))
            driver.launchTasks(offer["id"], [task], {"refuse_seconds": 60})
            emit("launched", task_id=task["task_id"]["value"])

    def statusUpdate(self, driver, update):
        emit("update", task_id=update["task_id"]["value"], state=update["state"],
             has_uuid="uuid" in update, agent_id=update.get("agent_id", {}).get("value"),
             message=update.get("message"))
        if update["state"] in ("TASK_FINISHED",):
            self.outcome = 0
            self.done.set()
        elif update["state"] in ("TASK_FAILED", "TASK_LOST", "TASK_ERROR", "TASK_KILLED", "TASK_DROPPED"):
            self.outcome = 1
            self.done.set()

    def error(self, driver, message):
        emit("error", message=message)
        self.outcome = 1
        self.done.set()


def main():
    master, timeout = sys.argv[1], float(sys.argv[2])
    principal, secret = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else (None, None)
    framework = {"user": "root", "name": "pymesos-interop", "failover_timeout": 60}
    if principal:
        framework["principal"] = principal
    scheduler = OneTask()
    driver = MesosSchedulerDriver(scheduler, framework, master, use_addict=False, principal=principal, secret=secret)
    driver.start()
    finished = scheduler.done.wait(timeout)
    driver.stop()
    driver.join()
    if not finished:
        emit("timeout")
        sys.exit(2)
    sys.exit(scheduler.outcome)


if __name__ == "__main__":
    main()
