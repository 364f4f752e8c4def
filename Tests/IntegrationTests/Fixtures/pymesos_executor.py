"""An unmodified pymesos (0.3.15) executor run by an Agora agent: a third-party executor
speaking the v1 executor API in JSON.

For each task it sends TASK_RUNNING, a framework message "hello from <task id>", then
TASK_FINISHED with the message "echo: <task data>". Framework messages it receives are
answered with "got: <data>". It exits when the agent tells it to shut down.
"""
import threading

from pymesos import Executor, MesosExecutorDriver, decode_data, encode_data


class Echo(Executor):
    def launchTask(self, driver, task):
        def run():
            task_id = task["task_id"]
            driver.sendStatusUpdate(dict(task_id=task_id, state="TASK_RUNNING"))
            driver.sendFrameworkMessage(encode_data(b"hello from " + task_id["value"].encode()))
            data = decode_data(task.get("data", "")).decode()
            driver.sendStatusUpdate(dict(task_id=task_id, state="TASK_FINISHED", message="echo: " + data))

        threading.Thread(target=run).start()

    def killTask(self, driver, task_id):
        driver.sendStatusUpdate(dict(task_id=task_id, state="TASK_KILLED"))

    def frameworkMessage(self, driver, message):
        driver.sendFrameworkMessage(encode_data(b"got: " + decode_data(message)))


if __name__ == "__main__":
    MesosExecutorDriver(Echo()).run()
