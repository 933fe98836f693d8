"""The kit itself, in this process on loopback with toy instruments: device faults (INTERNAL), the kit's own averaging
of repeats, the instrument lock, device_seconds, description checks, and stub generation."""
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import grpc
import numpy as np

from serverprocess import PYTHON_DIR, REPO, Client, outputs, pb2, request
import pnn4j_device as kit
from pnn4j_device import stubs

TOKEN = "kit-test-token"


class Toy:
    """y = sum of inputs * gain, plus a counter (which call this was), with hooks for faults."""

    def __init__(self):
        self.calls, self.active, self.max_active, self.fault, self.delay = 0, 0, 0, None, 0.0
        self.lock = threading.Lock()

    def forward(self, x, params, repeats=None):
        with self.lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
            self.calls += 1
            n = self.calls
        try:
            time.sleep(self.delay)
            y = np.repeat((x.sum(axis=1, keepdims=True) * params["gain"][0]), 2, axis=1) + n
            if self.fault == "nan":
                y[1, 0] = np.nan
            elif self.fault == "huge":
                y[0, 1] = 1e300                             # finite in float64, infinite in float32
            elif self.fault == "shape":
                y = y[:, :1]
            elif self.fault == "raise":
                raise RuntimeError("laser interlock open")
            elif self.fault == "junk":
                return "not numbers"
            elif self.fault == "down":
                raise kit.InstrumentUnavailable("laser warming up, ready in 30 s")
            elif self.fault == "refuse":
                raise kit.InstrumentRefused("gain 2 with these inputs would saturate the amplifier")
            if repeats is not None:
                y = y + 1000 * repeats                      # shows that repeats reached the instrument
            return y
        finally:
            with self.lock:
                self.active -= 1


def toy_device(toy, averages_repeats=False):
    s = kit.Substrate("toy", 3, 2, toy.forward, (-1.0, 1.0), input_unit="V", output_unit="V",
                      parameters=[kit.Parameter("gain", (1,), 0.0, 10.0)])
    return kit.Device("toy", [s], kit.Limits(max_batch=8, max_repeats=4), averages_repeats=averages_repeats)


