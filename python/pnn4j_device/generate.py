"""Generates the gRPC stubs of pnn4j_device.proto (importing pnn4j_device does it too, when they are missing).

    PYTHONPATH=python /usr/bin/python3 -m pnn4j_device.generate           # generate if missing or stale; print the folder
    PYTHONPATH=python /usr/bin/python3 -m pnn4j_device.generate --force   # regenerate
    PYTHONPATH=python /usr/bin/python3 -m pnn4j_device.generate --check   # also print the versions and that they agree
"""
import argparse
import sys

from . import stubs


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m pnn4j_device.generate", description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="regenerate even when up to date")
    ap.add_argument("--check", action="store_true", help="print the versions involved and the round-trip check")
    ap.add_argument("--proto", help="the .proto (default: the repository's device/src/main/proto/pnn4j_device.proto)")
    a = ap.parse_args(argv)
    try:
        folder = stubs.generate(proto=a.proto, force=a.force)
        if a.check:
            for k, v in stubs.check_versions().items():
                print(f"{k}: {v}")
            stubs._round_trip(stubs._import(folder, "_pnn4j_device_check"))
            print("round trip of every message through the generated stubs: ok")
    except stubs.StubError as e:
        print(f"pnn4j_device.generate: {e}", file=sys.stderr)
        return 1
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
