#!/usr/bin/env python3
"""A/B runs of service settings on one machine (docs/benchmarks.md, section 5, "Where the remaining gap goes").

Starts one service per variant once (each a fresh process with its own environment), then in every round puts each
under the same closed-loop load in turn (`resnext loadtest`, offline scenario, one concurrency), reversing the order
every other round, optionally timing raw ONNX Runtime at batch 8 once per round. Per point it prints throughput, how
busy the whole machine and the service were, and the mean forward pass from the service's own metrics; at the end the
medians and, with --ort, the medians of the per-round ratios to raw ONNX Runtime.

  benchmarks/service_ab.py --variant default: --variant wks:DOTNET_gcServer=0 [--rounds 4] [--duration 12] [--ort] [--threads] [--perf]

A variant is NAME:KEY=VALUE,KEY=VALUE (environment of its service; `DLL=path` runs another build of src/Api,
`CLIENT_NICE=n` runs that variant's load generator at nice n, `SCHED_IDLE=1` puts every service thread but the two
compute threads under the SCHED_IDLE policy before each point, `PIN=1` pins the executor to CPU 0 and ONNX Runtime's
pool thread to CPU 1, `PROCESSES=n` runs n services with that environment side by side and splits the load's
concurrency evenly between them: with `Batching__IntraOpThreads=1` and one per core, forward passes that never wait
for each other, the upper bound of running one pass per core instead of one pass on all cores; its throughput is the
sum, its CPU and passes those of all n).

--perf samples every CPU (`perf record -e cpu-clock`, needs perf and root or perf_event_paranoid <= 0) during each point
and splits the machine's time by whether the executor thread was computing: a sample of any thread is "in a pass"
when the executor was sampled within 1.2 ms on both sides of it, else "between passes".
Build first: dotnet build src/Api -c Release; dotnet build src/Cli -c Release; with --ort also
dotnet build benchmarks/OnnxRuntimeBaseline -c Release -r linux-x64. Needs the reference checkpoints
(tests/reference/generate.sh) and, for --ort, the torch.onnx export the benchmarks cache under ~/.cache/resnext-service/onnx
(the `service` or `engine` benchmark writes it on its first run).
"""
import argparse
import bisect
import glob
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.environ.get("RESNEXT_REFERENCE_DIR", os.path.expanduser("~/.cache/resnext-service/reference"))
CLI = ["dotnet", os.path.join(ROOT, "src/Cli/bin/Release/net10.0/resnext.dll")]
SERVICE = os.path.join(ROOT, "src/Api/bin/Release/net10.0/ResNeXt.Api.dll")
ORT_BASELINE = os.path.join(ROOT, "benchmarks/OnnxRuntimeBaseline/bin/Release/net10.0/linux-x64/ort-baseline.dll")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def machine_ticks():
    with open("/proc/stat") as f:
        return list(map(int, f.readline().split()[1:]))


def cpu_seconds(stat):
    """User plus system CPU seconds from a /proc stat line (the fields after the parenthesised name)."""
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        return cpu_seconds(f.read())


def thread_seconds(pid):
    """CPU seconds per thread name (threads that share a name, e.g. the pool's workers, added together)."""
    seconds = {}
    for _, name, used in threads_of(pid):
        seconds[name] = seconds.get(name, 0.0) + used
    return seconds


def threads_of(pid):
    """(tid, name, CPU seconds) of each thread of pid."""
    found = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended between the listing and the read
        found.append((int(tid), stat[stat.index("(") + 1:stat.rindex(")")], cpu_seconds(stat)))
    return found


def pass_metrics(port):
    """Sum and count of resnext_batch_duration_seconds and the images they computed."""
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    seconds = passes = images = 0.0
    for line in text.splitlines():
        value = line.split()[-1] if line and not line.startswith("#") else None
        if line.startswith("resnext_batch_duration_seconds_sum"):
            seconds += float(value)
        elif line.startswith("resnext_batch_duration_seconds_count"):
            passes += float(value)
        elif line.startswith("resnext_batch_size_sum"):
            images += float(value)
    return seconds, passes, images


