"""Helpers of .ci/notebooks (Debian's /usr/bin/python3, standard library only).

  check NB...              committed notebooks: ci_parameters metadata, one parameters cell, outputs with at
                           least one image/png, no absolute path of any machine; exit 1 listing every problem
  params NB                the ci_parameters as shell words: NAME VALUE NAME VALUE ...
  inject NB OUT            NB with its ci_parameters in a cell tagged injected-parameters after the parameters
                           cell (as papermill and ./pnn4j run do), outputs cleared, written to OUT
  errors NB                exit 1 naming every cell of an executed notebook with an error output
  sweep NB                 prints 1 when the notebook needs the sweep module (metadata.pnn4j.sweep true), else 0
"""
import json
import re
import sys

# absolute paths of a machine: Unix homes and work folders, temp folders, Windows drives, macOS users
ABSOLUTE = re.compile(r"(/work/|/home/|/root/|/tmp/|/Users/|/usr/lib/jvm|[A-Za-z]:\\\\|file:///)")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def source(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def tagged(cell, tag):
    return tag in cell.get("metadata", {}).get("tags", [])


def ci_parameters(path, nb):
    """The notebook's metadata.pnn4j.ci_parameters, checked; raises ValueError with a clear message."""
    p = nb.get("metadata", {}).get("pnn4j", {}).get("ci_parameters")
    if p is None:
        raise ValueError("%s has no metadata.pnn4j.ci_parameters: add the short CI values of its parameters cell to the"
                         " notebook's metadata, e.g. \"pnn4j\": {\"ci_parameters\": {\"epochs\": \"1\"}} ({} when the"
                         " defaults are short already)" % path)
    if not isinstance(p, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in p.items()):
        raise ValueError("%s: metadata.pnn4j.ci_parameters must be an object of name -> value strings, got %r" % (path, p))
    for k in p:
        if not re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", k):
            raise ValueError("%s: ci parameter %r is not a Java name" % (path, k))
    return p


def strings(node, where="notebook"):
    """Every string in the notebook with where it is (cell index, field), except base64 images, which hold no path."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k.startswith("image/"):
                continue
            yield from strings(v, where + "." + k)
    elif isinstance(node, list):
        if node and all(isinstance(x, str) for x in node):
            yield where, "".join(node)
        else:
            for i, v in enumerate(node):
                yield from strings(v, "cell %d" % i if where == "notebook.cells" else "%s[%d]" % (where, i))
    elif isinstance(node, str):
        yield where, node


def check(paths):
    problems = []
    for path in paths:
        try:
            nb = load(path)
        except (OSError, ValueError) as e:
            problems.append("%s: not a readable notebook: %s" % (path, e))
            continue
        try:
            params = ci_parameters(path, nb)
        except ValueError as e:
            problems.append(str(e))
            params = {}
        cells = nb.get("cells", [])
        pcells = [i for i, c in enumerate(cells) if c.get("cell_type") == "code" and tagged(c, "parameters")]
        if len(pcells) != 1:
            problems.append("%s: needs exactly one code cell tagged 'parameters', has %d" % (path, len(pcells)))
        else:
            declared = set(re.findall(r"\b([A-Za-z_$][A-Za-z0-9_$]*)\s*=", source(cells[pcells[0]])))
            for k in params:
                if k not in declared:
                    problems.append("%s: ci parameter '%s' is not declared in the parameters cell (cell %d)" % (path, k, pcells[0]))
        if nb.get("metadata", {}).get("kernelspec", {}).get("name") != "pnn4j":
            problems.append("%s: kernelspec name must be 'pnn4j'" % path)
        if any(tagged(c, "injected-parameters") for c in cells):
            problems.append("%s: has an injected-parameters cell: commit the output of a run with the default parameters"
                            " (./pnn4j run %s -o %s)" % (path, path, path))
        code = [c for c in cells if c.get("cell_type") == "code"]
        if all(not c.get("outputs") for c in code):
            problems.append("%s: no outputs: commit it as run with its default parameters (./pnn4j run %s -o %s)" % (path, path, path))
        pngs = sum(1 for c in code for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
        if pngs == 0:
            problems.append("%s: no image/png output: a tutorial ends in plots, committed with their outputs" % path)
        for i, c in enumerate(code):
            for o in c.get("outputs", []):
                if o.get("output_type") == "error":
                    problems.append("%s: a committed output is an error (%s: %s)" % (path, o.get("ename"), o.get("evalue", "")[:200]))
        for where, text in strings(nb):
            m = ABSOLUTE.search(text)
            if m:
                at = max(0, m.start() - 60)
                problems.append("%s, %s: absolute path '%s' (...%s...): a committed notebook must not depend on or reveal"
                                " this machine's folders" % (path, where, m.group(1), text[at:m.end() + 60].replace("\n", " ")))
    for p in problems:
        print("notebooks check: " + p, file=sys.stderr)
    if not problems:
        print("notebooks check: %d notebook(s) ok (ci_parameters, parameters cell, outputs with images, no absolute paths)" % len(paths))
    return 1 if problems else 0


def declaration(name, value, declared=""):
    """The Java declaration ./pnn4j run injects for -p NAME VALUE: typed by NAME's declaration in the parameters cell
    source `declared` (NotebookParameters, for the plain declarations the notebooks use); by the value's look if absent."""
    m = re.search(r"\b(int|long|double|float|boolean|String)\s+" + re.escape(name) + r"\b", declared)
    kind = m.group(1) if m else None
    if kind in ("int", "long") or (kind is None and re.fullmatch(r"[+-]?\d+", value)):
        if not re.fullmatch(r"[+-]?\d+", value):
            raise ValueError("-p %s %s: %s is declared %s in the parameters cell; %r is not a whole number" % (name, value, name, kind, value))
        v = int(value)  # decimal: 0815 is 815
        return ("int %s = %d;" % (name, v)) if kind != "long" and -2**31 <= v < 2**31 else ("long %s = %dL;" % (name, v))
    if kind in ("double", "float") or (kind is None and re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", value)):
        return "%s %s = %r%s;" % (kind or "double", name, float(value), "f" if kind == "float" else "")
    if kind == "boolean" or (kind is None and value in ("true", "false")):
        return "boolean %s = %s;" % (name, value)
    return "String %s = %s;" % (name, json.dumps(value))


def inject(path, out):
    nb = load(path)
    params = ci_parameters(path, nb)
    cells = [c for c in nb["cells"] if not tagged(c, "injected-parameters")]
    for c in cells:
        if c.get("cell_type") == "code":
            c["outputs"] = []
            c["execution_count"] = None
    at = next((i + 1 for i, c in enumerate(cells) if c.get("cell_type") == "code" and tagged(c, "parameters")), 0)
    declared = "".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                       for c in cells if c.get("cell_type") == "code" and tagged(c, "parameters"))
    lines = [declaration(k, v, declared) for k, v in params.items()]
    cells.insert(at, {"cell_type": "code", "id": "injected-parameters", "execution_count": None,
                      "metadata": {"tags": ["injected-parameters"]}, "outputs": [],
                      "source": "\n".join(["// Injected parameters (CI)"] + lines)})
    nb["cells"] = cells
    with open(out, "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
    return 0


def errors(path):
    nb = load(path)
    bad = 0
    for i, c in enumerate(nb["cells"]):
        for o in c.get("outputs", []):
            if o.get("output_type") == "error":
                first = next((l for l in source(c).splitlines() if l.strip()), "")
                print("%s: cell %d failed (%s): %s: %s" % (path, i, first.strip()[:100], o.get("ename"), o.get("evalue", "")[:500]),
                      file=sys.stderr)
                bad += 1
    return 1 if bad else 0


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    try:
        if cmd == "check":
            return check(args)
        if cmd == "params":
            p = ci_parameters(args[0], load(args[0]))
            for k, v in p.items():
                if not v or re.search(r"\s", v):
                    raise ValueError("%s: ci parameter %s has an empty value or whitespace in it (%r), which the harness cannot pass" % (args[0], k, v))
            print(" ".join("%s %s" % (k, v) for k, v in p.items()))
            return 0
        if cmd == "inject":
            return inject(args[0], args[1])
        if cmd == "errors":
            return errors(args[0])
        if cmd == "sweep":
            print(1 if load(args[0]).get("metadata", {}).get("pnn4j", {}).get("sweep") is True else 0)
            return 0
    except ValueError as e:
        print("notebooks: " + str(e), file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
