"""A pnn4j device server (protocol v2, pnn4j_device.proto) from a lab's forward function and its description.

The kit checks every call against the description before the instrument sees it (INVALID_ARGUMENT, with a message
that names the value and the limit), holds one lock around the instrument so that concurrent calls never interleave
on the hardware, averages `repeats` measurements (or hands them to an instrument that averages itself), measures
device_seconds, turns non-finite or misshapen measurements and exceptions into INTERNAL, refuses calls without the
token (UNAUTHENTICATED, constant-time compare), and caps messages at max_message_bytes (RESOURCE_EXHAUSTED).
"""
import argparse
import hashlib
import hmac
import math
import os
import signal
import stat
import sys
import threading
import time
import traceback
from concurrent import futures
from dataclasses import dataclass, field
from typing import Callable, Dict, Optional, Sequence, Tuple

import grpc
import numpy as np

from . import stubs

pb2, pb2_grpc = stubs.load()

PROTOCOL_VERSION = 2
DEFAULT_MAX_MESSAGE_BYTES = 64 << 20      # as pnn4j's Java server and client (RemoteBackend) default to
TOKEN_ENV = "PNN4J_DEVICE_TOKEN"


@dataclass(frozen=True)
class Parameter:
    """A parameter of a substrate: values are sent row-major in `shape`, each in [lo, hi] (in `unit`)."""
    name: str
    shape: Tuple[int, ...]
    lo: float
    hi: float
    unit: str = ""
    periodic: bool = False        # the response repeats with period hi - lo (a phase)
    fixed: bool = False           # a setting of the instrument that training must not change
    description: str = ""

    @property
    def size(self):
        return int(np.prod(self.shape, dtype=np.int64))


@dataclass
class Substrate:
    """One physical system the server serves.

    forward(inputs, params) -> outputs: inputs a float64 array [batch, input_size] in input_unit, already checked
    against input_range; params a dict name -> float64 array of the declared shape, each within its range; returns
    [batch, output_size] in output_unit (one measurement; the kit averages repeats). With Device.averages_repeats it
    is called as forward(inputs, params, repeats) and returns the average itself.
    """
    name: str
    input_size: int
    output_size: int
    forward: Callable[..., np.ndarray]
    input_range: Tuple[float, float]
    input_unit: str = ""
    input_periodic: bool = False
    output_unit: str = ""
    output_range: Optional[Tuple[float, float]] = None   # the readout's full scale, when known
    output_noise_std: float = 0.0                         # typical std of one measurement, in output_unit; 0 = unknown
    parameters: Sequence[Parameter] = ()
    deterministic: bool = False                           # the same call always measures the same
    spec: str = ""
    description: str = ""


@dataclass
class Limits:
    max_batch: int = 1024
    max_repeats: int = 64
    max_samples_per_call: int = 0                         # batch x repeats; 0 = max_batch x max_repeats
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES    # largest request (and reply) on the wire


@dataclass
class Device:
    """What a server serves: its substrates, its limits, and who it is (DescribeReply.backend)."""
    backend: str
    substrates: Sequence[Substrate]
    limits: Limits = field(default_factory=Limits)
    averages_repeats: bool = False                        # forward(inputs, params, repeats) averages on the device

    def __post_init__(self):
        problems = []
        if not self.substrates:
            problems.append("no substrates")
        names = [s.name for s in self.substrates]
        if len(set(names)) != len(names):
            problems.append(f"substrate names repeat: {names}")
        for s in self.substrates:
            who = f"substrate '{s.name}'"
            if not s.name:
                problems.append("a substrate without a name")
            if s.input_size < 1 or s.output_size < 1:
                problems.append(f"{who}: sizes must be >= 1, got {s.input_size} -> {s.output_size}")
            if not _interval(s.input_range):
                problems.append(f"{who}: input_range {s.input_range} is not finite lo < hi")
            if s.output_range is not None and not _interval(s.output_range):
                problems.append(f"{who}: output_range {s.output_range} is not finite lo < hi")
            if not (math.isfinite(s.output_noise_std) and s.output_noise_std >= 0):
                problems.append(f"{who}: output_noise_std {s.output_noise_std} must be finite and >= 0")
            pnames = [p.name for p in s.parameters]
            if len(set(pnames)) != len(pnames):
                problems.append(f"{who}: parameter names repeat: {pnames}")
            for p in s.parameters:
                if not p.name or not all(isinstance(d, int) and d >= 1 for d in p.shape):
                    problems.append(f"{who}: parameter '{p.name}' needs a name and a shape of positive ints, got {p.shape}")
                if not _interval((p.lo, p.hi)):
                    problems.append(f"{who}: parameter '{p.name}' range [{p.lo}, {p.hi}] is not finite lo < hi")
        lim = self.limits
        for k in ("max_batch", "max_repeats"):
            if getattr(lim, k) < 1:
                problems.append(f"limits.{k} must be >= 1, got {getattr(lim, k)}")
        if lim.max_samples_per_call < 0:
            problems.append(f"limits.max_samples_per_call must be >= 0 (0: max_batch x max_repeats), got {lim.max_samples_per_call}")
        if not 1024 <= lim.max_message_bytes <= 2**31 - 1:
            problems.append(f"limits.max_message_bytes {lim.max_message_bytes} is outside [1024, 2^31 - 1]")
        if problems:
            raise ValueError("invalid device description: " + "; ".join(problems))

    def samples_per_call(self):
        return self.limits.max_samples_per_call or self.limits.max_batch * self.limits.max_repeats


