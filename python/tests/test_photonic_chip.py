"""The example chip (python/examples/photonic_chip.py) as a real server process on loopback, called through the
generated stubs: Describe, Forward, every validation error, tokens, repeats, message size, signals."""
import math
import os
import signal
import stat
import tempfile
import threading
import time
import unittest

import grpc
import numpy as np

from serverprocess import Client, ServerProcess, outputs, pb2, request

SUB = "mzi-mesh(8)"
TWO_PI = 2 * math.pi
SMALL_MESSAGES = 1 << 20


def params(seed=0, laser=1.0):
    rng = np.random.default_rng(seed)
    return {"theta": rng.uniform(0, TWO_PI, 28), "phi": rng.uniform(0, TWO_PI, 28), "laser_power": [laser]}


def inputs(batch, seed=1):
    return np.random.default_rng(seed).uniform(0, 6.28, (batch, 8))


class NoisyChipTest(unittest.TestCase):
    """The chip as it runs by default (noise and drift on), with 1 MiB messages."""

    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess("--port", "0", "--seed", "1", "--max-message-bytes", str(SMALL_MESSAGES))
        cls.addClassCleanup(cls.server.stop)
        cls.client = Client(cls.server.address, cls.server.token)
        cls.addClassCleanup(cls.client.close)

    def invalid(self, req, *fragments, code=grpc.StatusCode.INVALID_ARGUMENT):
        with self.assertRaises(grpc.RpcError) as c:
            self.client.forward(req)
        self.assertEqual(c.exception.code(), code, c.exception.details())
        for f in fragments:
            self.assertIn(f, c.exception.details())
        return c.exception.details()

    def test_listening_line_names_loopback_and_the_port(self):
        self.assertTrue(self.server.address.startswith("127.0.0.1:"), self.server.address)
        self.assertGreater(self.server.port(), 0)
        self.assertEqual(self.server.stdout, [f"listening on {self.server.address}"])

    def test_describe(self):
        d = self.client.describe()
        self.assertEqual(d.protocol_version, 2)
        self.assertIn("photonic_chip.py", d.backend)
        self.assertEqual((d.max_batch, d.max_repeats, d.max_samples_per_call), (1024, 64, 16384))
        self.assertEqual(d.max_message_bytes, SMALL_MESSAGES)
        self.assertTrue(d.repeats_averaged_on_device)       # the chip's readout averages in hardware
        self.assertFalse(d.native_gradients)
        self.assertEqual(len(d.substrates), 1)
        s = d.substrates[0]
        self.assertEqual((s.name, s.input_size, s.output_size), (SUB, 8, 8))
        self.assertEqual((s.input_min, s.input_max, s.input_unit, s.input_periodic), (0.0, TWO_PI, "rad", True))
        self.assertEqual(s.output_unit, "mW")
        self.assertTrue(s.has_output_range)
        self.assertLess(s.output_min, 0.0)
        self.assertGreater(s.output_max, 1.0)
        self.assertGreater(s.output_noise_std, 0.0005)
        self.assertLess(s.output_noise_std, 0.005)
        self.assertFalse(s.deterministic)
        self.assertTrue(s.description)
        p = {q.name: q for q in s.parameters}
        self.assertEqual(list(p), ["theta", "phi", "laser_power"])
        for name in ("theta", "phi"):
            self.assertEqual((list(p[name].shape), p[name].lo, p[name].hi, p[name].unit), ([28], 0.0, TWO_PI, "rad"))
            self.assertTrue(p[name].periodic)
            self.assertFalse(p[name].fixed)
        self.assertEqual((list(p["laser_power"].shape), p["laser_power"].unit), ([1], "mW"))
        self.assertTrue(p["laser_power"].fixed)
        self.assertFalse(p["laser_power"].periodic)
        # a v1 client (no version sent) gets the same reply; it ignores the v2 fields
        self.assertEqual(self.client.describe(version=0), d)

    def test_forward(self):
        x = inputs(32)
        r = self.client.forward(request(SUB, x, params(), repeats=2))
        y = outputs(r)
        self.assertEqual(y.shape, (32, 8))
        self.assertTrue(np.isfinite(y).all())
        self.assertGreaterEqual(y.min(), -0.01)
        self.assertLessEqual(y.max(), 1.25)
        self.assertGreater(r.device_seconds, 0)
        self.assertLess(r.device_seconds, 10)
        # passive optics: the detectors never see more than the laser (within the noise and calibration errors)
        self.assertLess(y.sum(axis=1).max(), 1.0 * 1.1)
        self.assertGreater(y.sum(axis=1).min(), 0.3)
        # the data matters (interference): other inputs, other outputs; twice the laser, about twice the power
        y2 = outputs(self.client.forward(request(SUB, inputs(32, seed=2), params())))
        self.assertGreater(np.abs(y2 - y).mean(), 0.01)
        y3 = outputs(self.client.forward(request(SUB, x, params(laser=1.5), repeats=2)))
        self.assertAlmostEqual(float(y3.sum() / y.sum()), 1.5, delta=0.05)

    def test_repeats_zero_means_one_and_the_largest_call_is_served(self):
        self.assertEqual(outputs(self.client.forward(request(SUB, inputs(3), params(), repeats=0))).shape, (3, 8))
        y = outputs(self.client.forward(request(SUB, inputs(1024), params(), repeats=16)))   # 16384 samples
        self.assertEqual(y.shape, (1024, 8))
        # the range's ends are inside it
        edge = np.zeros((2, 8))
        edge[1] = np.float32(TWO_PI) if np.float32(TWO_PI) <= TWO_PI else np.nextafter(np.float32(TWO_PI), np.float32(0))
        self.assertEqual(outputs(self.client.forward(request(SUB, edge, params()))).shape, (2, 8))

    def test_each_invalid_argument(self):
        good_x, good_p = inputs(4), params()
        self.invalid(request("oscillators(4)", good_x, good_p), "'oscillators(4)' is not served", SUB)
        self.invalid(pb2.ForwardRequest(substrate=SUB), "no inputs")
        self.invalid(request(SUB, good_x[0], good_p), "expects inputs [batch, 8], got shape [8]")
        self.invalid(request(SUB, good_x[:, :5], good_p), "expects inputs [batch, 8], got shape [4, 5]")
        r = request(SUB, good_x, good_p)
        r.inputs.values.append(1.0)
        self.invalid(r, "shape [4, 8] holds 32 values, the message has 33")
        r = request(SUB, good_x, good_p)
        r.inputs.shape[0] = -4
        self.invalid(r, "negative dimension")
        self.invalid(request(SUB, np.zeros((0, 8)), good_p), "the batch is empty")
        self.invalid(request(SUB, inputs(1025), good_p), "batch 1025 exceeds", "1024")
        self.invalid(request(SUB, inputs(1024), good_p, repeats=17), "16384 samples per call", "17408")
        x = good_x.copy()
        x[2, 3] = np.nan
        self.invalid(request(SUB, x, good_p), "input nan at sample 2, column 3 is outside the input range", "rad")
        x[2, 3] = -0.25
        self.invalid(request(SUB, x, good_p), "input -0.25 at sample 2, column 3")
        x[2, 3] = 7
        self.invalid(request(SUB, x, good_p), "input 7 at sample 2, column 3")
        x[2, 3] = np.inf
        self.invalid(request(SUB, x, good_p), "input inf at sample 2, column 3")
        p = dict(good_p)
        del p["phi"]
        self.invalid(request(SUB, good_x, p), "parameter 'phi' is missing", "['laser_power', 'theta']")
        self.invalid(request(SUB, good_x, {**good_p, "gain": [1.0]}), "parameter 'gain' is not a parameter")
        self.invalid(request(SUB, good_x, {**good_p, "theta": np.zeros((4, 7))}), "'theta' must have shape [28], got [4, 7]")
        self.invalid(request(SUB, good_x, {**good_p, "theta": np.zeros(27)}), "'theta' must have shape [28], got [27]")
        th = good_p["theta"].copy()
        th[5] = 6.5
        self.invalid(request(SUB, good_x, {**good_p, "theta": th}), "parameter 'theta' element 5 = 6.5 is outside its range [0, 6.28319] rad")
        th[5] = np.nan
        self.invalid(request(SUB, good_x, {**good_p, "theta": th}), "element 5 = nan")
        self.invalid(request(SUB, good_x, {**good_p, "laser_power": [3.0]}), "'laser_power' element 0 = 3", "[0.5, 1.5] mW")
        self.invalid(request(SUB, good_x, good_p, repeats=65), "repeats 65 is outside [1, 64]")
        self.invalid(request(SUB, good_x, good_p, repeats=-1), "repeats -1 is outside [1, 64]")
        # and it keeps serving
        self.assertEqual(outputs(self.client.forward(request(SUB, good_x, good_p))).shape, (4, 8))

    def test_token(self):
        for call in (lambda t: self.client.describe(token=t), lambda t: self.client.forward(request(SUB, inputs(2), params()), token=t)):
            for token, says in ((None, "no token"), ("wrong", "wrong token"), ("", "wrong token"),
                                (self.server.token + "x", "wrong token"), (self.server.token[:-1], "wrong token")):
                with self.assertRaises(grpc.RpcError) as c:
                    call(token)
                self.assertEqual(c.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
                self.assertIn(says, c.exception.details())
        # a bare token (no "Bearer ") is refused too
        with self.assertRaises(grpc.RpcError) as c:
            self.client.stub.Describe(pb2.DescribeRequest(), metadata=(("authorization", self.server.token),), timeout=30)
        self.assertEqual(c.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
        self.assertEqual(self.client.describe().protocol_version, 2)

    def test_repeats_average_lowers_the_noise(self):
        x, p = inputs(64, seed=5), params(3)
        def noise(repeats, calls=12):
            ys = np.stack([outputs(self.client.forward(request(SUB, x, p, repeats=repeats))) for _ in range(calls)])
            # successive differences: the slow drift cancels, the per-reading noise stays (x sqrt 2)
            return float(np.std(np.diff(ys, axis=0)) / math.sqrt(2))
        one, sixteen = noise(1), noise(16)
        print(f"noise of one reading {one:.2e} mW, of 16 averaged {sixteen:.2e} mW", end=" ", flush=True)
        declared = self.client.describe().substrates[0].output_noise_std
        self.assertGreater(one, 0.5 * declared)
        self.assertLess(one, 2.0 * declared)
        self.assertLess(sixteen, one / 2.5, (one, sixteen))      # sqrt(16) = 4 expected
        self.assertGreater(sixteen, one / 8, (one, sixteen))

    def test_oversized_message_is_resource_exhausted(self):
        r = request(SUB, inputs(2), params())
        r.substrate = "x" * (SMALL_MESSAGES + 10)
        with self.assertRaises(grpc.RpcError) as c:
            self.client.forward(r)
        self.assertEqual(c.exception.code(), grpc.StatusCode.RESOURCE_EXHAUSTED, c.exception.details())
        # a batch of floats over the limit (9000 x 8 floats, ~350 kB... x 4): also refused, before validation
        big = request(SUB, np.ones((40000, 8)), params())
        self.assertGreater(big.ByteSize(), SMALL_MESSAGES)
        with self.assertRaises(grpc.RpcError) as c:
            self.client.forward(big)
        self.assertEqual(c.exception.code(), grpc.StatusCode.RESOURCE_EXHAUSTED)
        self.assertEqual(outputs(self.client.forward(request(SUB, inputs(2), params()))).shape, (2, 8))

    def test_concurrent_calls_all_served(self):
        results, errors = [], []
        def worker(k):
            try:
                c = Client(self.server.address, self.server.token)
                for _ in range(5):
                    results.append(outputs(c.forward(request(SUB, inputs(16, seed=k), params(k), repeats=2))).shape)
                c.close()
            except Exception as e:  # noqa: BLE001  (reported below)
                errors.append(e)
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(results, [(16, 8)] * 30)


class DeterministicChipTest(unittest.TestCase):
    """--noise 0 --drift 0: the same call measures the same, also after a restart with the same seed. The token
    comes from a file here."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.tmp.cleanup)
        cls.token_file = os.path.join(cls.tmp.name, "token")
        with open(cls.token_file, "w") as f:
            f.write("from-a-file\n")
        os.chmod(cls.token_file, stat.S_IRUSR | stat.S_IWUSR)
        cls.server = cls.start()
        cls.client = Client(cls.server.address, "from-a-file")
        cls.addClassCleanup(cls.client.close)

    @classmethod
    def start(cls, seed="1"):
        s = ServerProcess("--port", "0", "--seed", seed, "--noise", "0", "--drift", "0", "--token-file", cls.token_file,
                          token="not-this-one")
        cls.addClassCleanup(s.stop)
        return s

    def test_describe_says_deterministic_with_the_default_message_size(self):
        d = self.client.describe()
        self.assertTrue(d.substrates[0].deterministic)
        self.assertEqual(d.substrates[0].output_noise_std, 0.0)
        self.assertEqual(d.max_message_bytes, 64 << 20)
        with self.assertRaises(grpc.RpcError) as c:           # the file's token, not the environment's
            self.client.describe(token="not-this-one")
        self.assertEqual(c.exception.code(), grpc.StatusCode.UNAUTHENTICATED)

    def test_same_call_same_measurement_across_restarts(self):
        r = request(SUB, inputs(50), params(7), repeats=3)
        a = outputs(self.client.forward(r))
        np.testing.assert_array_equal(a, outputs(self.client.forward(r)))
        again = self.start()
        other = self.start(seed="2")
        try:
            c = Client(again.address, "from-a-file")
            np.testing.assert_array_equal(a, outputs(c.forward(r)))
            c.close()
            c = Client(other.address, "from-a-file")
            self.assertGreater(np.abs(outputs(c.forward(r)) - a).max(), 1e-3)   # another chip: other fabrication errors
            c.close()
        finally:
            self.assertEqual(again.stop(), 0)
            self.assertEqual(other.stop(), 0)

    def test_periodic_inputs_and_phases(self):
        top = float(np.nextafter(np.float32(TWO_PI), np.float32(0)))     # the largest float32 below 2 pi
        x = inputs(20, seed=3)
        p = params(4)
        x[:, 0] = 0.0
        a = outputs(self.client.forward(request(SUB, x, p)))
        x[:, 0] = top                                                       # one period on: the same response
        np.testing.assert_allclose(a, outputs(self.client.forward(request(SUB, x, p))), atol=1e-5)
        x[:, 0] = math.pi                                                   # half a period: another
        self.assertGreater(np.abs(outputs(self.client.forward(request(SUB, x, p))) - a).max(), 1e-2)
        # a heater phase: its own MZI's response repeats, but the crosstalk its neighbours receive jumps where the
        # command wraps (0 and just below 2 pi differ by 2 pi kappa of heat): close, not equal
        p["theta"][0] = 0.0
        b = outputs(self.client.forward(request(SUB, x, p)))
        p["theta"][0] = top
        c = outputs(self.client.forward(request(SUB, x, p)))
        self.assertLess(np.abs(b - c).max(), 0.05)
        self.assertGreater(np.abs(b - c).max(), 1e-5)


class LifecycleTest(unittest.TestCase):
    def test_sigterm_and_sigint_stop_it(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            s = ServerProcess("--port", "0", "--noise", "0", "--drift", "0")
            try:
                c = Client(s.address, s.token)
                self.assertEqual(c.describe().protocol_version, 2)
                c.close()
                t0 = time.monotonic()
                s.proc.send_signal(sig)
                self.assertEqual(s.wait_exit(15), 0)
                self.assertLess(time.monotonic() - t0, 15)
                self.assertIn("stopped", "\n".join(s.stderr))
            finally:
                s.stop(signal.SIGKILL)

    def test_no_token_refuses_to_start(self):
        s = ServerProcess("--port", "0", token=None, wait=False)
        try:
            self.assertEqual(s.wait_exit(60), 2)
            time.sleep(0.2)
            self.assertIn("PNN4J_DEVICE_TOKEN", "\n".join(s.stderr))
        finally:
            s.stop(signal.SIGKILL)

    def test_a_taken_port_is_not_shared(self):
        first = ServerProcess("--port", "0", "--noise", "0", "--drift", "0")
        try:
            second = ServerProcess("--port", str(first.port()), "--noise", "0", "--drift", "0", wait=False)
            try:
                self.assertEqual(second.wait_exit(60), 1)
                time.sleep(0.2)
                self.assertIn("is the port taken", "\n".join(second.stderr))
            finally:
                second.stop(signal.SIGKILL)
            c = Client(first.address, first.token)
            self.assertEqual(c.describe().protocol_version, 2)
            c.close()
        finally:
            self.assertEqual(first.stop(), 0)


if __name__ == "__main__":
    unittest.main()
