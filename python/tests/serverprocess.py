"""Test helpers: the example server as a real child process on loopback, and a client through the generated stubs.
Every server started here is stopped (SIGTERM, then SIGKILL) within bounded time; an atexit hook stops any that a
failing test left behind."""
import atexit
import os
import queue
import signal
import subprocess
import sys
import threading
import time

import grpc

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(PYTHON_DIR)
sys.path.insert(0, PYTHON_DIR)
from pnn4j_device import pb2, pb2_grpc  # noqa: E402

EXAMPLE = os.path.join(PYTHON_DIR, "examples", "photonic_chip.py")
START_SECONDS = 60        # generous: 2 shared cores
_running = set()


class ServerProcess:
    """`python3 photonic_chip.py ARGS` with the token in its environment; waits for `listening on HOST:PORT`."""

    def __init__(self, *args, token="t0ken-for-tests", env=None, script=EXAMPLE, wait=True):
        e = dict(os.environ)
        e.pop("PNN4J_DEVICE_TOKEN", None)
        if token is not None:
            e["PNN4J_DEVICE_TOKEN"] = token
        e["PYTHONUNBUFFERED"] = "1"
        e.update(env or {})
        self.token = token
        self.proc = subprocess.Popen([sys.executable, script, *args], cwd=REPO, env=e, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _running.add(self)
        self.lines = queue.Queue()
        self.stderr = []
        self.pumps = [threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines), daemon=True),
                      threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr), daemon=True)]
        for t in self.pumps:
            t.start()
        self.address = None
        self.stdout = []
        if wait:
            self.address = self.wait_listening()

    @staticmethod
    def _pump(stream, sink):
        for line in stream:
            (sink.put if isinstance(sink, queue.Queue) else sink.append)(line.rstrip("\n"))
        if isinstance(sink, queue.Queue):
            sink.put(None)

    def wait_listening(self, timeout=START_SECONDS):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(left, 0.01))
            except queue.Empty:
                self.stop()
                raise AssertionError(f"no 'listening on' line within {timeout} s; stderr: {self.stderr}")
            if line is None:
                self.proc.wait(10)
                raise AssertionError(f"the server exited ({self.proc.returncode}) before listening; "
                                     f"stdout {self.stdout}, stderr {self.stderr}")
            self.stdout.append(line)
            if line.startswith("listening on "):
                return line[len("listening on "):]

    def port(self):
        return int(self.address.rsplit(":", 1)[1])

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Stops the server (sig, then SIGKILL after timeout s); returns its exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._closed()
        return self.proc.returncode

    def _closed(self):
        _running.discard(self)
        for t in self.pumps:
            t.join(5)
        for f in (self.proc.stdout, self.proc.stderr):
            f.close()

    def wait_exit(self, timeout=START_SECONDS):
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise AssertionError(f"the server did not exit within {timeout} s")
        self._closed()
        return rc


@atexit.register
def _stop_all():
    for s in list(_running):
        s.stop(signal.SIGKILL)


class Client:
    def __init__(self, address, token, max_bytes=256 << 20):
        self.channel = grpc.insecure_channel(address, options=[("grpc.max_send_message_length", max_bytes),
                                                               ("grpc.max_receive_message_length", max_bytes)])
        self.stub = pb2_grpc.DeviceStub(self.channel)
        self.token = token

    def metadata(self, token=...):
        t = self.token if token is ... else token
        return () if t is None else (("authorization", "Bearer " + t),)

    def describe(self, version=2, token=...):
        return self.stub.Describe(pb2.DescribeRequest(protocol_version=version), metadata=self.metadata(token), timeout=30)

    def forward(self, request, token=...):
        return self.stub.Forward(request, metadata=self.metadata(token), timeout=30)

    def close(self):
        self.channel.close()


def request(substrate, inputs, params, repeats=0):
    """A ForwardRequest from numpy arrays (float32 on the wire); params name -> array (its shape is sent)."""
    import numpy as np
    r = pb2.ForwardRequest(substrate=substrate, repeats=repeats)
    x = np.asarray(inputs, dtype=np.float32)
    r.inputs.shape.extend(x.shape)
    r.inputs.values.extend(x.ravel().tolist())
    for name, v in params.items():
        v = np.asarray(v, dtype=np.float32)
        r.params[name].shape.extend(v.shape)
        r.params[name].values.extend(v.ravel().tolist())
    return r


def outputs(reply):
    import numpy as np
    return np.asarray(reply.outputs.values, dtype=np.float32).reshape(tuple(reply.outputs.shape))