def _interval(r):
    return len(r) == 2 and all(math.isfinite(v) for v in r) and r[0] < r[1]


class InstrumentUnavailable(Exception):
    """Raise it from forward while the instrument is down or restarting (a laser warming up, an interlock):
    the client gets UNAVAILABLE and retries within its reconnect window."""


class InstrumentRefused(ValueError):
    """Raise it from forward for a call the instrument cannot run although it fits the description (e.g. a
    combination of settings outside a safe region): the client gets INVALID_ARGUMENT with the message."""


class _Invalid(Exception):
    pass


class _Fault(Exception):
    pass


def describe(device):
    """The DescribeReply of a device."""
    lim = device.limits
    reply = pb2.DescribeReply(backend=device.backend, max_batch=lim.max_batch, max_repeats=lim.max_repeats,
                              repeats_averaged_on_device=device.averages_repeats, native_gradients=False,
                              protocol_version=PROTOCOL_VERSION, max_message_bytes=lim.max_message_bytes,
                              max_samples_per_call=device.samples_per_call())
    for s in device.substrates:
        info = reply.substrates.add(name=s.name, spec=s.spec or s.name, input_size=s.input_size,
                                    output_size=s.output_size, input_min=s.input_range[0], input_max=s.input_range[1],
                                    input_unit=s.input_unit, output_unit=s.output_unit,
                                    output_noise_std=s.output_noise_std, input_periodic=s.input_periodic,
                                    deterministic=s.deterministic, description=s.description)
        if s.output_range is not None:
            info.has_output_range = True
            info.output_min, info.output_max = s.output_range
        for p in s.parameters:
            info.parameters.add(name=p.name, shape=list(p.shape), lo=p.lo, hi=p.hi, unit=p.unit,
                                periodic=p.periodic, fixed=p.fixed, description=p.description)
    return reply


def _tensor(t, what):
    """A wire tensor as a float64 array of its shape (the float32 values exactly)."""
    shape = tuple(t.shape)
    if any(d < 0 for d in shape):
        raise _Invalid(f"{what}: negative dimension in shape {list(shape)}")
    size = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if size != len(t.values):
        raise _Invalid(f"{what}: shape {list(shape)} holds {size} values, the message has {len(t.values)}")
    return np.fromiter(t.values, dtype=np.float64, count=len(t.values)).reshape(shape)


def _outside(values, lo, hi):
    """Index (flat) of the first NaN or value outside [lo, hi], or None. Infinities are outside."""
    bad = np.isnan(values) | (values < lo) | (values > hi)
    return int(np.argmax(bad.ravel())) if bad.any() else None


def _unit(u):
    return f" {u}" if u else ""


