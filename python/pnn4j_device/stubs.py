"""gRPC stubs for pnn4j_device.proto, generated on demand with grpc_tools.protoc and never committed.

`load()` finds (or generates) the stubs for the repository's .proto and imports them. They live in a folder named
after a hash of the .proto and of the generator's version, under `python/build/stubs/` (or `$PNN4J_DEVICE_STUBS_DIR`,
or `~/.cache/pnn4j_device/stubs` when the repository is read-only), so an edited .proto or another grpc_tools is a
new folder: stale stubs are never imported. Generation writes a temporary folder and renames it into place, so two
processes importing at the same time (a test and the server it starts) do not see half-written files.

Versions: the generated code must be no newer than the runtime that imports it (protoc <= protobuf, grpc_tools <=
grpcio). Debian 12 ships grpc_tools 1.14.1 (protoc 3.5.1) with grpcio 1.51.1 and protobuf 4.21.12 (its 3.21.12
package; C++ implementation): old generated code on a newer runtime, which protobuf supports. `check_versions()`
enforces the rule, and every generation is followed by a round trip of each message through the imported stubs;
the findings are written to VERSIONS.txt beside the stubs (`python3 -m pnn4j_device.generate --check` prints them).
"""
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROTO_NAME = "pnn4j_device.proto"
_PYTHON_DIR = Path(__file__).resolve().parent.parent          # <repo>/python
_REPO_PROTO = _PYTHON_DIR.parent / "device" / "src" / "main" / "proto" / PROTO_NAME


class StubError(RuntimeError):
    """The stubs cannot be generated or imported (no grpc_tools, no .proto, versions that do not agree)."""


def proto_path():
    """The .proto to compile: $PNN4J_DEVICE_PROTO, else the repository's device/src/main/proto/pnn4j_device.proto."""
    p = Path(os.environ.get("PNN4J_DEVICE_PROTO") or _REPO_PROTO)
    if not p.is_file():
        raise StubError(f"{p} not found: run from a pnn4j checkout (python/ beside device/), "
                        "or point PNN4J_DEVICE_PROTO at a copy of pnn4j_device.proto")
    return p


def _version(dist, module_name):
    try:
        from importlib.metadata import version
        return version(dist)
    except Exception:
        mod = __import__(module_name, fromlist=["__version__"])
        return getattr(mod, "__version__", "unknown")


def _key(text):
    """(major, minor) of the protobuf release a version string belongs to, comparable between protoc and Python:
    protoc "3.5.1" -> (5, 1), protoc "21.12" or "3.21.12" -> (21, 12), Python protobuf "4.21.12" / "3.21.12" ->
    (21, 12), "5.26.1" -> (26, 1)."""
    nums = [int(n) for n in re.findall(r"\d+", text)[:3]]
    if len(nums) == 3 and nums[0] in (3, 4, 5, 6):
        return nums[1], nums[2]
    if len(nums) >= 2:
        return nums[0], nums[1]
    raise StubError(f"cannot read the version in '{text}'")


def protoc_version():
    """The version grpc_tools' bundled protoc reports, e.g. "libprotoc 3.5.1"."""
    r = subprocess.run([sys.executable, "-m", "grpc_tools.protoc", "--version"], capture_output=True, text=True)
    if r.returncode != 0:
        raise StubError("grpc_tools.protoc does not run with " + sys.executable + ": " + (r.stderr or r.stdout).strip()
                        + " (Debian: apt-get install python3-grpc-tools)")
    return r.stdout.strip()


def check_versions(protoc=None):
    """The versions involved and whether they agree: a dict; raises StubError when generated code would be newer
    than the runtime that imports it."""
    try:
        import grpc
        import google.protobuf
        from google.protobuf.internal import api_implementation
    except ImportError as e:
        raise StubError(f"{e}: install grpcio and protobuf (Debian: apt-get install python3-grpcio python3-protobuf)")
    v = {
        "python": sys.executable + " " + sys.version.split()[0],
        "grpcio": grpc.__version__,
        "grpcio-tools": _version("grpcio-tools", "grpc_tools"),
        "protobuf": google.protobuf.__version__,
        "protobuf implementation": api_implementation.Type(),
        "protoc": protoc or protoc_version(),
    }
    problems = []
    if _key(v["protoc"]) > _key(v["protobuf"]):
        problems.append(f"protoc {v['protoc']} generates code newer than the protobuf runtime {v['protobuf']}")
    if _key("0." + v["grpcio-tools"]) > _key("0." + v["grpcio"]):
        problems.append(f"grpcio-tools {v['grpcio-tools']} is newer than grpcio {v['grpcio']}")
    if problems:
        raise StubError("; ".join(problems) + ": install matching versions (Debian 12: python3-grpcio, "
                        "python3-grpc-tools and python3-protobuf from the same release)")
    return v


def stubs_base():
    """Where stub folders go: $PNN4J_DEVICE_STUBS_DIR, else python/build/stubs, else ~/.cache/pnn4j_device/stubs."""
    env = os.environ.get("PNN4J_DEVICE_STUBS_DIR")
    if env:
        return Path(env)
    local = _PYTHON_DIR / "build" / "stubs"
    try:
        local.mkdir(parents=True, exist_ok=True)
        if os.access(local, os.W_OK):
            return local
    except OSError:
        pass
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pnn4j_device" / "stubs"


