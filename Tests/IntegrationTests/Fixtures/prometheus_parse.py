"""Scrapes a Prometheus text endpoint and parses it with the official client's parser.

Prints one JSON object per metric family: name, type and samples (name, labels, value).
Exits non-zero, with the parser's error on stderr, if the text does not parse.

usage: prometheus_parse.py <url> [<Accept header>]
"""
import json
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def main():
    request = urllib.request.Request(sys.argv[1])
    if len(sys.argv) > 2:
        request.add_header("Accept", sys.argv[2])
    with urllib.request.urlopen(request, timeout=10) as response:
        content_type = response.headers.get("Content-Type", "")
        text = response.read().decode("utf-8")
    for family in text_string_to_metric_families(text):
        samples = [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples]
        print(json.dumps({"name": family.name, "type": family.type, "samples": samples,
                          "content_type": content_type}), flush=True)


if __name__ == "__main__":
    main()
