#!/usr/bin/python3
"""Independent PyTorch reference for `./pnn4j bench`: physics-aware training (PAT, Wright et al. 2022) of
(a) vowels on two rings of 48 driven, coupled pendula and (b) the Fashion-MNIST reference network of coupled
oscillators (the PAT paper's example 2): 28x28 image -> 16 patches of 7x7 pixels, each zero-padded to 100 -> one
shared oscillators(100) network applied to every patch -> the 16 outputs concatenated (1600), padded to 1610 ->
oscillators(1610) -> its last 10 outputs times one trainable scale (initially 1) = logits; random horizontal
flips of the training images (probability 1/2); the 1610-oscillator layer accepts inputs in [-2 pi, 2 pi].

Written from the equations in pnn4j's javadoc (PendulaRing, CoupledOscillators), not from its code:

  pendula:      th'' = -w0^2 sin th + c[n-1](th[n-1]-th) + c[n](th[n+1]-th) - gamma th' + A cos(wd t) cos th
                (ring, periodic), th(0) = a x, th'(0) = 0, output th(T); RK4, T = 1 s in 200 steps, a = 0.5,
                gamma = 1, A = 20, wd = 15; w0 in [10, 20], c in [1, 20] (uniform init, clamped after each step).
                Device: w0 and c times (1 + 0.02 N(0,1)) drawn once; N(0, 0.01) rad noise on every th(T).
  oscillators:  q' = p, p' = -sin q + e + sin(q) Q, Q = sym(C) with diagonal = -column sums of sym(C), its own
                diagonal included (so C_ii is a self-coupling); q(0) = x, p(0) = 0, output q(T); RK4, T = 0.5 in 5
                steps; C and e ~ U[-1/sqrt(N), 1/sqrt(N)], both clamped to [-1, 1]. Device: sin((1 + 0.1) q), an extra coupling built like Q
                from 0.2 randn(N, N) drawn once, N(0, 0.02) noise on the inputs on every call, observed (PAT's
                backward runs the model at the noisy input, as the published example does).

PAT: the forward runs the device (reality gap + noise); the backward is the vector-Jacobian product of the ideal
model at the physical input and parameters (a custom torch.autograd.Function re-runs the ideal model under autograd).

Data, network, batch size, epochs and learning rate come from the command line; the arrays are the ones the Java
side trains on (written by `./pnn4j bench` as raw little-endian float32 / int32 files). Prints one line
`RESULT key=value ...` with train samples/s, s/epoch, evaluation samples/s, test accuracy on the device and peak
RSS (resource.getrusage maxrss).
"""
import argparse
import math
import os
import resource
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)


def blas_report():
    """The BLAS this process actually calls and the SIMD level torch dispatches to, as key=value pairs (no spaces):
    blas_lib: the file that provides the global sgemm_ symbol (dladdr), else the first BLAS-like library in
    /proc/self/maps; blas_core: OpenBLAS's core type (openblas_get_corename) when it is OpenBLAS; cpu_capability:
    torch's 'CPU capability usage' (from torch.__config__.show()). The bench classifies blas_lib (a Debian
    reference libblas.so.3 makes every ratio invalid)."""
    import ctypes
    import re
    lib, core = "unknown", "n/a"
    with open("/proc/self/maps") as maps:
        mapped = [l.split()[-1] for l in maps if "/" in l]
    try:
        # dlsym through libtorch_cpu's handle searches its dependency tree, as its own calls to sgemm_ resolve
        torch_lib = next((m for m in mapped if "libtorch_cpu" in m), None)
        addr = ctypes.cast(ctypes.CDLL(torch_lib).sgemm_, ctypes.c_void_p).value

        class DlInfo(ctypes.Structure):
            _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p),
                        ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]
        info = DlInfo()
        libdl = ctypes.CDLL("libc.so.6")
        if libdl.dladdr(ctypes.c_void_p(addr), ctypes.byref(info)) and info.dli_fname:
            lib = os.path.realpath(info.dli_fname.decode())
    except (AttributeError, OSError, TypeError):
        pass
    if lib == "unknown":
        libs = [m for m in mapped if re.search(r"blas|mkl|blis", m)]
        if libs:
            lib = os.path.realpath(libs[0])
    if "openblas" in lib:
        try:
            f = ctypes.CDLL(lib).openblas_get_corename
            f.restype = ctypes.c_char_p
            core = f().decode()
        except (AttributeError, OSError):
            pass
    m = re.search(r"CPU capability usage: (\S+)", torch.__config__.show())
    cap = m.group(1) if m else "unknown"
    return "blas_lib=%s blas_core=%s cpu_capability=%s threads=%d" % (lib, core, cap, torch.get_num_threads())

