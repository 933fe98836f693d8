#!/usr/bin/python3
"""Start-up, round trip and memory of the pnn4j Jupyter kernel, against the issue's targets.

Run with Debian's python3 after `./pnn4j install --prefix DIR`:
    JUPYTER_PATH=DIR/share/jupyter /usr/bin/python3 kernel/bench-kernel.py [--cells 50]
Reports; asserts nothing (CI does not time it).
"""
import argparse
import statistics
import time

from jupyter_client.manager import KernelManager

TARGETS = {"start_s": 2.0, "cell_ms": 60.0, "rss_mb": 400.0}


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def run_cell(kc, code):
    start = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    # wait for idle so the next cell starts clean
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    return (time.perf_counter() - start) * 1000.0, reply["content"]["status"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cells", type=int, default=50)
    ap.add_argument("--kernel", default="pnn4j")
    args = ap.parse_args()

    km = KernelManager(kernel_name=args.kernel)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.kernel_info()
    kc.get_shell_msg(timeout=60)
    start_s = time.perf_counter() - t0
    try:
        # the first cell also waits for the evaluator (JShell with the DSL imported), started in the background
        first_ms, status = run_cell(kc, "1+1")
        assert status == "ok", status
        times = [run_cell(kc, "1+1")[0] for _ in range(args.cells)]
        cell_ms = statistics.median(times)
        pid = km.provisioner.process.pid if hasattr(km, "provisioner") else km.kernel.pid
        rss = rss_mb(pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    rows = [
        ("start to kernel_info reply", "%.2f s" % start_s, "<= %.0f s" % TARGETS["start_s"], start_s <= TARGETS["start_s"]),
        ("first cell (waits for the DSL preload)", "%.0f ms" % first_ms, "", None),
        ("start to first cell done (DSL preloaded)", "%.2f s" % (start_s + first_ms / 1000), "<= %.0f s" % TARGETS["start_s"],
         start_s + first_ms / 1000 <= TARGETS["start_s"]),
        ("1+1 round trip, median of %d" % args.cells, "%.1f ms" % cell_ms, "<= %.0f ms" % TARGETS["cell_ms"],
         cell_ms <= TARGETS["cell_ms"]),
        ("1+1 round trip, max", "%.1f ms" % max(times), "", None),
        ("kernel RSS after the cells", "%.0f MB" % rss, "<= %.0f MB" % TARGETS["rss_mb"], rss <= TARGETS["rss_mb"]),
    ]
    for name, value, target, ok in rows:
        verdict = "" if ok is None else ("met" if ok else "MISSED")
        print("%-44s %10s  %-9s %s" % (name, value, target, verdict))


if __name__ == "__main__":
    main()
