#!/usr/bin/python3
"""A programmable photonic chip served to pnn4j: an 8-mode mesh of Mach-Zehnder interferometers (numpy only).

Light path, per sample:
  laser (power P, a fixed parameter, mW) -> 1x8 splitter tree (unequal split, fabrication) -> 8 waveguides with
  static phase errors -> 8 electro-optic phase modulators carrying the data x (rad, periodic) -> a rectangular
  (Clements) mesh of 28 MZIs, each with an external heater phase phi and an internal heater theta (rad, periodic),
  its two directional couplers' splitting ratios off 50:50 and its arm phases offset (fabrication) -> chip loss ->
  8 photodiodes (responsivity errors) -> powers in mW.
  Heaters heat their neighbours (thermal crosstalk: the MZIs above and below in the same column, and the other
  heater of the same MZI); the phase offsets drift slowly from call to call (an Ornstein-Uhlenbeck walk, the
  chip's temperature); each reading has detector noise, laser intensity noise (RIN) and shot noise. The readout
  averages `repeats` ADC conversions in hardware within a call (repeats_averaged_on_device), so drift does not
  grow with repeats.
The outputs are powers |U(theta, phi) (a * exp(i x))|^2: interference, so nonlinear in the data and in the phases.

    PNN4J_DEVICE_TOKEN=s3cret /usr/bin/python3 python/examples/photonic_chip.py --port 0 --seed 1
    ... --noise 0 --drift 0      deterministic: the same call measures the same (also after a restart, same seed)
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))   # python/ without PYTHONPATH
import pnn4j_device as kit  # noqa: E402

TWO_PI = 2 * math.pi
MODES = 8
# Clements layout: column c holds MZIs on mode pairs (m, m+1) for m = c % 2, c % 2 + 2, ...; 8 columns, 28 MZIs
MZIS = [(c, m) for c in range(MODES) for m in range(c % 2, MODES - 1, 2)]
LASER_RANGE = (0.5, 1.5)                   # mW
OUTPUT_RANGE = (-0.01, 1.25)               # mW: the readout's full scale after dark-offset subtraction (ADC clips)
DETECTOR_NOISE_MW = 0.0015                 # transimpedance amplifier + ADC, per reading
RIN = 0.001                                # laser relative intensity noise, per sample (common to all detectors)
SHOT_BANDWIDTH_HZ = 10e6
PHOTON_ENERGY_J = 6.626e-34 * 2.998e8 / 1550e-9
KAPPA_COLUMN, KAPPA_MZI = 0.02, 0.005      # thermal crosstalk: neighbour in the column, other heater of the MZI
DRIFT_STD_RAD = 0.03                       # stationary std of the drifting phase offsets at --drift 1
DRIFT_CALLS = 2000                         # their correlation time, in calls


WRAP_NOTE = (f"the controller wraps it to [0, 2 pi) before setting the heater power, so the response repeats "
             f"exactly, but the heat a neighbour receives jumps by up to 2 pi x {KAPPA_COLUMN} rad where it wraps")


class PhotonicChip:
    def __init__(self, seed=1, noise=1.0, drift=1.0):
        if noise < 0 or drift < 0:
            raise ValueError("--noise and --drift are scales >= 0")
        fab, self.rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
        m = len(MZIS)
        self.noise, self.drift = noise, drift
        # fabrication, drawn once from the seed
        self.coupler = np.clip(0.5 + fab.normal(0, 0.02, (m, 2)), 0.3, 0.7)     # power splitting ratio of each DC
        self.offset = fab.uniform(0, TWO_PI, (m, 2))                            # static arm phase errors (theta, phi)
        split = np.clip(1 + fab.normal(0, 0.04, MODES), 0.8, 1.2)
        self.split = split / split.sum()                                        # 1x8 tree, power fractions
        self.input_phase = fab.uniform(0, TWO_PI, MODES)                        # waveguide path errors before the data
        self.loss = 10 ** (-fab.normal(1.5, 0.1) / 10)                          # ~1.5 dB chip insertion loss
        self.responsivity = 1 + fab.normal(0, 0.02, MODES)                      # photodiode calibration errors
        self.crosstalk = self._crosstalk(kappa_column=KAPPA_COLUMN, kappa_mzi=KAPPA_MZI)
        self.drifting = np.zeros((m, 2))
        # declared noise of one reading at the typical detector power (mid-range laser, light spread evenly)
        p = np.mean(LASER_RANGE) * self.loss / MODES
        self.noise_std = noise * math.sqrt(DETECTOR_NOISE_MW ** 2 + (RIN * p) ** 2 + self._shot_var(p))

    @staticmethod
    def _crosstalk(kappa_column, kappa_mzi):
        """Heater phase actually applied = K @ commanded (flattened [mzi, (theta, phi)])."""
        m = len(MZIS)
        k = np.eye(2 * m)
        index = {mzi: i for i, mzi in enumerate(MZIS)}
        for i, (c, top) in enumerate(MZIS):
            for h in range(2):
                k[2 * i + h, 2 * i + 1 - h] = kappa_mzi                       # the other heater of the same MZI
                for other in ((c, top - 2), (c, top + 2)):                      # neighbours in the column
                    if other in index:
                        k[2 * i + h, 2 * index[other] + h] = kappa_column
        return k

    @staticmethod
    def _shot_var(p_mw):
        """Shot noise variance of a reading of p_mw, in mW^2."""
        return 2 * PHOTON_ENERGY_J * np.maximum(p_mw, 0) * 1e-3 * SHOT_BANDWIDTH_HZ * 1e6

    def unitary(self, theta, phi):
        """The mesh's 8x8 transfer matrix for the commanded heater phases (with crosstalk, errors and drift)."""
        # the controller wraps commands to [0, 2 pi) before setting heater power: the response is exactly periodic,
        # while a neighbour's crosstalk jumps by 2 pi kappa where a command wraps
        cmd = np.mod(np.stack([theta, phi], axis=1), TWO_PI).ravel()
        applied = (self.crosstalk @ cmd).reshape(-1, 2) + self.offset + self.drifting
        u = np.eye(MODES, dtype=complex)
        for i, (_, top) in enumerate(MZIS):
            t, f = applied[i]
            rows = [top, top + 1]
            u[rows] = self._mzi(t, f, self.coupler[i]) @ u[rows]
        return u

    @staticmethod
    def _mzi(theta, phi, eta):
        def dc(e):
            a, b = math.sqrt(e), 1j * math.sqrt(1 - e)
            return np.array([[a, b], [b, a]])
        return dc(eta[1]) @ np.diag([np.exp(1j * theta), 1]) @ dc(eta[0]) @ np.diag([np.exp(1j * phi), 1])

    def forward(self, x, params, repeats=1):
        """One call: x [batch, 8] modulator phases (rad), params theta [28], phi [28], laser_power [1] (mW); the
        readout averages `repeats` conversions of each photodiode in hardware (within the call: no drift between
        them), each clipped by the ADC. The phase offsets drift once per call."""
        laser = float(params["laser_power"][0])
        u = self.unitary(params["theta"], params["phi"])
        field = np.sqrt(laser * self.split) * np.exp(1j * (np.mod(x, TWO_PI) + self.input_phase))
        power = self.loss * self.responsivity * np.abs(field @ u.T) ** 2                 # mW at each photodiode
        if self.noise > 0:
            batch = x.shape[0]
            readings = power * (1 + self.noise * RIN * self.rng.standard_normal((repeats, batch, 1)))
            sigma = self.noise * np.sqrt(DETECTOR_NOISE_MW ** 2 + self._shot_var(readings))
            readings = readings + sigma * self.rng.standard_normal(readings.shape)
            measured = np.clip(readings, *OUTPUT_RANGE).mean(axis=0)
        else:
            measured = np.clip(power, *OUTPUT_RANGE)
        if self.drift > 0:
            a = math.exp(-1 / DRIFT_CALLS)
            self.drifting = a * self.drifting + self.drift * DRIFT_STD_RAD * math.sqrt(1 - a * a) \
                * self.rng.standard_normal(self.drifting.shape)
        return measured

    def substrate(self):
        deterministic = self.noise == 0 and self.drift == 0
        n = len(MZIS)
        return kit.Substrate(
            name=f"mzi-mesh({MODES})", spec=f"photonic_chip.py: {MODES}-mode Clements MZI mesh", input_size=MODES,
            output_size=MODES, forward=self.forward, input_range=(0.0, TWO_PI), input_unit="rad", input_periodic=True,
            output_unit="mW", output_range=OUTPUT_RANGE, output_noise_std=self.noise_std, deterministic=deterministic,
            parameters=[
                kit.Parameter("theta", (n,), 0.0, TWO_PI, "rad", periodic=True,
                              description="internal heater phase of each MZI (Clements order: column, then mode); "
                                          + WRAP_NOTE),
                kit.Parameter("phi", (n,), 0.0, TWO_PI, "rad", periodic=True,
                              description="external (input arm) heater phase of each MZI; " + WRAP_NOTE),
                kit.Parameter("laser_power", (1,), *LASER_RANGE, "mW", fixed=True,
                              description="laser power into the chip"),
            ],
            description="data as phases on 8 input modulators, 28 MZIs with heater phases, photodiode powers; "
                        "fabrication errors (couplers, phases, split, responsivity), thermal crosstalk, "
                        "drift, detector/RIN/shot noise")


def main():
    ap = kit.argument_parser(description="An 8-mode MZI-mesh photonic chip (simulated) served to pnn4j.")
    g = ap.add_argument_group("chip")
    g.add_argument("--seed", type=int, default=1, help="fabrication draw and noise stream (default 1)")
    g.add_argument("--noise", type=float, default=1.0, help="scale of the readout noise (default 1; 0: none)")
    g.add_argument("--drift", type=float, default=1.0, help="scale of the thermal drift (default 1; 0: none)")
    args = ap.parse_args()
    try:
        chip = PhotonicChip(args.seed, args.noise, args.drift)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    device = kit.Device(f"photonic_chip.py (simulated, seed {args.seed}, noise {args.noise:g}, drift {args.drift:g})",
                        [chip.substrate()], kit.Limits(max_batch=1024, max_repeats=64, max_samples_per_call=16384),
                        averages_repeats=True)
    return kit.main(device, args)


if __name__ == "__main__":
    sys.exit(main())