# evaluation batch of pnn4j's Evaluation
EVAL_BATCH = 1024


# ---------------------------------------------------------------- pendula ring
def pendula_rk4(x, w0, c, amplitude=0.5, steps=200, T=1.0, gamma=1.0, drive=20.0, wd=15.0):
    h = T / steps
    th = amplitude * x
    v = torch.zeros_like(th)
    w2 = w0 * w0
    c_left = torch.roll(c, 1)  # c[n-1]

    def accel(t, th, v):
        left = torch.roll(th, 1, dims=1)    # th[n-1]
        right = torch.roll(th, -1, dims=1)  # th[n+1]
        force = drive * math.cos(wd * t)
        return (-w2 * torch.sin(th) + c_left * (left - th) + c * (right - th) - gamma * v
                + force * torch.cos(th))

    for k in range(steps):
        t = k * h
        k1v = accel(t, th, v)
        k1t = v
        k2t = v + 0.5 * h * k1v
        k2v = accel(t + 0.5 * h, th + 0.5 * h * k1t, k2t)
        k3t = v + 0.5 * h * k2v
        k3v = accel(t + 0.5 * h, th + 0.5 * h * k2t, k3t)
        k4t = v + h * k3v
        k4v = accel(t + h, th + h * k3t, k4t)
        th = th + h / 6 * (k1t + 2 * k2t + 2 * k3t + k4t)
        v = v + h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v)
    return th


class PendulaDevice:
    def __init__(self, n, gen, mismatch=0.02, noise=0.01):
        self.wf = 1 + mismatch * torch.randn(n, generator=gen)
        self.cf = 1 + mismatch * torch.randn(n, generator=gen)
        self.noise = noise
        self.gen = gen

    def __call__(self, x, w0, c):
        y = pendula_rk4(x, w0 * self.wf, c * self.cf)
        return y + self.noise * torch.randn(y.shape, generator=self.gen)


def pendula_model(x, w0, c):
    return pendula_rk4(x, w0, c)


# ---------------------------------------------------------------- coupled oscillators
def coupling_matrix(C):
    q = 0.5 * (C + C.t())
    return q - torch.diag(torch.diagonal(q)) - torch.diag(q.sum(0))


def oscillators_rk4(x, Q, e, k=1.0, steps=5, T=0.5):
    h = T / steps
    q = x
    p = torch.zeros_like(x)

    def accel(q):
        s = torch.sin(k * q)
        return -s + e + s @ Q

    for _ in range(steps):
        k1q, k1p = p, accel(q)
        k2q, k2p = p + 0.5 * h * k1p, accel(q + 0.5 * h * k1q)
        k3q, k3p = p + 0.5 * h * k2p, accel(q + 0.5 * h * k2q)
        k4q, k4p = p + h * k3p, accel(q + h * k3q)
        q = q + h / 6 * (k1q + 2 * k2q + 2 * k3q + k4q)
        p = p + h / 6 * (k1p + 2 * k2p + 2 * k3p + k4p)
    return q


class OscillatorDevice:
    def __init__(self, n, gen, eta=0.1, extra_std=0.2, noise=0.02):
        self.extra = coupling_matrix(extra_std * torch.randn(n, n, generator=gen))
        self.k = 1 + eta
        self.noise = noise
        self.gen = gen

    def measure(self, x, C, e):
        """(the noisy input applied, the output): the noise is observed, so PAT's backward runs the model there."""
        xn = x + self.noise * torch.randn(x.shape, generator=self.gen)
        return xn, oscillators_rk4(xn, coupling_matrix(C) + self.extra, e, k=self.k)

    def __call__(self, x, C, e):
        return self.measure(x, C, e)[1]


def oscillators_model(x, C, e):
    return oscillators_rk4(x, coupling_matrix(C), e)