class Service:
    def __init__(self, spec, model, work, copy=0):
        self.name, _, settings = spec.partition(":")
        env = dict(os.environ)
        for entry in filter(None, settings.split(",")):
            key, _, value = entry.partition("=")
            env[key] = value
        dll = env.pop("DLL", SERVICE)
        self.client_nice = int(env.pop("CLIENT_NICE", "0"))
        self.sched_idle = env.pop("SCHED_IDLE", "") == "1"
        self.pin = env.pop("PIN", "") == "1"
        processes = int(env.pop("PROCESSES", "1"))
        # The other processes of a PROCESSES=n variant, started with the same environment.
        self.copies = [Service(spec.replace(f"PROCESSES={processes}", ""), model, work, c) for c in range(1, processes)] if copy == 0 else []
        if copy:
            self.name = f"{self.name}-{copy}"
        models = os.path.join(work, self.name, "models")
        os.makedirs(models)
        os.symlink(os.path.join(REFERENCE, "models", model, f"{model}.pth"), os.path.join(models, f"{model}.pth"))
        self.port = free_port()
        env.update(ASPNETCORE_URLS=f"http://127.0.0.1:{self.port}", ASPNETCORE_ENVIRONMENT="Production",
                   Logging__LogLevel__Default="Warning", Models__Directory=models, Models__Preload__0=model,
                   Models__WatchForChanges="false")
        self.log = open(os.path.join(work, self.name, "service.log"), "w")
        self.process = subprocess.Popen(["dotnet", dll], env=env, stdout=self.log, stderr=subprocess.STDOUT)

    @property
    def all(self):
        return [self] + self.copies

    def wait_ready(self, timeout):
        for copy in self.copies:
            copy.wait_ready(timeout)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"{self.name}: the service exited while starting; see {self.log.name}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz/ready", timeout=2)
                return
            except OSError:
                time.sleep(1)
        sys.exit(f"{self.name}: not ready after {timeout} s")

    def stop(self):
        for copy in self.copies:
            copy.stop()
        self.process.terminate()
        self.process.wait()
        self.log.close()


def variant_seconds(service):
    return sum(process_seconds(p.process.pid) for p in service.all)


def variant_passes(service):
    """pass_metrics summed over the variant's processes."""
    return tuple(map(sum, zip(*(pass_metrics(p.port) for p in service.all))))


EXECUTOR_THREAD = "resnext-inferen"  # the executor's thread, "resnext-inference", as the kernel truncates it
# Native threads take their creator's name: ONNX Runtime's pool thread is named after the long-running task that
# created the environment. The service's other long-running tasks sleep, so the busiest such thread is the pool's.
POOL_THREAD = ".NET Long Runni"


PERF_HZ = 2000  # samples per second and CPU of --perf


def compute_threads(threads):
    """Of threads_of(pid): the executor's thread and ONNX Runtime's pool thread(s), the busiest POOL_THREAD-named
    threads, one per other core."""
    executor = [t for t, name, _ in threads if name == EXECUTOR_THREAD]
    pool = sorted((t for t in threads if t[1] == POOL_THREAD), key=lambda t: -t[2])[:os.cpu_count() - 1]
    return executor, [t for t, _, _ in pool]


def place_threads(service):
    """SCHED_IDLE=1 and PIN=1 of a variant; applied before every point, since the thread pool starts threads as it grows."""
    threads = threads_of(service.process.pid)
    executor, pool = compute_threads(threads)
    if service.sched_idle:
        for tid, _, _ in threads:
            if tid not in executor and tid not in pool:
                try:
                    os.sched_setscheduler(tid, os.SCHED_IDLE, os.sched_param(0))
                except OSError:
                    pass  # the thread ended meanwhile
    if service.pin:
        for cpu, tid in enumerate(executor + pool):
            os.sched_setaffinity(tid, {cpu % os.cpu_count()})