def stubs_dir(proto=None):
    """The folder the stubs of `proto` (default proto_path()) are (or will be) in: named by a hash of the .proto's
    bytes and the generator's version, so that a changed .proto or grpc_tools is regenerated."""
    proto = Path(proto or proto_path())
    h = hashlib.sha256(proto.read_bytes())
    h.update(("grpcio-tools " + _version("grpcio-tools", "grpc_tools")).encode())
    return stubs_base() / ("pnn4j_device-" + h.hexdigest()[:16])


def generate(proto=None, force=False, quiet=True):
    """Generates the stubs if missing (or always with force) and returns their folder."""
    proto = Path(proto or proto_path()).resolve()
    target = stubs_dir(proto)
    if target.is_dir() and not force:
        return target
    try:
        import grpc_tools
    except ImportError:
        raise StubError("grpc_tools is missing: it generates the stubs (Debian: apt-get install python3-grpc-tools; "
                        "elsewhere pip install grpcio-tools)")
    versions = check_versions()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".gen-", dir=target.parent))
    try:
        cmd = [sys.executable, "-m", "grpc_tools.protoc", f"-I{proto.parent}"]
        wkt = Path(grpc_tools.__file__).parent / "_proto"                 # well-known types, where bundled
        if wkt.is_dir():
            cmd.append(f"-I{wkt}")
        cmd += [f"--python_out={tmp}", f"--grpc_python_out={tmp}", str(proto)]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise StubError(f"protoc failed on {proto} (exit {r.returncode}): {(r.stderr or r.stdout).strip()}")
        with open(tmp / "VERSIONS.txt", "w") as f:
            f.write(f"generated from {proto} (sha256 {hashlib.sha256(proto.read_bytes()).hexdigest()})\n")
            f.write("command: " + " ".join(cmd[1:]).replace(str(tmp), str(target)) + "\n")
            for k, val in versions.items():
                f.write(f"{k}: {val}\n")
        _round_trip(_import(tmp, "_pnn4j_device_check"))
        if force and target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
        try:
            os.rename(tmp, target)
        except OSError:
            if not target.is_dir():                                       # not a concurrent generator's win
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    if not quiet:
        print(f"generated {target}", file=sys.stderr)
    return target


def _import(folder, prefix):
    """Imports pnn4j_device_pb2 and pnn4j_device_pb2_grpc from `folder` without touching sys.path."""
    mods = []
    saved = sys.modules.get("pnn4j_device_pb2")
    try:
        for name in ("pnn4j_device_pb2", "pnn4j_device_pb2_grpc"):
            spec = importlib.util.spec_from_file_location(name if prefix is None else prefix + name, folder / (name + ".py"))
            mod = importlib.util.module_from_spec(spec)
            if name == "pnn4j_device_pb2":
                sys.modules["pnn4j_device_pb2"] = mod                      # the _grpc module imports it by this name
            spec.loader.exec_module(mod)
            mods.append(mod)
    finally:
        if prefix is not None:
            if saved is None:
                sys.modules.pop("pnn4j_device_pb2", None)
            else:
                sys.modules["pnn4j_device_pb2"] = saved
    return mods


def _round_trip(mods):
    """Every message and field kind of the protocol through serialisation: fails when the generated code and the
    runtime disagree."""
    pb, grpc_mod = mods
    req = pb.ForwardRequest(substrate="s", repeats=3)
    req.inputs.shape.extend([1, 2])
    req.inputs.values.extend([0.5, -1.25])
    req.params["p"].shape.append(1)
    req.params["p"].values.append(2.0)
    back = pb.ForwardRequest.FromString(req.SerializeToString())
    info = pb.SubstrateInfo(name="s", has_output_range=True, output_max=1.5, input_periodic=True)
    info.parameters.add(name="p", shape=[1], lo=0, hi=1, periodic=True, fixed=True, description="d")
    d = pb.DescribeReply(protocol_version=2, max_message_bytes=1 << 20, max_samples_per_call=1 << 40)
    d.substrates.append(info)
    d2 = pb.DescribeReply.FromString(d.SerializeToString())
    ok = (back == req and list(back.params["p"].values) == [2.0] and list(back.inputs.values) == [0.5, -1.25]
          and d2 == d and d2.max_samples_per_call == 1 << 40 and d2.substrates[0].parameters[0].fixed
          and pb.ForwardReply.FromString(pb.ForwardReply(device_seconds=0.25).SerializeToString()).device_seconds == 0.25
          and hasattr(grpc_mod, "DeviceStub") and hasattr(grpc_mod, "add_DeviceServicer_to_server"))
    if not ok:
        raise StubError("the generated stubs do not round-trip messages with this protobuf runtime")


_loaded = None


def load():
    """(pb2, pb2_grpc): the generated modules, generated first if missing or stale."""
    global _loaded
    if _loaded is None:
        folder = generate()
        try:
            _loaded = tuple(_import(folder, None))
        except Exception as e:
            raise StubError(f"cannot import the stubs in {folder}: {e}; regenerate them: "
                            "/usr/bin/python3 -m pnn4j_device.generate --force") from e
    return _loaded