class KitTest(unittest.TestCase):
    def serve(self, toy, averages_repeats=False):
        server = kit.start(toy_device(toy, averages_repeats), TOKEN)
        self.addCleanup(server.stop, 1.0)
        client = Client(server.address, TOKEN)
        self.addCleanup(client.close)
        return client

    def call(self, client, repeats=0, batch=2):
        return client.forward(request("toy", np.full((batch, 3), 0.5), {"gain": [2.0]}, repeats=repeats))

    def test_the_kit_averages_repeats_by_calling_the_instrument_repeats_times(self):
        toy = Toy()
        c = self.serve(toy)
        np.testing.assert_array_equal(outputs(self.call(c, repeats=4)), np.full((2, 2), 3.0 + 2.5))  # calls 1..4
        self.assertEqual(toy.calls, 4)
        self.assertEqual(c.describe().max_samples_per_call, 32)
        self.assertFalse(c.describe().repeats_averaged_on_device)

    def test_an_instrument_that_averages_gets_repeats(self):
        toy = Toy()
        c = self.serve(toy, averages_repeats=True)
        np.testing.assert_array_equal(outputs(self.call(c, repeats=3)), np.full((2, 2), 3.0 + 1 + 3000))
        self.assertEqual(toy.calls, 1)
        self.assertTrue(c.describe().repeats_averaged_on_device)

    def test_device_faults_are_internal_and_the_server_keeps_serving(self):
        toy = Toy()
        c = self.serve(toy)
        for fault, says in (("nan", "non-finite measurements"), ("huge", "non-finite"), ("shape", "returned shape [2, 1], expected [2, 2]"),
                            ("raise", "RuntimeError: laser interlock open"), ("junk", "not an array of numbers")):
            toy.fault = fault
            with self.assertRaises(grpc.RpcError) as e:
                self.call(c)
            self.assertEqual(e.exception.code(), grpc.StatusCode.INTERNAL, fault)
            self.assertIn("device fault", e.exception.details())
            self.assertIn(says, e.exception.details())
        toy.fault = None
        self.assertEqual(outputs(self.call(c)).shape, (2, 2))

    def test_an_instrument_down_is_unavailable_and_a_refusal_invalid(self):
        toy = Toy()
        c = self.serve(toy)
        for fault, code, says in (("down", grpc.StatusCode.UNAVAILABLE, "instrument unavailable: laser warming up"),
                                  ("refuse", grpc.StatusCode.INVALID_ARGUMENT, "the instrument refused: gain 2")):
            toy.fault = fault
            with self.assertRaises(grpc.RpcError) as e:
                self.call(c)
            self.assertEqual(e.exception.code(), code)
            self.assertIn(says, e.exception.details())

    def test_one_call_at_a_time_on_the_instrument_and_device_seconds(self):
        toy = Toy()
        toy.delay = 0.05
        c = self.serve(toy)
        replies = []
        threads = [threading.Thread(target=lambda: replies.append(self.call(c))) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(len(replies), 6)
        self.assertEqual(toy.max_active, 1)                 # never two calls on the instrument at once
        for r in replies:
            self.assertGreaterEqual(r.device_seconds, 0.05)   # the instrument's time, not the wait for the lock
            self.assertLess(r.device_seconds, 0.25)

    def test_descriptions_are_checked(self):
        toy = Toy()
        bad = [
            lambda: kit.Device("d", []),
            lambda: kit.Device("d", [kit.Substrate("s", 0, 2, toy.forward, (0, 1))]),
            lambda: kit.Device("d", [kit.Substrate("s", 1, 2, toy.forward, (1, 1))]),
            lambda: kit.Device("d", [kit.Substrate("s", 1, 2, toy.forward, (0, float("inf")))]),
            lambda: kit.Device("d", [kit.Substrate("s", 1, 2, toy.forward, (0, 1), parameters=[kit.Parameter("p", (0,), 0, 1)])]),
            lambda: kit.Device("d", [kit.Substrate("s", 1, 2, toy.forward, (0, 1), parameters=[kit.Parameter("p", (1,), 2, 1)])]),
            lambda: kit.Device("d", [kit.Substrate("s", 1, 2, toy.forward, (0, 1))] * 2),
            lambda: kit.Device("d", [kit.Substrate("s", 1, 2, toy.forward, (0, 1))], kit.Limits(max_batch=0)),
            lambda: kit.Device("d", [kit.Substrate("s", 1, 2, toy.forward, (0, 1))], kit.Limits(max_message_bytes=2**31)),
        ]
        for make in bad:
            with self.assertRaises(ValueError):
                make()
        with self.assertRaises(ValueError):
            kit.start(toy_device(toy), "  ")

    def test_describe_of_the_toy(self):
        d = kit.describe(toy_device(Toy()))
        self.assertEqual(d.protocol_version, 2)
        self.assertEqual(d.max_message_bytes, kit.DEFAULT_MAX_MESSAGE_BYTES)
        s = d.substrates[0]
        self.assertEqual((s.name, s.spec, s.input_unit, s.has_output_range, s.deterministic), ("toy", "toy", "V", False, False))


class StubsTest(unittest.TestCase):
    def test_generate_check(self):
        env = dict(os.environ, PYTHONPATH=PYTHON_DIR)
        r = subprocess.run([sys.executable, "-m", "pnn4j_device.generate", "--check"], cwd=REPO, env=env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("round trip of every message through the generated stubs: ok", r.stdout)
        folder = r.stdout.strip().splitlines()[-1]
        self.assertTrue(os.path.isfile(os.path.join(folder, "pnn4j_device_pb2.py")))
        with open(os.path.join(folder, "VERSIONS.txt")) as f:
            self.assertIn("protoc: libprotoc", f.read())

    def test_a_changed_proto_gets_new_stubs(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        proto = os.path.join(tmp, stubs.PROTO_NAME)
        shutil.copy(stubs.proto_path(), proto)
        old = os.environ.get("PNN4J_DEVICE_STUBS_DIR")
        os.environ["PNN4J_DEVICE_STUBS_DIR"] = os.path.join(tmp, "stubs")
        try:
            a = stubs.generate(proto)
            self.assertEqual(stubs.generate(proto), a)                   # up to date: reused
            with open(proto, "a") as f:
                f.write("\n// an edit\n")
            b = stubs.generate(proto)
            self.assertNotEqual(a, b)                                     # stale: regenerated elsewhere
            self.assertTrue(os.path.isfile(os.path.join(b, "pnn4j_device_pb2_grpc.py")))
        finally:
            if old is None:
                del os.environ["PNN4J_DEVICE_STUBS_DIR"]
            else:
                os.environ["PNN4J_DEVICE_STUBS_DIR"] = old

    def test_versions_rule(self):
        self.assertEqual(stubs._key("libprotoc 3.5.1"), (5, 1))
        self.assertEqual(stubs._key("libprotoc 25.1"), (25, 1))
        self.assertEqual(stubs._key("4.21.12"), (21, 12))
        self.assertEqual(stubs._key("libprotoc 3.21.12"), (21, 12))
        self.assertEqual(stubs._key("5.26.1"), (26, 1))
        with self.assertRaises(stubs.StubError):
            stubs.check_versions(protoc="libprotoc 99.0")            # generated code newer than the runtime
        self.assertIn("grpcio", stubs.check_versions(protoc="libprotoc 3.5.1"))


if __name__ == "__main__":
    unittest.main()