class _Service(pb2_grpc.DeviceServicer):
    def __init__(self, device):
        self.device = device
        self.by_name = {s.name: s for s in device.substrates}
        self.lock = threading.Lock()                      # one instrument: calls never interleave on it

    def Describe(self, request, context):
        return describe(self.device)

    def Forward(self, request, context):
        try:
            sub, x, params, repeats = self._check(request)
        except _Invalid as e:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(e))
        with self.lock:
            if not context.is_active():                   # the client gave up while we waited: measure nothing
                context.abort(grpc.StatusCode.CANCELLED, "the call ended before the instrument was free")
            t0 = time.perf_counter()
            try:
                y = self._measure(sub, x, params, repeats)
            except _Fault as e:
                context.abort(grpc.StatusCode.INTERNAL, f"device fault: {e}")
            except InstrumentUnavailable as e:
                context.abort(grpc.StatusCode.UNAVAILABLE, f"instrument unavailable: {e}")
            except InstrumentRefused as e:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"substrate '{sub.name}': the instrument refused: {e}")
            except Exception as e:
                traceback.print_exc(file=sys.stderr)
                context.abort(grpc.StatusCode.INTERNAL, f"device fault: {type(e).__name__}: {e}")
            seconds = time.perf_counter() - t0
        reply = pb2.ForwardReply(device_seconds=seconds)
        reply.outputs.shape.extend(y.shape)
        reply.outputs.values.extend(y.ravel().tolist())
        return reply

    def _check(self, request):
        dev, lim = self.device, self.device.limits
        sub = self.by_name.get(request.substrate)
        if sub is None:
            raise _Invalid(f"substrate '{request.substrate}' is not served here; this server serves "
                           f"{sorted(self.by_name)} (check the name)")
        who = f"substrate '{sub.name}'"
        repeats = request.repeats or 1
        if not 1 <= repeats <= lim.max_repeats:
            raise _Invalid(f"{who}: repeats {request.repeats} is outside [1, {lim.max_repeats}] that this server "
                           "accepts; use fewer repeats per call and average several calls")
        if not request.HasField("inputs"):
            raise _Invalid(f"{who}: no inputs; send a tensor [batch, {sub.input_size}]")
        x = _tensor(request.inputs, "inputs")
        if x.ndim != 2 or x.shape[1] != sub.input_size:
            raise _Invalid(f"{who} expects inputs [batch, {sub.input_size}], got shape {list(x.shape)}")
        batch = x.shape[0]
        if batch < 1:
            raise _Invalid(f"{who}: the batch is empty; send at least one sample")
        if batch > lim.max_batch:
            raise _Invalid(f"{who}: batch {batch} exceeds this server's maximum batch {lim.max_batch}; "
                           f"split the batch into calls of at most {lim.max_batch} samples")
        if batch * repeats > dev.samples_per_call():
            raise _Invalid(f"{who}: batch {batch} x repeats {repeats} = {batch * repeats} samples exceeds this "
                           f"server's {dev.samples_per_call()} samples per call; send fewer samples or repeats per call")
        lo, hi = sub.input_range
        i = _outside(x, lo, hi)
        if i is not None:
            r, c = divmod(i, sub.input_size)
            raise _Invalid(f"{who}: input {x.ravel()[i]:g} at sample {r}, column {c} is outside the input range "
                           f"[{lo:g}, {hi:g}]{_unit(sub.input_unit)}; scale or clamp the inputs")
        declared = {p.name: p for p in sub.parameters}
        extra = sorted(set(request.params) - set(declared))
        if extra:
            raise _Invalid(f"{who}: parameter '{extra[0]}' is not a parameter of this substrate; it has "
                           f"{sorted(declared)}")
        params = {}
        for p in sub.parameters:
            if p.name not in request.params:
                raise _Invalid(f"{who}: parameter '{p.name}' is missing; the call has {sorted(request.params)}")
            v = _tensor(request.params[p.name], f"{who}: parameter '{p.name}'")
            if tuple(v.shape) != tuple(p.shape):
                raise _Invalid(f"{who}: parameter '{p.name}' must have shape {list(p.shape)}, got {list(v.shape)}")
            j = _outside(v, p.lo, p.hi)
            if j is not None:
                raise _Invalid(f"{who}: parameter '{p.name}' element {j} = {v.ravel()[j]:g} is outside its range "
                               f"[{p.lo:g}, {p.hi:g}]{_unit(p.unit)}; constrain it to the declared range")
            params[p.name] = v
        return sub, x, params, repeats

    def _measure(self, sub, x, params, repeats):
        if self.device.averages_repeats:
            return self._checked(sub, sub.forward(x, params, repeats), x.shape[0])
        acc = None
        for _ in range(repeats):
            y = self._checked(sub, sub.forward(x, params), x.shape[0]).astype(np.float64)
            acc = y if acc is None else acc + y
        return self._checked(sub, acc / repeats, x.shape[0])

    @staticmethod
    def _checked(sub, y, batch):
        try:
            y = np.asarray(y, dtype=np.float64)
        except (TypeError, ValueError) as e:
            raise _Fault(f"substrate '{sub.name}' returned something that is not an array of numbers ({e})")
        if y.shape != (batch, sub.output_size):
            raise _Fault(f"substrate '{sub.name}' returned shape {list(y.shape)}, expected [{batch}, {sub.output_size}]")
        with np.errstate(over="ignore"):
            y32 = y.astype(np.float32)                  # beyond float32's range is infinite on the wire: a fault
        bad = ~np.isfinite(y32)
        if bad.any():
            i = int(np.argmax(bad.ravel()))
            raise _Fault(f"the device returned non-finite measurements (NaN or infinity, or beyond float32) for "
                         f"substrate '{sub.name}', e.g. {y.ravel()[i]} at sample {i // sub.output_size}, "
                         f"output {i % sub.output_size}")
        return y32


