"""Kernel start-up probe: time from starting a kernel to its first cell's result, as a user who presses
Shift-Enter at once after "New" sees it (the execute request is queued while the kernel starts).

    JUPYTER_PATH=PREFIX/share/jupyter /usr/bin/python3 kernel/src/test/python/startup.py [STARTS] [KERNEL...]

With several kernelspecs (say one installed from the commit before a change and one from after), the starts
alternate between them round by round, so that a machine whose speed drifts treats them alike. A first start, not
counted, pays for jupyter_client's own set-up (about 0.25 s). Prints each start, then per kernel the median and
range of the times and the median CPU time the kernel's process had used when the first result came (on a 2-core
machine start-up is bound by CPU: the JIT compilers and javac). Not a test: timings are not asserted
(kernel/README.md has the figures). PNN4J_KERNEL_TRACE=1 in the environment makes pnn4j's kernel print its
start-up milestones on stderr.
"""
import os
import statistics
import sys
import time

from jupyter_client.manager import KernelManager


def cpu_seconds(pid):
    """utime + stime of a process, from /proc (Linux); NaN elsewhere."""
    try:
        fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    except (OSError, IndexError, ValueError):
        return float('nan')


def start(name):
    """Starts kernel NAME, sends 1+1 at once; returns (seconds to the reply, kernel CPU seconds, the result)."""
    t0 = time.time()
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    msg_id = kc.execute('1+1')
    while True:
        m = kc.get_shell_msg(timeout=120)
        if m['parent_header'].get('msg_id') == msg_id:
            break
    elapsed = time.time() - t0
    process = getattr(getattr(km, 'provisioner', None), 'process', None)
    cpu = cpu_seconds(process.pid) if process is not None else float('nan')
    result = None
    while True:
        try:
            m = kc.get_iopub_msg(timeout=1)
        except Exception:
            break
        if m['parent_header'].get('msg_id') == msg_id and m['msg_type'] == 'execute_result':
            result = m['content']['data'].get('text/plain')
            break
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return elapsed, cpu, result


starts = int(sys.argv[1]) if len(sys.argv) > 1 else 4
names = sys.argv[2:] or ['pnn4j']
start(names[0])  # jupyter_client's own set-up, not counted
times = {n: [] for n in names}
cpus = {n: [] for n in names}
for _ in range(starts):
    for name in names:
        t, c, result = start(name)
        times[name].append(t)
        cpus[name].append(c)
        print(f"{name}: first cell's result {t:.2f} s after the kernel's start ({result!r}), kernel CPU {c:.2f} s, "
              f"load {os.getloadavg()[0]:.2f}", flush=True)
        time.sleep(0.5)
for name in names:
    xs = times[name]
    print(f"{name}: median {statistics.median(xs):.2f} s, range {min(xs):.2f}-{max(xs):.2f} s over {len(xs)} starts; "
          f"kernel CPU median {statistics.median(cpus[name]):.2f} s", flush=True)
