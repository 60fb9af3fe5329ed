#!/usr/bin/env python3
"""Evaluates both forms of the generated long-window rules on a backfilled Prometheus.

For every instant (hourly over the last DAYS days of the data, at the instants the five-minute sums
were recorded, where Prometheus evaluates the long-window rules of the same group) and every window of a day or longer
(1d, 3d and the 28-day period, 4w), it runs the recording rule's expression from each rule file as
an instant query with ?stats=all: the raw form (increase() of the counter over the window) and the
default form (sums of the five-minute event counts). It reports the samples each evaluation
touched, its evaluation time, and how far the burn rates of the two forms are apart.

Usage: measure.py URL RULES_SUMS RULES_RAW END DAYS OUT_JSON
"""
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request

OBJECTIVE = 0.999
WINDOWS = ["1d", "3d", "4w"]


def expression(rule_file, record):
    lines = open(rule_file).read().split("\n")
    start = lines.index("  - record: " + record)
    assert lines[start + 1] == "    expr: |", lines[start + 1]
    out = []
    for line in lines[start + 2:]:
        if line.startswith("    labels:"):
            break
        out.append(line.strip())
    return " ".join(out)


def query(url, expr, at):
    """The value, samples touched and evaluation time of an instant query at `at`."""
    q = urllib.parse.urlencode({"query": expr, "time": at, "stats": "all"})
    with urllib.request.urlopen(url + "/api/v1/query?" + q, timeout=600) as r:
        body = json.load(r)
    assert body["status"] == "success", body
    data = body["data"]
    result = data["result"]
    assert len(result) == 1, result
    return (float(result[0]["value"][1]), int(data["stats"]["samples"]["totalQueryableSamples"]),
            float(data["stats"]["timings"]["evalTotalTime"]))


def main():
    url, rules_sums, rules_raw, end, days, out = sys.argv[1:7]
    end, days = int(end), int(days)
    # The rules of the sums group run at its own evaluation instants (an offset Prometheus derives
    # from the group), and the long windows are recorded at those instants: measure there.
    last_sum = query(url, "timestamp(slo:sli_total_events:increase5m)", str(end))[0]
    instants = ["%.3f" % (last_sum - h * 3600) for h in range(days * 24, -1, -1)]
    report = {}
    begun = time.time()
    for window in WINDOWS:
        record = "slo:sli_error:ratio_rate" + window
        forms = {"raw": expression(rules_raw, record), "sums": expression(rules_sums, record)}
        rows = []
        for at in instants:
            raw = query(url, forms["raw"], at)
            sums = query(url, forms["sums"], at)
            rows.append({"at": at, "raw": raw, "sums": sums})
        diffs = [abs(r["sums"][0] - r["raw"][0]) / r["raw"][0] for r in rows if r["raw"][0] > 0]
        worst = max(rows, key=lambda r: abs(r["sums"][0] - r["raw"][0]) / r["raw"][0])
        report[window] = {
            "instants": len(rows),
            "raw_samples_median": statistics.median(r["raw"][1] for r in rows),
            "raw_samples_max": max(r["raw"][1] for r in rows),
            "sums_samples_median": statistics.median(r["sums"][1] for r in rows),
            "sums_samples_max": max(r["sums"][1] for r in rows),
            "raw_seconds_median": statistics.median(r["raw"][2] for r in rows),
            "sums_seconds_median": statistics.median(r["sums"][2] for r in rows),
            "max_relative_difference": max(diffs),
            "worst_at": worst["at"],
            "worst_burn_raw": worst["raw"][0] / (1 - OBJECTIVE),
            "worst_burn_sums": worst["sums"][0] / (1 - OBJECTIVE),
            "burn_min": min(r["raw"][0] for r in rows) / (1 - OBJECTIVE),
            "burn_max": max(r["raw"][0] for r in rows) / (1 - OBJECTIVE),
        }
        print("%s: %s" % (window, json.dumps(report[window])), flush=True)
    report["query_seconds"] = time.time() - begun
    json.dump(report, open(out, "w"), indent=2)

    print()
    print("| Window | Instants | Samples per evaluation, raw | Samples, five-minute sums | Fewer |"
          " Evaluation time, raw | Five-minute sums | Largest burn-rate difference |")
    print("|---|---|---|---|---|---|---|---|")
    for window in WINDOWS:
        r = report[window]
        print("| %s | %d | %s | %s | %.0fx | %.1f ms | %.2f ms | %.3f%% (burn %.3f vs %.3f) |" % (
            window, r["instants"], format(int(r["raw_samples_max"]), ","),
            format(int(r["sums_samples_max"]), ","),
            r["raw_samples_max"] / r["sums_samples_max"], r["raw_seconds_median"] * 1000,
            r["sums_seconds_median"] * 1000, r["max_relative_difference"] * 100,
            r["worst_burn_raw"], r["worst_burn_sums"]))


if __name__ == "__main__":
    main()