# ---------------------------------------------------------------- PAT
class PatFunction(torch.autograd.Function):
    """Forward: the device. Backward: VJP of the ideal model at the physical input (the input the device reports
    having applied, noise included, where it observes it) and parameters."""

    @staticmethod
    def forward(ctx, x, a, b, device, model):
        ctx.model = model
        with torch.no_grad():
            if hasattr(device, "measure"):  # a device that observes its input noise reports the input it applied
                x_applied, y = device.measure(x, a, b)
            else:
                x_applied, y = x, device(x, a, b)
        ctx.save_for_backward(x_applied, a, b)
        return y

    @staticmethod
    def backward(ctx, g):
        x, a, b = ctx.saved_tensors
        with torch.enable_grad():
            leaves = [t.detach().requires_grad_(True) for t in (x, a, b)]
            y = ctx.model(*leaves)
            gx, ga, gb = torch.autograd.grad(y, leaves, g)
        return gx, ga, gb, None, None


class PhysicalLayer(torch.nn.Module):
    def __init__(self, a, b, bounds, device, model):
        super().__init__()
        self.a = torch.nn.Parameter(a)
        self.b = torch.nn.Parameter(b)
        self.bounds = bounds
        self.device = device
        self.model = model

    def forward(self, x):
        if self.training:
            return PatFunction.apply(x, self.a, self.b, self.device, self.model)
        with torch.no_grad():
            return self.device(x, self.a, self.b)

    def clamp_(self):
        with torch.no_grad():
            self.a.clamp_(*self.bounds[0])
            self.b.clamp_(*self.bounds[1])


def linear(i, o):
    layer = torch.nn.Linear(i, o)
    bound = 1 / math.sqrt(i)
    with torch.no_grad():
        layer.weight.uniform_(-bound, bound)
        layer.bias.uniform_(-bound, bound)
    return layer


def pendula_layer(n, gen):
    w0 = 10 + 10 * torch.rand(n, generator=gen)
    c = 1 + 19 * torch.rand(n, generator=gen)
    return PhysicalLayer(w0, c, ((10, 20), (1, 20)), PendulaDevice(n, gen), pendula_model)


def oscillator_layer(n, gen):
    bound = 1 / math.sqrt(n)
    C = bound * (2 * torch.rand(n, n, generator=gen) - 1)
    e = bound * (2 * torch.rand(n, generator=gen) - 1)
    return PhysicalLayer(C, e, ((-1, 1), (-1, 1)), OscillatorDevice(n, gen), oscillators_model)


class FmnistNet(torch.nn.Module):
    """patches -> shared oscillators(100) -> concat, pad to 1610 -> oscillators(1610) -> last 10 x scale."""

    def __init__(self, gen):
        super().__init__()
        self.small = oscillator_layer(100, gen)
        self.large = oscillator_layer(1610, gen)
        self.scale = torch.nn.Parameter(torch.tensor(1.0))

    def forward(self, x):
        b = x.shape[0]
        # [b, 784] -> [b, 4 patch rows, 7 pixel rows, 4 patch cols, 7 pixel cols] -> [b, 16 patches, 49 pixels]
        p = x.reshape(b, 4, 7, 4, 7).permute(0, 1, 3, 2, 4).reshape(b, 16, 49)
        p = torch.nn.functional.pad(p, (0, 100 - 49)).reshape(b * 16, 100)
        y = self.small(p).reshape(b, 1600)
        y = torch.nn.functional.pad(y, (0, 10))
        return self.large(y)[:, -10:] * self.scale


# ---------------------------------------------------------------- fmnist, the published example's code structure
# `--style published`: the same equations, parameters, device and PAT, computed the way the PAT paper's published
# Fashion-MNIST example computes them, which is what researchers run today: the state is one [..., N, 2] tensor of
# (q, p); the right-hand side rebuilds Q from C at every RK4 stage and assembles its output in place into an
# empty tensor; the physical and digital maps integrate the whole state; the PAT backward is
# torch.autograd.functional.vjp of the digital map with respect to (x, C, e) at the saved arguments; the input
# noise is added to the state's q before each physical call, and evaluation runs in batches of 32.
def published_rhs(z, C, e, k=1.0, extra=None):
    Q = coupling_matrix(C)
    q, p = z[..., 0], z[..., 1]
    out = torch.empty_like(z)
    out[..., 0] = p
    s = torch.sin(k * q)
    acc = -s + e + s @ Q
    if extra is not None:
        acc = acc + s @ extra
    out[..., 1] = acc
    return out


