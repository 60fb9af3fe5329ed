#!/usr/bin/env python3
"""Turns JMH's JSON results into the Markdown table of benchmarks/README.md.

Benchmark methods are named <scenario>_<contender>; within one class and scenario, every row is
compared with the contender named "shipshape" (ratio = contender ns/op / Shipshape ns/op, so a
ratio above 1 means the contender is slower than Shipshape).

Usage: format_results.py RESULTS.json [EXTRA.md ...]  (extra Markdown files are appended as is)
"""
import json
import sys


def alloc(entry):
    for key, metric in entry.get("secondaryMetrics", {}).items():
        if key.lstrip("\u00b7").endswith("gc.alloc.rate.norm"):
            return metric["score"]
    return None


def fmt_ns(score, error):
    if score >= 100:
        text = f"{score:,.0f}"
    elif score >= 10:
        text = f"{score:.1f}"
    else:
        text = f"{score:.2f}"
    if isinstance(error, (int, float)) and error == error and error > 0:  # JMH writes "NaN"
        text += f" ± {error:.2g}" if error < 10 else f" ± {error:,.0f}"
    return text


def fmt_bytes(value):
    if value is None:
        return "n/a"
    if value < 0.5:
        return "0"
    return f"{value:,.0f}"


def main(argv):
    with open(argv[1]) as f:
        results = json.load(f)
    rows = []
    for entry in results:
        full = entry["benchmark"]
        cls, method = full.rsplit(".", 2)[-2:]
        scenario, _, contender = method.partition("_")
        metric = entry["primaryMetric"]
        unit = metric["scoreUnit"]
        score = metric["score"]
        err = metric["scoreError"]
        if not isinstance(err, (int, float)):
            err = float("nan")
        if unit == "us/op":
            score, err = score * 1000, err * 1000
        rows.append({
            "cls": cls, "scenario": scenario, "contender": contender or "-",
            "threads": entry.get("threads", 1), "ns": score, "err": err, "bytes": alloc(entry),
        })
    ours = {(r["cls"], r["scenario"]): r["ns"] for r in rows if r["contender"] == "shipshape"}
    # Keep JMH's class and scenario order; within a scenario, Shipshape first, then fastest first.
    first_seen = {}
    for i, r in enumerate(rows):
        first_seen.setdefault((r["cls"], r["scenario"]), i)
    rows.sort(key=lambda r: (first_seen[(r["cls"], r["scenario"])],
                             not r["contender"].startswith("shipshape"), r["ns"]))
    out = []
    current = None
    for r in rows:
        if r["cls"] != current:
            current = r["cls"]
            out.append("")
            out.append(f"### {current}")
            out.append("")
            out.append("| scenario | contender | threads | ns/op | B/op | ratio to Shipshape |")
            out.append("|---|---|---:|---:|---:|---:|")
        base = ours.get((r["cls"], r["scenario"]))
        ratio = f"{r['ns'] / base:.2f}x" if base else "—"
        name = f"**{r['contender']}**" if r["contender"] == "shipshape" else r["contender"]
        out.append(
            f"| {r['scenario']} | {name} | {r['threads']} | {fmt_ns(r['ns'], r['err'])} "
            f"| {fmt_bytes(r['bytes'])} | {ratio} |")
    for extra in argv[2:]:
        with open(extra) as f:
            out.append("")
            out.append(f.read().rstrip())
    print("\n".join(out).lstrip("\n"))


if __name__ == "__main__":
    main(sys.argv)
