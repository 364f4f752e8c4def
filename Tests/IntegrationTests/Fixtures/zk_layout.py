"""Reads a Mesos-style election group with an independent ZooKeeper client (kazoo).

Prints one JSON object: the group's children and, for each `json.info_` member, its data
parsed as JSON (or the raw text if it is not JSON).

usage: zk_layout.py <host:port> <path>
"""
import json
import sys

from kazoo.client import KazooClient


def main():
    hosts, path = sys.argv[1], sys.argv[2]
    client = KazooClient(hosts=hosts, timeout=10)
    client.start(timeout=10)
    try:
        children = sorted(client.get_children(path))
        members = {}
        for child in children:
            if not child.startswith("json.info_"):
                continue
            data, _ = client.get(path + "/" + child)
            text = data.decode("utf-8")
            try:
                members[child] = json.loads(text)
            except ValueError:
                members[child] = text
        print(json.dumps({"children": children, "members": members}))
    finally:
        client.stop()


if __name__ == "__main__":
    main()