def published_map(z, C, e, k=1.0, extra=None, steps=5, T=0.5):
    h = T / steps
    for _ in range(steps):
        k1 = published_rhs(z, C, e, k, extra)
        k2 = published_rhs(z + h * k1 / 2, C, e, k, extra)
        k3 = published_rhs(z + h * k2 / 2, C, e, k, extra)
        k4 = published_rhs(z + h * k3, C, e, k, extra)
        z = z + (h / 6.0) * (k1 + 2 * k2 + 2 * k3 + k4)
    return z


class PublishedPat(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z, C, e, device):
        ctx.save_for_backward(z, C, e)
        with torch.no_grad():
            return published_map(z, C, e, device.k, device.extra)

    @staticmethod
    def backward(ctx, g):
        args = ctx.saved_tensors
        with torch.enable_grad():
            _, grads = torch.autograd.functional.vjp(published_map, args, v=g)
        return grads[0], grads[1], grads[2], None


class PublishedFmnistNet(FmnistNet):
    """FmnistNet's network, parameters and devices, computed in the published example's structure."""

    def physical(self, layer, z):
        z = z.clone()
        z[..., 0] += layer.device.noise * torch.randn(z.shape[:-1], generator=layer.device.gen)
        if self.training:
            return PublishedPat.apply(z, layer.a, layer.b, layer.device)
        with torch.no_grad():
            return published_map(z, layer.a, layer.b, layer.device.k, layer.device.extra)

    def forward(self, x):
        b = x.shape[0]
        p = x.reshape(b, 4, 7, 4, 7).permute(0, 1, 3, 2, 4).reshape(b, 16, 49)
        z = torch.stack([p, torch.zeros_like(p)], dim=-1)
        z = torch.cat([z, torch.zeros(b, 16, 100 - 49, 2)], dim=-2)
        y = self.physical(self.small, z)[..., 0].reshape(b, 1600)
        z = torch.stack([y, torch.zeros_like(y)], dim=-1)
        z = torch.cat([z, torch.zeros(b, 10, 2)], dim=1)
        return self.physical(self.large, z)[:, -10:, 0] * self.scale


def build(task, features, classes, width, gen, style="ours"):
    if style == "published":
        if task != "fmnist" or features != 784 or classes != 10:
            raise SystemExit("--style published exists for the fmnist task only (784 features, 10 classes)")
        return PublishedFmnistNet(gen)
    if task == "vowels":
        return torch.nn.Sequential(linear(features, width), torch.nn.Tanh(), pendula_layer(width, gen),
                                   linear(width, width), torch.nn.Tanh(), pendula_layer(width, gen),
                                   linear(width, classes))
    if task == "fmnist":
        if features != 784 or classes != 10:
            raise SystemExit("fmnist needs 784 features and 10 classes, got %d and %d" % (features, classes))
        return FmnistNet(gen)
    raise SystemExit("unknown task " + task)


def load(path, rows, cols):
    x = torch.from_numpy(np.fromfile(path + ".x.f32", dtype="<f4").reshape(rows, cols).copy())
    y = torch.from_numpy(np.fromfile(path + ".y.i32", dtype="<i4").astype(np.int64))
    return x, y


