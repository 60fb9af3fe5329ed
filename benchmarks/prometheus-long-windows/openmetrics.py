#!/usr/bin/env python3
"""Writes OpenMetrics text with the SLO counter of a fleet, for promtool's backfill.

Each instance exports shipshape_slo_events_total{slo="checkout",outcome="good|bad"}, scraped every
SCRAPE seconds from START to END. Traffic swings tenfold between 04:00 (night) and 16:00 (day)
UTC, instances differ by up to 20%, 0.05% of events fail (burn rate 0.5 against 99.9%), and on top:
a slow burn (0.2% errors, burn 2) for twelve hours and an incident (5% errors, burn 50) for one
hour at the daily peak. Three instances restart once, so their counters go back to 0. Counts are
the integer part of the expected cumulative events, so a run is deterministic.

Usage: openmetrics.py OUT_DIR START END INSTANCES SCRAPE SLOW_BURN_START INCIDENT_START
(times in Unix seconds). Writes one file per day, OUT_DIR/day-NN.om, each a complete OpenMetrics
exposition ending in "# EOF", because promtool reads a whole input file into memory.
"""
import math
import os
import sys


def rate_per_second(t, instance):
    hour = (t % 86400) / 3600.0
    diurnal = (1 - math.cos(2 * math.pi * (hour - 4) / 24)) / 2  # 0 at 04:00, 1 at 16:00
    scale = 1.0 + 0.2 * ((instance * 37) % 11) / 10.0
    return scale * (1.0 + 9.0 * diurnal)  # 1 to 10 events/s per instance, times its scale


def error_ratio(t, slow_burn, incident):
    if incident <= t < incident + 3600:
        return 0.05
    if slow_burn <= t < slow_burn + 12 * 3600:
        return 0.002
    return 0.0005


def main():
    out, start, end, instances, scrape, slow_burn, incident = sys.argv[1:8]
    start, end, instances, scrape = int(start), int(end), int(instances), int(scrape)
    slow_burn, incident = int(slow_burn), int(incident)
    restarts = {7: start + 10 * 86400 + 12 * 3600, 42: start + 15 * 86400 + 3 * 3600,
                77: start + 22 * 86400 + 20 * 3600}
    os.makedirs(out, exist_ok=True)
    days = int(math.ceil((end - start + 1) / 86400.0))
    files = [open(os.path.join(out, "day-%02d.om" % d), "w", buffering=1 << 22) for d in range(days)]
    for f in files:
        f.write("# TYPE shipshape_slo_events counter\n")
    for i in range(instances):
        name = "i-%03d" % i
        good_prefix = 'shipshape_slo_events_total{slo="checkout",outcome="good",instance="%s"} ' % name
        bad_prefix = 'shipshape_slo_events_total{slo="checkout",outcome="bad",instance="%s"} ' % name
        good = bad = 0.0
        restart = restarts.get(i)
        good_lines = [[] for _ in range(days)]
        bad_lines = [[] for _ in range(days)]
        t = start
        while t <= end:
            if restart is not None and t >= restart:
                good = bad = 0.0
                restart = None
            events = rate_per_second(t, i) * scrape
            p = error_ratio(t, slow_burn, incident)
            good += events * (1 - p)
            bad += events * p
            d = (t - start) // 86400
            good_lines[d].append("%s%d %d\n" % (good_prefix, good, t))
            bad_lines[d].append("%s%d %d\n" % (bad_prefix, bad, t))
            t += scrape
        for d in range(days):
            files[d].write("".join(good_lines[d]))
            files[d].write("".join(bad_lines[d]))
    for f in files:
        f.write("# EOF\n")
        f.close()


if __name__ == "__main__":
    main()