def start_perf(path, delay, seconds):
    """Samples every CPU for `seconds`, after `delay` (the load generator's start and warm-up)."""
    command = f"sleep {delay}; exec perf record -q -e cpu-clock -F {PERF_HZ} -a -o {path} -- sleep {seconds}"
    return subprocess.Popen(["sh", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def print_perf_split(split):
    shares, gaps, span_ms = split
    def part(where):
        return ", ".join(f"{what} {share:.1f}%" for (w, what), share in sorted(shares.items(), key=lambda e: -e[1]) if w == where)
    print(f"    perf: executor off-CPU {100 * sum(gaps) / span_ms:.1f}% of the time ({len(gaps)} gaps, median "
          f"{statistics.median(gaps) if gaps else 0:.1f} ms); machine in a pass: {part('in a pass')}; "
          f"between passes: {part('between passes')}", flush=True)


def perf_split(path, service_pid):
    """Per (in a pass or between passes, what ran): its share of the sampled machine; and the executor's gaps (ms)."""
    out = subprocess.run(["perf", "script", "-i", path, "-F", "comm,pid,tid,time"], capture_output=True, text=True,
                         check=True).stdout
    executor, pool = compute_threads(threads_of(service_pid))
    samples = []
    for line in out.splitlines():
        head, _, stamp = line.rstrip().rstrip(":").rpartition(" ")
        pid, _, tid = head.split()[-1].partition("/") if head.split() else ("", "", "")
        if not (pid.isdigit() and tid.isdigit()):
            continue
        if int(tid) in executor:
            what = "executor"
        elif int(tid) in pool:
            what = "compute pool"
        elif int(pid) == service_pid:
            what = "service, other threads"
        elif int(pid) == 0:
            what = "idle"
        else:
            what = "other processes"
        samples.append((float(stamp), what))
    ran = sorted(t for t, what in samples if what == "executor")
    if len(ran) < 2:
        return None
    # 2.4 sampling periods. ONNX Runtime's calling thread waits for its pool by spinning, so inside a pass the executor
    # is always on a CPU unless something preempts it; a gap is the time between passes, or such a preemption.
    window = 2.4 / PERF_HZ
    shares = {}
    for t, what in samples:
        i = bisect.bisect_left(ran, t)
        inside = i > 0 and t - ran[i - 1] < window and i < len(ran) and ran[i] - t < window
        key = ("in a pass" if inside or what == "executor" else "between passes", what)
        shares[key] = shares.get(key, 0) + 1
    total = sum(shares.values())
    gaps = [1000 * (b - a) for a, b in zip(ran, ran[1:]) if b - a >= window]
    return {k: 100 * v / total for k, v in shares.items()}, gaps, 1000 * (ran[-1] - ran[0])


def load(service, args, duration, warmup, out):
    """Closed-loop throughput of the variant: with PROCESSES=n, n load generators at once, the concurrency split evenly."""
    processes = service.all
    if args.concurrency % len(processes):
        sys.exit(f"{service.name}: --concurrency {args.concurrency} does not split evenly over {len(processes)} processes")
    client_nice = service.client_nice or args.client_nice
    niced = ["nice", "-n", str(client_nice)] if client_nice else []
    generators = []
    for index, process in enumerate(processes):
        if process.sched_idle or process.pin:
            place_threads(process)
        folder = os.path.join(out, str(index))
        generators.append((folder, subprocess.Popen(
            niced + CLI + ["loadtest", "--url", f"http://127.0.0.1:{process.port}", "-m", args.model, "--image", args.image,
                           "-c", str(args.concurrency // len(processes)), "--duration", str(duration), "--warmup", str(warmup),
                           "--out", folder, "-v", "q"], stdout=subprocess.DEVNULL)))
    total = 0.0
    for folder, generator in generators:
        if generator.wait() != 0:
            sys.exit(f"{service.name}: the load generator failed (exit {generator.returncode})")
        with open(os.path.join(folder, "load.json")) as f:
            total += json.load(f)["offlineMaxImagesPerSecond"]
    return total


def raw_onnx_runtime(args):
    exports = glob.glob(os.path.expanduser(f"~/.cache/resnext-service/onnx/{args.model}-*.onnx"))
    if not exports:
        sys.exit(f"no cached ONNX export of {args.model}: run the benchmarks' `service` or `engine` command on it once")
    out = subprocess.run(["dotnet", ORT_BASELINE, "--model", exports[0], "--threads", str(os.cpu_count()),
                          "--warmup", "2", "--iterations", "8", "--batch", "8"], capture_output=True, text=True, check=True)
    times = json.loads(out.stdout)["batches"]["8"]
    return 8 / statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", action="append", required=True, help="NAME:KEY=VALUE,... (first = the reference)")
    parser.add_argument("--model", default="resnext50-32x4d")
    parser.add_argument("--image", default=os.path.join(REFERENCE, "pipeline", "image02_500x375.png"))
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--duration", type=int, default=12, help="seconds of timed load per point")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--client-nice", type=int, default=0,
                        help="nice value of the load generator, which shares the cores (0: the service's priority)")
    parser.add_argument("--ort", action="store_true", help="time raw ONNX Runtime at batch 8 once per round")
    parser.add_argument("--threads", action="store_true",
                        help="also print each point's CPU by service thread name (native threads inherit their creator's "
                             "name: ONNX Runtime's pool shows as the thread that built the session)")
    parser.add_argument("--perf", action="store_true",
                        help="sample every CPU during each point and split the time by whether a pass was running")
    args = parser.parse_args()
    if args.perf and not shutil.which("perf"):
        sys.exit("--perf needs perf (Debian: apt-get install linux-perf)")

    work = tempfile.mkdtemp(prefix="service-ab-")
    services = [Service(spec, args.model, work) for spec in args.variant]
    try:
        for service in services:
            service.wait_ready(600)
        for service in services:
            load(service, args, 5, 2, os.path.join(work, "warmup"))
        throughput = {s.name: [] for s in services}
        ort = []
        for round_number in range(1, args.rounds + 1):
            if args.ort:
                ort.append(raw_onnx_runtime(args))
                print(f"round {round_number} raw ONNX Runtime, batch 8: {ort[-1]:.2f} img/s", flush=True)
            order = services if round_number % 2 else services[::-1]
            for service in order:
                threads_before = thread_seconds(service.process.pid) if args.threads else {}
                before = (machine_ticks(), variant_seconds(service), time.time(), variant_passes(service))
                perf_data = os.path.join(work, "perf.data")
                sampler = start_perf(perf_data, 3, max(1, args.duration - 2)) if args.perf else None
                images_per_second = load(service, args, args.duration, 1, os.path.join(work, "points"))
                if sampler:
                    sampler.wait()
                after = (machine_ticks(), variant_seconds(service), time.time(), variant_passes(service))
                threads_after = thread_seconds(service.process.pid) if args.threads else {}
                ticks = [b - a for a, b in zip(before[0], after[0])]
                busy = 100 * os.cpu_count() * (sum(ticks) - ticks[3] - ticks[4]) / sum(ticks)
                cpu = 100 * (after[1] - before[1]) / (after[2] - before[2])
                passes = max(1.0, after[3][1] - before[3][1])
                mean_pass = 1000 * (after[3][0] - before[3][0]) / passes
                mean_batch = (after[3][2] - before[3][2]) / passes
                throughput[service.name].append(images_per_second)
                print(f"round {round_number} {service.name}: {images_per_second:.2f} img/s, machine {busy:.0f}% busy, "
                      f"service {cpu:.0f}% CPU, mean pass {mean_pass:.1f} ms for {mean_batch:.2f} images", flush=True)
                if args.threads:
                    elapsed = after[2] - before[2]
                    shares = {n: 100 * (v - threads_before.get(n, 0.0)) / elapsed for n, v in threads_after.items()}
                    print("    threads: " + ", ".join(f"{n} {p:.1f}%" for n, p in sorted(shares.items(), key=lambda e: -e[1]) if p >= 0.5),
                          flush=True)
                if sampler and (split := perf_split(perf_data, service.process.pid)):
                    print_perf_split(split)
        reference = statistics.median(throughput[services[0].name])
        for name, values in throughput.items():
            line = f"{name}: median {statistics.median(values):.2f} img/s = {statistics.median(values) / reference:.3f}x {services[0].name}"
            if ort:
                ratios = [v / o for v, o in zip(values, ort)]
                line += f"; / raw ONNX Runtime per round {[round(r, 3) for r in ratios]}, median {statistics.median(ratios):.3f}x"
            print(line)
    finally:
        for service in services:
            service.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
