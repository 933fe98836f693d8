"""Kernel start-up probe: time from starting a kernel to its first cell's result, as a user who presses
Shift-Enter at once after "New" sees it (the execute request is queued while the kernel starts).

    JUPYTER_PATH=PREFIX/share/jupyter /usr/bin/python3 kernel/src/test/python/startup.py [STARTS] [KERNEL]

Prints one line per start (the first start in a process also pays for jupyter_client's own set-up, about 0.25 s:
compare the later ones). Not a test: timings are not asserted (kernel/README.md has the figures).
"""
import os
import sys
import time

from jupyter_client.manager import KernelManager

starts = int(sys.argv[1]) if len(sys.argv) > 1 else 4
name = sys.argv[2] if len(sys.argv) > 2 else 'pnn4j'
for i in range(starts):
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
    t_reply = time.time() - t0
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
    print(f"{name}: first cell's result {t_reply:.2f} s after the kernel's start ({result!r}), "
          f"load {os.getloadavg()[0]:.2f}", flush=True)
