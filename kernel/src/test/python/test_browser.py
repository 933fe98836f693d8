#!/usr/bin/python3
"""The pnn4j kernel in a real browser: Debian's classic Jupyter Notebook 6 in headless Chromium, driven by Selenium.

Run (after `./pnn4j install --prefix DIR`), with Debian's python3 and the packages jupyter-notebook, chromium,
chromium-driver and python3-selenium:

    JUPYTER_PATH=DIR/share/jupyter /usr/bin/python3 kernel/src/test/python/test_browser.py \
        [--screenshots DIR] [--skip-interrupted-history] [--timeout SECONDS]

What a user sees, checked in the page (not through the protocol):
  1. a cell created after the kernel started is highlighted (CodeMirror token spans cm-keyword/cm-type);
  2. a training run shows live progress, the Interrupt command stops it, and `interruptedHistory` (bound by the
     kernel when a run is interrupted) has the epochs that finished (--skip-interrupted-history skips this check,
     for a tree where the kernel does not bind that variable yet);
  3. a compile error names the cell's own line ("Cell In [n], line 2"), shows the source line, is coloured, and
     proposes "did you mean tanh?" for `tanhh`;
  4. a runtime error's frames point at the cell's lines, not at JShell's snippet ids (#42:2).
The server listens on 127.0.0.1 only, with a random token; everything is bounded by --timeout (default 300 s).
Screenshots of each step are written to --screenshots (default: a new temp folder, printed).
Exits 0 when every check passed, 1 otherwise.
"""
import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Deadline:
    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def left(self):
        return self.end - time.monotonic()


def wait_for(deadline, what, probe, limit=120, every=0.25):
    """Calls probe() until it returns a truthy value; fails naming `what` after `limit` seconds (or the deadline)."""
    end = time.monotonic() + min(limit, max(1, deadline.left()))
    last = None
    while time.monotonic() < end:
        try:
            last = probe()
            if last:
                return last
        except Exception as e:  # the page may be reloading
            last = e
        time.sleep(every)
    raise AssertionError("timed out waiting for %s (last: %r)" % (what, last))


def start_notebook_server(workdir, port, token, log):
    cmd = ["/usr/bin/python3", "-m", "notebook", "--no-browser", "--ip=127.0.0.1", "--port=%d" % port,
           "--port-retries=0", "--NotebookApp.token=" + token, "--NotebookApp.password=",
           "--notebook-dir=" + workdir, "--NotebookApp.open_browser=False"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=workdir)


def write_notebook(path):
    nb = {"cells": [], "metadata": {"kernelspec": {"display_name": "pnn4j", "language": "java", "name": "pnn4j"}},
          "nbformat": 4, "nbformat_minor": 5}
    with open(path, "w") as f:
        json.dump(nb, f)


JS_NEW_CELL = """
var cell = Jupyter.notebook.insert_cell_at_bottom('code');
cell.set_text(arguments[0]);
cell.focus_editor();
return Jupyter.notebook.find_cell_index(cell);
"""
JS_RUN = "var c = Jupyter.notebook.get_cell(arguments[0]); c.execute(); return true;"
JS_OUTPUTS = "return JSON.stringify(Jupyter.notebook.get_cell(arguments[0]).output_area.outputs);"
JS_OUTPUT_TEXT = "return Jupyter.notebook.get_cell(arguments[0]).output_area.element[0].innerText;"
JS_OUTPUT_HTML = "return Jupyter.notebook.get_cell(arguments[0]).output_area.element[0].innerHTML;"
JS_PROMPT = "return Jupyter.notebook.get_cell(arguments[0]).input_prompt_number;"
JS_TOKENS = """
var el = Jupyter.notebook.get_cell(arguments[0]).element[0];
return Array.from(el.querySelectorAll('.CodeMirror-code span[class^="cm-"], .CodeMirror-code span[class*=" cm-"]'))
    .map(function (s) { return s.className + ':' + s.textContent; });
"""
JS_KERNEL_READY = """
var k = Jupyter.notebook && Jupyter.notebook.kernel;
return !!(k && k.is_connected() && k.info_reply && k.info_reply.language_info) ? k.info_reply.language_info : null;
"""