class _Auth(grpc.ServerInterceptor):
    def __init__(self, token):
        self.expected = hashlib.sha256(("Bearer " + token).encode()).digest()
        self.no_token = self._deny("no token: send the server's token")        # the Java server's words
        self.wrong = self._deny("wrong token")

    @staticmethod
    def _deny(message):
        def abort(request, context):
            context.abort(grpc.StatusCode.UNAUTHENTICATED, message)
        return grpc.unary_unary_rpc_method_handler(abort)

    def intercept_service(self, continuation, details):
        got = None
        for k, v in details.invocation_metadata or ():
            if k == "authorization":
                got = v
        if got is None:
            return self.no_token
        if isinstance(got, str):
            got = got.encode("utf-8", "surrogateescape")
        # hashing first makes the compare independent of the lengths too
        if not hmac.compare_digest(hashlib.sha256(got).digest(), self.expected):
            return self.wrong
        return continuation(details)


class Server:
    """A running server: port, address, stop()."""

    def __init__(self, grpc_server, host, port):
        self.grpc_server, self.host, self.port = grpc_server, host, port

    @property
    def address(self):
        """HOST:PORT ([HOST]:PORT for an IPv6 host)."""
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    def stop(self, grace=5.0):
        """Refuses new calls, lets calls in flight finish for up to `grace` seconds, then stops."""
        self.grpc_server.stop(grace).wait()


def start(device, token, host="127.0.0.1", port=0, workers=8):
    """Starts serving `device` on host:port (0 picks a free port); returns a Server. Raises ValueError for a blank
    token, OSError when the address cannot be bound (e.g. the port is taken: SO_REUSEPORT is off, so two servers
    never share a port)."""
    if not token or not token.strip():
        raise ValueError(f"a device server needs a token (clients send it); set {TOKEN_ENV} or give --token-file")
    n = device.limits.max_message_bytes
    options = [("grpc.so_reuseport", 0), ("grpc.max_receive_message_length", n), ("grpc.max_send_message_length", n)]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pnn4j-device"),
                         interceptors=[_Auth(token)], options=options)
    pb2_grpc.add_DeviceServicer_to_server(_Service(device), server)
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        bound = server.add_insecure_port(bind)
    except RuntimeError as e:                             # newer grpcio raise, older return 0
        bound, why = 0, str(e)
    else:
        why = "bind failed"
    if not bound:
        server.stop(None)
        raise OSError(f"cannot serve on {bind}: {why} (is the port taken? pick another with --port, or 0 for a free one)")
    server.start()
    return Server(server, host, bound)


def argument_parser(description=None):
    """An ArgumentParser with the server's options (--host, --port, --token-file, --max-message-bytes); add the
    instrument's own options to it, then pass the parsed arguments to main()."""
    ap = argparse.ArgumentParser(description=description)
    g = ap.add_argument_group("server")
    g.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; 0.0.0.0 exposes the instrument)")
    g.add_argument("--port", type=int, default=50051, help="port (default 50051; 0 picks a free one, printed)")
    g.add_argument("--token-file", help=f"file holding the token clients must send (default: ${TOKEN_ENV})")
    g.add_argument("--max-message-bytes", type=int, help="largest request or reply (default: the device's limits)")
    return ap


def read_token(token_file=None):
    """The token: the first line of token_file, else $PNN4J_DEVICE_TOKEN. Raises ValueError when there is none."""
    if token_file:
        st = os.stat(token_file)
        if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            print(f"warning: {token_file} is readable by others (chmod 600 it)", file=sys.stderr)
        with open(token_file) as f:
            token = f.readline().strip()
        if not token:
            raise ValueError(f"{token_file} holds no token")
        return token
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise ValueError(f"no token: set {TOKEN_ENV} or give --token-file FILE (never on the command line, "
                         "where ps shows it to every user)")
    return token


def main(device, args=None):
    """Serves `device` until SIGTERM or SIGINT, from parsed arguments (argument_parser()) or sys.argv.
    Prints `listening on HOST:PORT` once bound. Returns the process exit status (0 after a clean stop)."""
    if args is None:
        args = argument_parser().parse_args()
    try:
        token = read_token(args.token_file)
        if args.max_message_bytes is not None:
            device.limits.max_message_bytes = args.max_message_bytes
            device.__post_init__()
        if not 0 <= args.port <= 65535:
            raise ValueError(f"port {args.port} is outside [0, 65535]")
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    try:
        server = start(device, token, args.host, args.port)
    except OSError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    names = ", ".join(s.name for s in device.substrates)
    print(f"serving {names} ({device.backend}), protocol v{PROTOCOL_VERSION}, "
          f"max message {device.limits.max_message_bytes} bytes", file=sys.stderr)
    print(f"listening on {server.address}", flush=True)
    print(f'client: Backends.open("remote:{server.address}?token=...")', file=sys.stderr, flush=True)
    while not stop.wait(0.5):
        pass
    server.stop(5.0)
    print("stopped", file=sys.stderr, flush=True)
    return 0
