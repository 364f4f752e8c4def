"""An unmodified pymesos (0.3.15) scheduler across a master failover.

Given the masters as zk://..., it launches N `sleep 300` tasks and prints one JSON line per
event. When pymesos re-registers with a new leader it reconciles its tasks explicitly, then
launches one more task on the next offer, and exits 0 once that task runs (2 on timeout).

usage: pymesos_failover.py <master> <tasks> <timeout seconds>
"""
import json
import sys
import threading

from pymesos import MesosSchedulerDriver, Scheduler


def emit(kind, **fields):
    fields["event"] = kind
    print(json.dumps(fields), flush=True)


def task(offer, task_id):
    return {
        "task_id": {"value": task_id},
        "agent_id": offer["agent_id"],
        "name": task_id,
        "command": {"value": "sleep 300"},
        "resources": [
            {"name": "cpus", "type": "SCALAR", "scalar": {"value": 0.01}},
            {"name": "mem", "type": "SCALAR", "scalar": {"value": 8}},
        ],
    }


class Failover(Scheduler):
    def __init__(self, count):
        self.names = ["pymesos-%d" % index for index in range(count)]
        self.launched = False
        self.reregistered_once = False
        self.extra_launched = False
        self.answered = set()
        self.reconciled = threading.Event()
        self.done = threading.Event()

    def registered(self, driver, framework_id, master_info):
        emit("registered", framework_id=framework_id["value"])

    def reregistered(self, driver, master_info):
        emit("reregistered", master=master_info)
        self.reregistered_once = True
        threading.Thread(target=self.reconcile, args=(driver,), daemon=True).start()

    def reconcile(self, driver):
        while not self.reconciled.is_set():
            driver.reconcileTasks([{"task_id": {"value": name}} for name in self.names])
            self.reconciled.wait(1)

    def resourceOffers(self, driver, offers):
        for offer in offers:
            if not self.launched:
                self.launched = True
                driver.launchTasks(offer["id"], [task(offer, name) for name in self.names], {"refuse_seconds": 1})
                emit("launched", tasks=self.names)
            elif self.reconciled.is_set() and not self.extra_launched:
                self.extra_launched = True
                driver.launchTasks(offer["id"], [task(offer, "pymesos-after-failover")], {"refuse_seconds": 1})
                emit("launched", tasks=["pymesos-after-failover"])
            else:
                driver.declineOffer(offer["id"], {"refuse_seconds": 1})

    def statusUpdate(self, driver, update):
        emit("update", task_id=update["task_id"]["value"], state=update["state"], reason=update.get("reason"),
             message=update.get("message"))
        if update.get("reason") == "REASON_RECONCILIATION":
            self.answered.add(update["task_id"]["value"])
            if self.answered.issuperset(self.names):
                self.reconciled.set()
        if update["task_id"]["value"] == "pymesos-after-failover" and update["state"] == "TASK_RUNNING":
            self.done.set()

    def error(self, driver, message):
        emit("error", message=message)


def main():
    master, count, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    framework = {"user": "root", "name": "pymesos-failover", "failover_timeout": 300}
    scheduler = Failover(count)
    driver = MesosSchedulerDriver(scheduler, framework, master, use_addict=False)
    driver.start()
    finished = scheduler.done.wait(timeout)
    # failover=True: leave the framework and its tasks running (the test checks them).
    driver.stop(failover=True)
    driver.join()
    if not finished:
        emit("timeout")
        sys.exit(2)
    sys.exit(0)


if __name__ == "__main__":
    main()