class BrowserTest:
    def __init__(self, driver, deadline, shots):
        self.d = driver
        self.deadline = deadline
        self.shots = shots
        self.failures = []
        self.step = 0

    def shot(self, name):
        self.step += 1
        path = os.path.join(self.shots, "%02d-%s.png" % (self.step, name))
        self.d.save_screenshot(path)
        print("  screenshot", path)

    def check(self, ok, what):
        print("  %s %s" % ("ok  " if ok else "FAIL", what))
        if not ok:
            self.failures.append(what)

    def new_cell(self, code):
        return self.d.execute_script(JS_NEW_CELL, code)

    def run(self, index):
        self.d.execute_script(JS_RUN, index)

    def outputs(self, index):
        return json.loads(self.d.execute_script(JS_OUTPUTS, index))

    def run_to_end(self, index, limit=60):
        self.run(index)
        # the prompt is "*" while running, then the execution count
        wait_for(self.deadline, "cell %d to finish" % index,
                 lambda: isinstance(self.d.execute_script(JS_PROMPT, index), int), limit)
        return self.outputs(index)

    def highlighting(self):
        print("highlighting of a cell created after the kernel started")
        i = self.new_cell("for (int i = 0; i < 3; i++) {\n    String s = \"row \" + i;\n}")
        tokens = wait_for(self.deadline, "CodeMirror tokens", lambda: self.d.execute_script(JS_TOKENS, i), 20)
        print("  tokens:", tokens[:8])
        self.check(any(t.startswith("cm-keyword") and t.endswith(":for") for t in tokens), "'for' is a cm-keyword span")
        self.check(any(t.startswith("cm-string") for t in tokens), "the string literal is a cm-string span")
        self.shot("highlighting")
        outs = self.run_to_end(i)
        self.check(not any(o["output_type"] == "error" for o in outs), "the highlighted cell runs without error")

    def value_repr(self):
        print("a value in JShell's representation")
        i = self.new_cell('"ab" + "c"')
        outs = self.run_to_end(i)
        texts = [o["data"].get("text/plain") for o in outs if o["output_type"] == "execute_result"]
        self.check(texts == ['"abc"'], 'the value of "ab" + "c" shows as "abc" (got %r)' % texts)

    def training_interrupted(self, skip_history):
        print("training with live progress, interrupted")
        setup = self.new_cell("Dataset moons = org.pnn4j.data.Synthetic.moons(512, 0.1, 1L);\n"
                              "Network net = Network.of(linear(2, 32), tanh(), linear(32, 2));")
        self.run_to_end(setup)
        i = self.new_cell("History h = Trainer.of(net).epochs(100_000).batchSize(16).seed(1).fit(moons);")
        self.run(i)
        text = wait_for(self.deadline, "the training progress line",
                        lambda: (lambda t: t if "epoch" in t else None)(self.d.execute_script(JS_OUTPUT_TEXT, i)), 60)
        print("  progress:", text.strip().splitlines()[:2])
        # let a few epochs finish so that the History has rows
        time.sleep(3)
        later = self.d.execute_script(JS_OUTPUT_TEXT, i)
        self.check("epoch" in later, "the progress output is shown while training runs")
        self.shot("training-progress")
        self.d.execute_script("Jupyter.notebook.kernel.interrupt();")
        wait_for(self.deadline, "the interrupted cell to end",
                 lambda: isinstance(self.d.execute_script(JS_PROMPT, i), int), 30)
        outs = self.outputs(i)
        errors = [o for o in outs if o["output_type"] == "error"]
        self.check(len(errors) == 1, "the interrupted cell ends with one error output (got %d)" % len(errors))
        if errors:
            print("  error:", errors[0]["ename"], "|", errors[0]["evalue"])
        self.shot("training-interrupted")
        j = self.new_cell("net.parameterCount()")
        outs = self.run_to_end(j)
        texts = [o["data"].get("text/plain") for o in outs if o["output_type"] == "execute_result"]
        self.check(texts == [str(2 * 32 + 32 + 32 * 2 + 2)], "the network is still there after the interrupt (%r)" % texts)
        if skip_history:
            print("  skipped: interruptedHistory (--skip-interrupted-history)")
            return
        if errors:
            self.check("interruptedHistory" in errors[0]["evalue"], "the interrupt message names interruptedHistory")
        k = self.new_cell("interruptedHistory.table().rowCount()")
        outs = self.run_to_end(k)
        texts = [o["data"].get("text/plain") for o in outs if o["output_type"] == "execute_result"]
        rows = int(texts[0]) if texts and texts[0].isdigit() else -1
        self.check(rows > 0, "interruptedHistory has the finished epochs' rows (got %r)" % texts)
        self.shot("interrupted-history")

    def errors(self):
        print("errors in the cell's own lines")
        i = self.new_cell("int a = 1;\ndouble y = tanhh(a);")
        outs = self.run_to_end(i)
        count = self.d.execute_script(JS_PROMPT, i)
        text = self.d.execute_script(JS_OUTPUT_TEXT, i)
        html = self.d.execute_script(JS_OUTPUT_HTML, i)
        print("  " + "\n  ".join(text.strip().splitlines()))
        self.check("Cell In [%s], line 2" % count in text, "the compile error names Cell In [%s], line 2" % count)
        self.check("double y = tanhh(a);" in text, "the offending source line is shown")
        self.check("did you mean tanh?" in text, "it proposes tanh for tanhh")
        self.check("ansi-" in html, "the traceback is coloured (ANSI spans)")
        self.check("snippet" not in text and "#" not in text.replace("Cell In [", ""), "no JShell snippet coordinates")
        self.shot("compile-error")
        j = self.new_cell("double ratio(int a, int b) {\n    int c = b - b;\n    return a / c;\n}")
        self.run_to_end(j)
        k = self.new_cell("int x = 4;\nratio(x, 2)")
        self.run_to_end(k)
        ck = self.d.execute_script(JS_PROMPT, k)
        cj = self.d.execute_script(JS_PROMPT, j)
        text = self.d.execute_script(JS_OUTPUT_TEXT, k)
        print("  " + "\n  ".join(text.strip().splitlines()))
        self.check("ArithmeticException" in text, "the runtime error names its exception")
        self.check("Cell In [%s], line 3, in ratio" % cj in text, "the frame in ratio points at Cell In [%s], line 3" % cj)
        self.check("Cell In [%s], line 2" % ck in text, "the calling frame points at Cell In [%s], line 2" % ck)
        self.check("#" not in text, "no JShell snippet ids (#42:2)")
        self.shot("runtime-error")

    def history_display(self):
        print("a History as a compact table with a mini-chart, a table rounded")
        i = self.new_cell("Network small = Network.of(linear(2, 8), tanh(), linear(8, 2));\n"
                          "Trainer.of(small).epochs(4).batchSize(64).seed(1).fit(moons)")
        self.run_to_end(i, 120)
        html = self.d.execute_script(JS_OUTPUT_HTML, i)
        self.check("<svg" in html and "polyline" in html, "the History shows a mini-chart")
        self.check("4 epochs" in html, "the History's heading counts its epochs")
        j = self.new_cell("Trainer.of(small).epochs(2).batchSize(64).seed(1).fit(moons).table()")
        self.run_to_end(j, 120)
        text = self.d.execute_script(JS_OUTPUT_TEXT, j)
        self.check("physical_samples" in text.replace("\n", "").replace("\u200b", ""), "whole column names in a wide table")
        longest = max((len(w) for w in text.replace(",", " ").split() if w.replace(".", "").isdigit()), default=0)
        self.check(longest <= 12, "numbers rounded (longest %d characters)" % longest)
        self.shot("history-and-table")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--screenshots", help="folder for the screenshots (default: a new temp folder)")
    ap.add_argument("--skip-interrupted-history", action="store_true",
                    help="do not check the interruptedHistory variable (a kernel without that feature)")
    ap.add_argument("--timeout", type=float, default=300, help="bound on the whole test, in seconds")
    args = ap.parse_args()
    deadline = Deadline(args.timeout)
    shots = args.screenshots or tempfile.mkdtemp(prefix="pnn4j-browser-shots-")
    os.makedirs(shots, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="pnn4j-browser-")
    port, token = free_port(), secrets.token_hex(16)
    server_log = open(os.path.join(shots, "notebook-server.log"), "w")
    server = start_notebook_server(workdir, port, token, server_log)
    driver = None
    failures = ["did not run"]
    try:
        base = "http://127.0.0.1:%d" % port
        wait_for(deadline, "the notebook server", lambda: urllib.request.urlopen(
            base + "/api/status?token=" + token, timeout=2).status == 200, 60)
        write_notebook(os.path.join(workdir, "browser-test.ipynb"))
        opts = Options()
        for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--window-size=1280,1600", "--no-first-run", "--disable-extensions"):
            opts.add_argument(a)
        opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                                  options=opts)
        driver.set_page_load_timeout(60)
        driver.set_script_timeout(30)
        t0 = time.monotonic()
        driver.get(base + "/notebooks/browser-test.ipynb?token=" + token)
        info = wait_for(deadline, "the kernel's kernel_info (DSL loaded)", lambda: driver.execute_script(JS_KERNEL_READY), 90)
        print("kernel ready in the page after %.1f s; language_info %s" % (time.monotonic() - t0, info))
        t = BrowserTest(driver, deadline, shots)
        t.check(info.get("codemirror_mode") == "text/x-java", "language_info.codemirror_mode is text/x-java")
        t.highlighting()
        t.value_repr()
        t.training_interrupted(args.skip_interrupted_history)
        t.errors()
        t.history_display()
        failures = t.failures
    except Exception as e:
        failures = ["%s: %s" % (type(e).__name__, e)]
        if driver is not None:
            try:
                driver.save_screenshot(os.path.join(shots, "99-failure.png"))
            except Exception:
                pass
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        server_log.close()
        shutil.rmtree(workdir, ignore_errors=True)
    print("screenshots and the server's log in", shots)
    if failures:
        print("browser test FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("browser test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
