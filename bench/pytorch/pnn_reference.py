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


# ---------------------------------------------------------------- SHG (second-harmonic generation of a shaped pulse)
# From the javadoc of pnn4j's Shg, not its code. N pump frequency bins k = 0..N-1; Gaussian spectral field amplitude
# A_k = exp(-W_k^2 / (2 w^2)), W_k = k - (N-1)/2, spectral-intensity FWHM = 2 w sqrt(ln 2) = N/4 bins; the SLM phase
# phi_k: input j in [0, 1] gives phase pi x_j on input bin floor((j + 1/2) N / n), the trainable "phase" sets the other
# bins in order; E_k = A_k exp(i phi_k). SH field on bin s = 0..2N-2: sinc(dk(s) L / 2) sum_k E_k E_{s-k},
# dk(s) = kappa (s - (N-1)), kappa = 0.1 rad/mm per bin, L = 1 mm. Readout: |E_SH|^2 summed over M contiguous groups
# of the window of N SH bins centred on the carrier, divided by the energy a transform-limited pulse (flat phase, flat
# phase matching) puts into the whole window. Device: the phase wrapped to [0, 2 pi) and rounded to 8 bits, a fixed
# N(0, 0.05) rad offset per bin, L (1 + 0.02 N(0,1)), per-shot pump energy (1 + 0.01 N(0,1)) squared on every output,
# shot noise 0.01 sqrt(y), read noise 0.001.
class ShgLayer:
    def __init__(self, n_bins, n_inputs, n_outputs, gen, span=math.pi, kappa=0.1, length=1.0):
        self.n, self.m, self.span = n_bins, n_outputs, span
        w = (n_bins / 4.0) / (2 * math.sqrt(math.log(2)))
        om = torch.arange(n_bins, dtype=torch.float64) - (n_bins - 1) / 2.0
        self.amp = torch.exp(-om * om / (2 * w * w)).float()
        in_bins = [int(math.floor((j + 0.5) * n_bins / n_inputs)) for j in range(n_inputs)]
        other = [k for k in range(n_bins) if k not in set(in_bins)]
        # the bins of [inputs..., params...] in bin order: phase = cat(span x, theta)[:, order]
        where = {b: i for i, b in enumerate(in_bins + other)}
        self.order = torch.tensor([where[k] for k in range(n_bins)])
        self.kappa, self.length = kappa, length
        self.sinc = self._sinc(length)
        self.fft_len = 1 << (2 * n_bins - 2).bit_length()
        self.win_start = (2 * n_bins - 1 - n_bins) // 2
        # group g of the window holds its bins floor(g N / M) .. floor((g + 1) N / M) - 1
        self.group_of = torch.tensor([g for g in range(n_outputs)
                                      for _ in range((g + 1) * n_bins // n_outputs - g * n_bins // n_outputs)])
        e = np.convolve(self.amp.double().numpy(), self.amp.double().numpy())  # the transform-limited SH field
        self.reference = float((e[self.win_start:self.win_start + n_bins] ** 2).sum())
        self.phase = 2 * math.pi * torch.rand(n_bins - n_inputs, generator=gen)
        # device
        self.gen = gen
        self.offset = 0.05 * torch.randn(n_bins, generator=gen)
        self.device_sinc = self._sinc(length * max(0.0, 1 + 0.02 * torch.randn(1, generator=gen).item()))

    def _sinc(self, length):
        u = self.kappa * (torch.arange(2 * self.n - 1, dtype=torch.float64) - (self.n - 1)) * length / 2
        safe = torch.where(u.abs() < 1e-8, torch.ones_like(u), u)
        return torch.where(u.abs() < 1e-8, torch.ones_like(u), torch.sin(safe) / safe).float()

    def spectral_phase(self, x, theta):
        return torch.cat([self.span * x, theta.expand(x.shape[0], -1)], 1)[:, self.order]

    def readout(self, phase, sinc):
        field = torch.polar(self.amp.expand_as(phase), phase)
        f = torch.fft.fft(field, n=self.fft_len)
        sh = torch.fft.ifft(f * f)[:, :2 * self.n - 1] * sinc
        power = sh.real ** 2 + sh.imag ** 2
        window = power[:, self.win_start:self.win_start + self.n]
        y = torch.zeros(window.shape[0], self.m, dtype=window.dtype).index_add(1, self.group_of, window)
        return y / self.reference

    def model(self, x, theta):
        return self.readout(self.spectral_phase(x, theta), self.sinc)

    def device(self, x, theta):
        phase = self.spectral_phase(x, theta)
        step = 2 * math.pi / 256
        wrapped = phase - 2 * math.pi * torch.floor(phase / (2 * math.pi))
        phase = torch.remainder(torch.round(wrapped / step), 256) * step + self.offset
        y = self.readout(phase, self.device_sinc)
        pump = torch.clamp(1 + 0.01 * torch.randn(y.shape[0], 1, generator=self.gen), min=0)
        y = y * pump * pump
        y = y + 0.01 * torch.sqrt(torch.clamp(y, min=0)) * torch.randn(y.shape, generator=self.gen)
        return y + 0.001 * torch.randn(y.shape, generator=self.gen)


# ---------------------------------------------------------------- cavity (acoustic: speakers in a reverberant room)
# From the javadoc of pnn4j's Cavity: y = |T s|^2 with T [outputs, sources] complex, i.i.d. complex Gaussian of
# variance 1/sources per entry; s = (x as real amplitudes with zero phase, then the control speakers
# a exp(i phi)), a = "controlAmplitude" in [0, 1], phi = "controlPhase" in [-pi, pi]. Device: T + a complex Gaussian
# of relative std 0.05 drawn once, N(0, 0.01) detector noise on every output.
class CavityLayer:
    def __init__(self, n_inputs, n_controls, n_outputs, gen, t=None):
        sources = n_inputs + n_controls
        sd = math.sqrt(0.5 / sources)
        if t is None:
            t = torch.complex(sd * torch.randn(n_outputs, sources, generator=gen),
                              sd * torch.randn(n_outputs, sources, generator=gen))
        self.t = t
        self.tt = t.t().contiguous()
        self.amplitude = torch.rand(n_controls, generator=gen)
        self.phi = math.pi * (2 * torch.rand(n_controls, generator=gen) - 1)
        d = torch.complex(sd * 0.05 * torch.randn(n_outputs, sources, generator=gen),
                          sd * 0.05 * torch.randn(n_outputs, sources, generator=gen))
        self.device_tt = (t + d).t().contiguous()
        self.gen = gen

    def sources(self, x, amplitude, phi):
        b = x.shape[0]
        control = torch.polar(amplitude, phi).expand(b, -1)
        return torch.cat([torch.complex(x, torch.zeros_like(x)), control], 1)

    def model(self, x, amplitude, phi):
        field = self.sources(x, amplitude, phi) @ self.tt
        return field.real ** 2 + field.imag ** 2

    def device(self, x, amplitude, phi):
        field = self.sources(x, amplitude, phi) @ self.device_tt
        y = field.real ** 2 + field.imag ** 2
        return y + 0.01 * torch.randn(y.shape, generator=self.gen)


def scaling_step(layer_kind, n, b, gen):
    """One PAT step of this layer at size n and batch b: the device forward (no gradient), the model at the same
    input under autograd, its backward to the input and the parameters for the upstream gradient of sum(y * w)."""
    if layer_kind == "oscillators":
        layer = oscillator_layer(n, gen)
        x = 2 * torch.rand(b, n, generator=gen) - 1
        w = 2 * torch.rand(b, n, generator=gen) - 1

        def step():
            layer.zero_grad()
            (layer(x) * w).sum().backward()
        return step
    if layer_kind == "shg":
        layer = ShgLayer(n, n // 2, 16, gen)
        x = torch.rand(b, n // 2, generator=gen).requires_grad_(True)
        theta = layer.phase.clone().requires_grad_(True)
        w = 2 * torch.rand(b, 16, generator=gen) - 1

        def step():
            x.grad = theta.grad = None
            with torch.no_grad():
                layer.device(x, theta)
            (layer.model(x, theta) * w).sum().backward()
        return step
    if layer_kind == "cavity":
        layer = CavityLayer(n // 2, n - n // 2, n, gen)
        x = torch.rand(b, n // 2, generator=gen).requires_grad_(True)
        a = layer.amplitude.clone().requires_grad_(True)
        phi = layer.phi.clone().requires_grad_(True)
        w = 2 * torch.rand(b, n, generator=gen) - 1

        def step():
            x.grad = a.grad = phi.grad = None
            with torch.no_grad():
                layer.device(x, a, phi)
            (layer.model(x, a, phi) * w).sum().backward()
        return step
    raise SystemExit("unknown layer " + layer_kind + " (oscillators, shg, cavity)")


def check_main(argv):
    """`--check DIR --tolerance T`: DIR holds pnn4j's inputs, parameters, upstream gradients, model outputs and
    gradients (cases.txt: `name layer n batch param...`, float32 files NAME.x, .w, .y, .gx, .p.PARAM, .g.PARAM, and
    the cavity's .tre/.tim). Recomputes each case's model output and gradients with this file's implementation and
    prints `CHECK name=.. output=.. grad_x=.. grad_PARAM=.. ok|FAIL` with the relative differences ||a-b||/||a||;
    exits 1 when one exceeds the tolerance."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", required=True)
    ap.add_argument("--tolerance", type=float, default=1e-4)
    a = ap.parse_args(argv)
    worst_all = 0.0
    with open(os.path.join(a.check, "cases.txt")) as f:
        cases = [l.split() for l in f if l.strip()]

    def read(name, suffix, *shape):
        return torch.from_numpy(np.fromfile(os.path.join(a.check, name + "." + suffix + ".f32"), dtype="<f4").copy()).reshape(*shape)

    for name, kind, n, b, *params in cases:
        n, b = int(n), int(b)
        gen = torch.Generator().manual_seed(1)
        if kind == "oscillators":
            ins, outs = n, n
            p = [read(name, "p." + params[0], n, n), read(name, "p." + params[1], n)]
            model = oscillators_model
        elif kind == "shg":
            ins, outs = n // 2, 16
            p = [read(name, "p." + params[0], -1)]
            model = ShgLayer(n, n // 2, 16, gen).model
        elif kind == "cavity":
            ins, outs = n // 2, n
            t = torch.complex(read(name, "tre", n, n), read(name, "tim", n, n))
            p = [read(name, "p." + params[0], -1), read(name, "p." + params[1], -1)]
            model = CavityLayer(n // 2, n - n // 2, n, gen, t=t).model
        elif kind == "pendula":
            ins, outs = n, n
            p = [read(name, "p." + params[0], n), read(name, "p." + params[1], n)]
            model = pendula_model
        else:
            raise SystemExit("unknown layer " + kind)
        x = read(name, "x", b, ins).requires_grad_(True)
        p = [v.requires_grad_(True) for v in p]
        y = model(x, *p)
        (y * read(name, "w", b, outs)).sum().backward()

        def rel(ours, theirs):
            return ((ours - theirs).norm() / max(ours.norm().item(), 1e-30)).item()
        diffs = [("output", rel(read(name, "y", b, outs), y.detach())), ("grad_x", rel(read(name, "gx", b, ins), x.grad))]
        for pname, v in zip(params, p):
            diffs.append(("grad_" + pname, rel(read(name, "g." + pname, *v.shape), v.grad)))
        worst = max(d for _, d in diffs)
        worst_all = max(worst_all, worst)
        print("CHECK name=%s %s %s" % (name, " ".join("%s=%.2e" % kv for kv in diffs),
                                        "ok" if worst <= a.tolerance else "FAIL"))
    sys.stdout.flush()
    if worst_all > a.tolerance:
        print("FAIL: this reference differs from pnn4j's models (worst relative difference %.2e > %.0e)"
              % (worst_all, a.tolerance))
        sys.exit(1)


# ---------------------------------------------------------------- cost curve (`./pnn4j bench --scaling`)
def scaling_main(argv):
    """`--scaling N:B,N:B,... --layer oscillators|shg|cavity --threads T --budget S`: for each point one PAT step of
    the layer at size N and batch B (scaling_step), one warm-up step then repeated until S seconds (at least one, at
    most 10); prints `SCALING n=.. batch=.. seconds=..` (the median) per point, and `PEAK gflops=..`: the best of
    three 2048^3 float32 products (torch.mm)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--scaling", required=True)
    ap.add_argument("--layer", default="oscillators", choices=["oscillators", "shg", "cavity"])
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
        step = scaling_step(a.layer, n, b, torch.Generator().manual_seed(1))
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
    if "--check" in sys.argv:
        return check_main(sys.argv[1:])
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
