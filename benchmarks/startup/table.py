"""Prints the startup measurements of benchmarks/startup/run as Markdown."""
import collections
import os
import re
import statistics
import subprocess
import sys

work, runs, plain_classes, without_classes, with_classes = sys.argv[1:6]
rows = collections.defaultdict(list)
for line in open(os.path.join(work, "runs.txt")):
    name, rest = line.split(" ", 1)
    t = re.search(r"TIME ([\d.]+) ([\d.]+) ([\d.]+)", rest)
    fields = dict(re.findall(r"(\w+)=([\w.]+)", rest))
    if t:
        fields["wall_s"] = t.group(1)
        fields["cpu_s"] = float(t.group(2)) + float(t.group(3))
    rows[name].append(fields)


def med(name, key):
    values = [float(r[key]) for r in rows[name] if key in r]
    return statistics.median(values) if values else float("nan")


def spread(name, key):
    values = sorted(float(r[key]) for r in rows[name] if key in r)
    return f"{values[0]:.0f}-{values[-1]:.0f}" if values else "-"


java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
cpu = subprocess.run(["sh", "-c", "lscpu | sed -n 's/^Model name: *//p' | head -1"],
                     capture_output=True, text=True).stdout.strip()
print(f"Machine: {os.cpu_count()} cores, {cpu}; JDK: {java}; load average "
      f"{open('/proc/loadavg').read().split()[0]} at the end; median of {runs} runs per row.")
print()
print("| variant | from main to the answer (ms) | build (ms) | JVM wall (s) | CPU user+sys (s) | classes loaded |")
print("|---|---:|---:|---:|---:|---:|")
print(f"| plain `main`: facade with one flag file and one SLO, one evaluation | "
      f"{med('plain', 'total_ms'):.0f} ({spread('plain', 'total_ms')}) | {med('plain', 'build_ms'):.0f} | "
      f"{med('plain', 'wall_s'):.2f} | {med('plain', 'cpu_s'):.2f} | {plain_classes} |")
print()
print("| Spring Boot web app with Actuator and Prometheus | ready at JVM uptime (ms) | main thread CPU until ready (ms) | CPU user+sys (s) | classes loaded |")
print("|---|---:|---:|---:|---:|")
for name, label, classes in [("spring-without", "without the starter", without_classes),
                             ("spring-with", "with the starter", with_classes)]:
    print(f"| {label} | {med(name, 'ready_ms'):.0f} ({spread(name, 'ready_ms')}) | "
          f"{med(name, 'main_cpu_ms'):.0f} ({spread(name, 'main_cpu_ms')}) | "
          f"{med(name, 'cpu_s'):.2f} | {classes} |")
delta = med("spring-with", "ready_ms") - med("spring-without", "ready_ms")
main_delta = med("spring-with", "main_cpu_ms") - med("spring-without", "main_cpu_ms")
cpu_delta = med("spring-with", "cpu_s") - med("spring-without", "cpu_s")
print(f"| **the starter's cost** | **{delta:+.0f}** | **{main_delta:+.0f}** | **{cpu_delta:+.2f}** | "
      f"**{int(with_classes) - int(without_classes):+d}** |")

# Where the plain main's classes come from, up to the answer.
groups = collections.Counter()
lines = open(os.path.join(work, "plain-classes.log")).read().splitlines()
main_seen = False
for line in lines:
    m = re.search(r"\] (\S+) source: (.*)", line)
    if not m:
        continue
    name, source = m.groups()
    if "FirstAnswer$Answered" in name:
        break
    if "startup.FirstAnswer" in name:
        main_seen = True
    if not main_seen:
        groups["JDK, before main"] += 1
        continue
    for prefix, group in [("com.fasterxml.jackson", "Jackson"), ("dev.shipshape", "Shipshape"),
                          ("org.slf4j", "SLF4J"), ("io.github.resilience4j", "Resilience4j"),
                          ("io.micrometer", "Micrometer")]:
        if name.startswith(prefix):
            groups[group] += 1
            break
    else:
        generated = "/0x" in name or "$$Lambda" in name or "LambdaForm$" in name
        groups["JDK, generated (lambdas, method handles)" if generated else "JDK, after main"] += 1
print()
print("Classes the plain `main` loads before its answer: "
      + ", ".join(f"{group} {n}" for group, n in groups.most_common()) + ".")

# The starter's beans in one traced run: instantiation time by themselves, in the main thread.
steps = []
for line in open(os.path.join(work, "with-steps.txt")):
    m = re.match(r"step self_ms=(\d+) (.*)", line.strip())
    if m:
        steps.append((int(m.group(1)), m.group(2)))
ours = [(ms, bean) for ms, bean in steps if "shipshape" in bean.lower()]
everything = sum(ms for ms, _ in steps)
print()
print(f"The starter's beans in one traced run (`-Dstartup.trace=true`): {sum(ms for ms, _ in ours)} ms"
      f" of the {everything} ms that bean instantiation took by itself; "
      + ", ".join(f"`{bean}` {ms} ms" for ms, bean in sorted(ours, reverse=True)[:4]) + ".")