# ---------------------------------------------------------------- cost curve (`./pnn4j bench --scaling`)
def scaling_main(argv):
    """`--scaling N:B,N:B,... --threads T --budget S`: for each point one PAT step of oscillators(N) at batch B (the
    device forward with no gradient, the ideal model's forward under autograd at the applied input, its backward to
    x, C and e for the upstream gradient of sum(y * w)), one warm-up step then repeated until S seconds (at least one,
    at most 10); prints `SCALING n=.. batch=.. seconds=..` (the median) per point, and `PEAK gflops=..`: the best of
    three 2048^3 float32 products (torch.mm)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--scaling", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--budget", type=float, default=1.0)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    print("BLAS " + blas_report())
    m = torch.randn(2048, 2048)
    torch.mm(m, m)
    best = min(_timed(lambda: torch.mm(m, m)) for _ in range(3))
    print("PEAK gflops=%.2f" % (2 * 2048 ** 3 / best / 1e9))
    sys.stdout.flush()
    for point in a.scaling.split(","):
        n, b = (int(v) for v in point.split(":"))
        gen = torch.Generator().manual_seed(1)
        layer = oscillator_layer(n, gen)
        x = 2 * torch.rand(b, n, generator=gen) - 1
        w = 2 * torch.rand(b, n, generator=gen) - 1

        def step():
            layer.zero_grad()
            (layer(x) * w).sum().backward()

        step()
        times, spent = [], 0.0
        while len(times) < 10 and (not times or spent < a.budget):
            times.append(_timed(step))
            spent += times[-1]
        times.sort()
        print("SCALING n=%d batch=%d seconds=%.6f reps=%d" % (n, b, times[len(times) // 2], len(times)))
        sys.stdout.flush()


def _timed(f):
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def main():
    if "--scaling" in sys.argv:
        return scaling_main(sys.argv[1:])
    ap = argparse.ArgumentParser()
    ap.add_argument("--task", required=True, choices=["vowels", "fmnist"])
    ap.add_argument("--data", required=True, help="folder with TASK-train.x.f32, TASK-train.y.i32, TASK-test.x.f32, TASK-test.y.i32")
    ap.add_argument("--train", type=int, required=True)
    ap.add_argument("--test", type=int, required=True)
    ap.add_argument("--features", type=int, required=True)
    ap.add_argument("--classes", type=int, required=True)
    ap.add_argument("--width", type=int, required=True)
    ap.add_argument("--epochs", type=int, required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--lr", type=float, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--style", choices=["ours", "published"], default="ours",
                    help="ours: this file's implementation; published: fmnist computed in the published example's "
                         "code structure (see PublishedFmnistNet)")
    ap.add_argument("--threads", type=int, default=1, help="torch.set_num_threads (the bench runs 1 and 2)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    blas = blas_report()
    print("BLAS " + blas)

    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    xtr, ytr = load(os.path.join(a.data, a.task + "-train"), a.train, a.features)
    xte, yte = load(os.path.join(a.data, a.task + "-test"), a.test, a.features)
    net = build(a.task, a.features, a.classes, a.width, gen, a.style)
    eval_batch = 32 if a.style == "published" else EVAL_BATCH
    physical = [m for m in net.modules() if isinstance(m, PhysicalLayer)]
    flip = a.task == "fmnist"
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    loss_fn = torch.nn.CrossEntropyLoss()

    steps, samples = 0, 0
    t0 = time.perf_counter()
    last_epoch_s = 0.0
    for epoch in range(a.epochs):
        te = time.perf_counter()
        net.train()
        perm = torch.randperm(a.train, generator=gen)
        for s in range(0, a.train, a.batch):
            idx = perm[s:s + a.batch]
            xb = xtr[idx]
            if flip:
                flipped = torch.rand(len(idx), generator=gen) < 0.5
                xb = torch.where(flipped[:, None], xb.reshape(-1, 28, 28).flip(2).reshape(-1, 784), xb)
            opt.zero_grad()
            loss = loss_fn(net(xb), ytr[idx])
            loss.backward()
            opt.step()
            for p in physical:
                p.clamp_()
            steps += 1
            samples += len(idx)
        last_epoch_s = time.perf_counter() - te
    train_s = time.perf_counter() - t0

    net.eval()
    t1 = time.perf_counter()
    correct = 0
    with torch.no_grad():
        for s in range(0, a.test, eval_batch):
            correct += (net(xte[s:s + eval_batch]).argmax(1) == yte[s:s + eval_batch]).sum().item()
    eval_s = time.perf_counter() - t1
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    epochs_run = samples / a.train
    print("RESULT steps=%d samples=%d epoch_samples=%d train_s=%.4f s_per_epoch=%.4f train_sps=%.3f "
          "last_epoch_s=%.4f eval_sps=%.3f accuracy=%.4f peak_rss_mb=%.1f torch=%s %s"
          % (steps, samples, a.train, train_s, train_s / epochs_run, samples / train_s, last_epoch_s,
             a.test / eval_s, correct / a.test, rss_mb, torch.__version__, blas))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
