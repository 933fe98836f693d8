"""Serve a lab instrument to pnn4j over gRPC (pnn4j_device.proto, protocol v2) from one forward function.

    import numpy as np
    from pnn4j_device import Device, Substrate, Parameter, Limits, main

    def forward(x, params):                      # x [batch, 4] in V; params by name, validated
        return my_instrument.measure(x, params["bias"])   # [batch, 2] in mV

    chip = Substrate("my-chip", input_size=4, output_size=2, forward=forward, input_range=(-1, 1),
                     input_unit="V", output_unit="mV", output_range=(0, 500), output_noise_std=0.8,
                     parameters=[Parameter("bias", (2,), 0, 5, "V")])
    main(Device("lab 3, chip 7", [chip], Limits(max_batch=256, max_repeats=16)))

Importing the package generates the gRPC stubs when they are missing (see pnn4j_device.stubs).
"""
from .stubs import StubError, load as load_stubs
from .server import (DEFAULT_MAX_MESSAGE_BYTES, PROTOCOL_VERSION, TOKEN_ENV, Device, InstrumentRefused,
                     InstrumentUnavailable, Limits, Parameter, Server, Substrate, argument_parser, describe, main,
                     read_token, start)

pb2, pb2_grpc = load_stubs()

__all__ = ["Device", "Substrate", "Parameter", "Limits", "Server", "InstrumentUnavailable", "InstrumentRefused", "start", "main", "argument_parser", "read_token",
           "describe", "pb2", "pb2_grpc", "load_stubs", "StubError", "PROTOCOL_VERSION", "DEFAULT_MAX_MESSAGE_BYTES",
           "TOKEN_ENV"]
