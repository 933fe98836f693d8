"""Protocol conformance of the pnn4j kernel, with Debian's jupyter_kernel_test.

Run (after `./pnn4j install --prefix DIR`): JUPYTER_PATH=DIR/share/jupyter /usr/bin/python3 -m unittest -v test_kernel
"""
import re
import time
import unittest
from queue import Empty

import jupyter_client
import jupyter_kernel_test
from jupyter_client.session import Session
from jupyter_client.utils import run_sync


class PnnKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "pnn4j"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'
    completion_samples = [{"text": "Network.o", "matches": {"of("}}]
    complete_code_samples = ["1 + 1", "int a = 1;", "for (int i = 0; i < 2; i++) {}"]
    incomplete_code_samples = ["for (int i = 0; i < 2; i++) {", "Network.of(linear(4, 8),"]
    invalid_code_samples = ["int 1x = ;)", "int 1x = 3;"]
    code_page_something = "Optimizer.adam?"
    code_generate_error = "int z = 0; int q = 1 / z;"
    code_execute_result = [{"code": "6 * 7", "result": "42"}, {"code": "\"pnn\" + 4 + \"j\"", "result": "\"pnn4j\""},
                           {"code": "\"ab\" + \"c\"", "result": "\"abc\""}]
    code_display_data = [
        {"code": "display(Table.create(\"t\", IntColumn.create(\"x\", 1, 2)))", "mime": "text/html"},
        {"code": "display(Network.of(linear(4, 8), tanh()))", "mime": "text/html"},
    ]
    code_history_pattern = "6 * ?"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.abs"
    code_clear_output = "clearOutput()"

    def drain_iopub_until_idle(self, msg_id, timeout=10):
        """Reads iopub until the kernel goes idle after msg_id; returns the messages for msg_id."""
        deadline = time.monotonic() + timeout
        msgs = []
        while time.monotonic() < deadline:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            msgs.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return msgs
        self.fail("no idle status for %s within %ss" % (msg_id, timeout))

    def test_pnn4j_interrupt_keeps_kernel_and_variables(self):
        # interrupt_mode is "message": interrupt_kernel() sends interrupt_request on the control channel
        self.assertEqual(self.km.kernel_spec.interrupt_mode, "message")
        self.flush_channels()
        self.execute_helper(code="String kept = \"yes\";")
        msg_id = self.kc.execute("long n = 0; while (true) { n++; }")
        time.sleep(1.0)
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        # the cell never ends by itself: the reply within get_shell_msg's timeout proves the interrupt (no speed asserted)
        msgs = self.drain_iopub_until_idle(msg_id)
        errors = [m for m in msgs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1, msgs)
        self.assertEqual(errors[0]["content"]["ename"], "Interrupted")
        self.flush_channels()
        reply, output_msgs = self.execute_helper(code="kept")
        self.assertEqual(output_msgs[0]["content"]["data"]["text/plain"], '"yes"')

    def test_pnn4j_bad_signature_is_rejected_and_the_kernel_lives(self):
        self.flush_channels()
        key = self.kc.session.key
        self.assertTrue(key, "the kernel must be started with an HMAC key")
        forged = Session(key=b"not-the-key", session=self.kc.session.session, username=self.kc.session.username)
        for channel in (self.kc.shell_channel, self.kc.control_channel):
            msg = forged.msg("execute_request" if channel is self.kc.shell_channel else "kernel_info_request",
                             {"code": "String forged = \"ran\";", "silent": False, "store_history": True,
                              "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
                             if channel is self.kc.shell_channel else {})
            forged.send(channel.socket, msg)
        unsigned = Session(key=b"", session=self.kc.session.session)
        unsigned.send(self.kc.shell_channel.socket, unsigned.msg("kernel_info_request", {}))
        # no reply to any of them
        with self.assertRaises(Empty):
            self.kc.get_shell_msg(timeout=1.5)
        with self.assertRaises(Empty):
            run_sync(self.kc.control_channel.get_msg)(timeout=0.5)
        # the cell did not run, and both channels still serve correctly signed requests
        reply, output_msgs = self.execute_helper(code="forged")
        self.assertEqual(reply["content"]["status"], "error")
        self.kc.kernel_info()
        self.assertEqual(self.kc.get_shell_msg(timeout=10)["content"]["status"], "ok")
        msg = self.kc.session.msg("kernel_info_request", {})
        self.kc.control_channel.send(msg)
        self.assertEqual(run_sync(self.kc.control_channel.get_msg)(timeout=10)["content"]["status"], "ok")

    def collect_stream(self, msg_id, timeout=120):
        """The text of every stdout stream message of msg_id until its idle status (which must arrive)."""
        text = []
        for msg in self.drain_iopub_until_idle(msg_id, timeout=timeout):
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                text.append(msg["content"]["text"])
        return "".join(text), sum(1 for _ in text)

    def test_pnn4j_large_prints_arrive_whole_in_few_messages(self):
        # one message per println used to overflow iopub's queue: 50 MB delivered 34 MB, 2 MB lost 0.6%
        self.flush_channels()
        for lines, width in ((200_000, 9), (500_000, 99)):
            msg_id = self.kc.execute('String row = "x".repeat(%d); for (int i = 0; i < %d; i++) System.out.println(row);'
                                     % (width, lines))
            text, messages = self.collect_stream(msg_id)
            self.assertEqual(len(text), lines * (width + 1), "%d lines of %d characters" % (lines, width))
            self.assertEqual(text.count("\n"), lines)
            self.assertLess(messages, lines // 100, "output is batched")
            reply = self.kc.get_shell_msg(timeout=10)
            self.assertEqual(reply["content"]["status"], "ok")

    def test_pnn4j_output_display_and_error_keep_their_order(self):
        self.flush_channels()
        msg_id = self.kc.execute('System.out.println("first"); display("second"); System.out.println("third"); '
                                 'System.out.print("fourth"); int z = 0; int q = 1 / z;')
        kinds = []
        for msg in self.drain_iopub_until_idle(msg_id):
            if msg["msg_type"] == "stream":
                # consecutive stream messages are one output (a flush may fall between two prints)
                if kinds and kinds[-1] not in ("display_data", "error"):
                    kinds[-1] += msg["content"]["text"]
                else:
                    kinds.append(msg["content"]["text"])
            elif msg["msg_type"] in ("display_data", "error"):
                kinds.append(msg["msg_type"])
        self.assertEqual(kinds, ["first\n", "display_data", "third\nfourth", "error"])

    def test_pnn4j_junk_frames_from_another_process_do_not_take_the_next_request(self):
        import zmq
        self.flush_channels()
        info = self.km.get_connection_info()
        junk = zmq.Context.instance().socket(zmq.DEALER)
        junk.connect("%s://%s:%d" % (info["transport"], info["ip"], info["shell_port"]))
        try:
            # each alone, then a legitimate request: jjava read on from the junk into that request, and sent its reply
            # to the junk's sender
            for frames in ([b"junk"],                                          # one frame, no delimiter
                           [b"<IDS|MSG>", b"sig"],                             # a delimiter and too few frames
                           [b"<IDS|MSG>", b"", b"{", b"{}", b"{}", b"{}"]):    # unsigned, not JSON
                junk.send_multipart(frames)
                time.sleep(0.3)
                msg_id = self.kc.execute("6 * 7")
                reply = self.kc.get_shell_msg(timeout=10)
                self.assertEqual(reply["parent_header"]["msg_id"], msg_id, frames)
                self.assertEqual(reply["content"]["status"], "ok", frames)
                self.drain_iopub_until_idle(msg_id)
                self.assertFalse(junk.poll(200), "nothing is sent to the junk's sender")
        finally:
            junk.close(linger=0)

    def test_pnn4j_history_output_pairs(self):
        self.flush_channels()
        self.execute_helper(code="6 * 7")
        self.kc.history(hist_access_type="tail", n=1, output=True, raw=True)
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["content"]["status"], "ok")
        session, line, (source, output) = reply["content"]["history"][-1]
        self.assertEqual((session, source, output), (1, "6 * 7", "42"))

    def test_pnn4j_interrupt_stops_training_and_keeps_variables(self):
        self.flush_channels()
        self.execute_helper(code="Dataset moons = Synthetic.moons(256, 0.1, 1L);\n"
                                 "Network net = Network.of(linear(2, 16), tanh(), linear(16, 2));")
        msg_id = self.kc.execute("Trainer.of(net).epochs(1_000_000).batchSize(16).fit(moons);")
        time.sleep(1.0)
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        # a training run stops after its batch and keeps its history (InterruptedTraining)
        self.assertEqual(reply["content"]["ename"], "TrainingInterrupted")
        self.assertIn("interruptedHistory", reply["content"]["evalue"])
        # the cell never ends by itself: the reply within get_shell_msg's timeout proves the interrupt (no speed asserted)
        self.drain_iopub_until_idle(msg_id)
        self.flush_channels()
        reply, output_msgs = self.execute_helper(code="net.parameterCount()")
        self.assertEqual(output_msgs[0]["content"]["data"]["text/plain"], "82")
        reply, output_msgs = self.execute_helper(code="interruptedHistory.epochs().size() >= 1")
        self.assertEqual(output_msgs[0]["content"]["data"]["text/plain"], "true")

    def test_pnn4j_magics(self):
        self.flush_channels()
        reply, output_msgs = self.execute_helper(code="%time\n6 * 7")
        self.assertEqual(reply["content"]["status"], "ok")
        streams = "".join(m["content"]["text"] for m in output_msgs if m["msg_type"] == "stream")
        self.assertIn("Wall time: ", streams)
        results = [m for m in output_msgs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")
        reply, output_msgs = self.execute_helper(code="%nosuchmagic")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "MagicError")
        self.assertIn("%classpath", reply["content"]["evalue"])

    def test_pnn4j_system_exit_is_an_error_not_an_exit(self):
        self.flush_channels()
        reply, output_msgs = self.execute_helper(code="System.exit(1);")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("System.exit(1)", reply["content"]["evalue"])
        self.assertEqual(reply["content"]["ename"], "SystemExit")
        # every other route too: Runtime.exit/halt, reflection, a library's main (the exit agent)
        for code, said in (("Runtime.getRuntime().halt(2);", "Runtime.halt(2)"),
                           ("Runtime.getRuntime().exit(3);", "Runtime.exit(3)"),
                           ("System.class.getMethod(\"exit\", int.class).invoke(null, 4);", "System.exit(4)"),
                           ("org.pnn4j.device.DeviceServerMain.main(new String[0]);", "System.exit(2)")):
            reply, output_msgs = self.execute_helper(code=code)
            self.assertEqual(reply["content"]["status"], "error", code)
            self.assertEqual(reply["content"]["ename"], "SystemExit", code)
            self.assertIn(said, reply["content"]["evalue"], code)
        reply, output_msgs = self.execute_helper(code="Runtime.getRuntime().availableProcessors() > 0")
        self.assertEqual(output_msgs[0]["content"]["data"]["text/plain"], "true")
        self.assertTrue(self.km.is_alive())

    def test_pnn4j_kernel_info_status(self):
        self.flush_channels()
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["language_info"]["name"], "java")

    def test_pnn4j_kernel_info_language_info_for_highlighting(self):
        self.flush_channels()
        self.kc.kernel_info()
        info = self.kc.get_shell_msg(timeout=10)["content"]["language_info"]
        # a MIME name CodeMirror 5 (classic Notebook) and CodeMirror 6 (JupyterLab, Notebook 7) both resolve
        self.assertEqual(info["codemirror_mode"], "text/x-java")
        self.assertEqual((info["mimetype"], info["pygments_lexer"], info["file_extension"]), ("text/x-java", "java", ".jshell"))

    def test_pnn4j_is_complete_indent(self):
        self.flush_channels()
        for code, status, indent in [("for (int i = 0; i < 2; i++) {\n    if (i > 0) {", "incomplete", "        "),
                                     ("String s = \"\"\"\n  abc", "incomplete", ""),
                                     ("int 1x = 3;", "invalid", None), ("int x = 3;", "complete", None)]:
            self.kc.is_complete(code)
            reply = self.kc.get_shell_msg(timeout=10)["content"]
            self.assertEqual(reply["status"], status, code)
            if indent is not None:
                self.assertEqual(reply["indent"], indent, code)

    def test_pnn4j_errors_name_the_cell_line_and_suggest(self):
        self.flush_channels()
        reply, output_msgs = self.execute_helper(code="int a = 1;\ndouble y = tanhh(a);")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "CompilationError")
        count = reply["content"]["execution_count"]
        self.assertIn("did you mean tanh?", reply["content"]["evalue"])
        tb = "\n".join(reply["content"]["traceback"])
        self.assertIn("Cell In [%d], line 2" % count, tb)
        self.assertIn("double y = tanhh(a);", tb)
        self.assertIn("\x1b[", tb, "the traceback is coloured")
        self.assertNotIn("snippet", tb)
        self.execute_helper(code="double ratio(int a, int b) {\n    int c = b - b;\n    return a / c;\n}")
        reply, output_msgs = self.execute_helper(code="ratio(1, 2)")
        tb = re.sub("\x1b\\[[0-9;]*m", "", "\n".join(reply["content"]["traceback"]))
        self.assertIn("line 3, in ", tb)
        self.assertIn("return a / c;", tb)
        self.assertNotIn("#", tb)

    def test_pnn4j_printf_shows_its_output_not_the_stream(self):
        self.flush_channels()
        reply, output_msgs = self.execute_helper(code='System.out.printf("%d apples%n", 3)')
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual([m for m in output_msgs if m["msg_type"] == "execute_result"], [])
        streams = "".join(m["content"]["text"] for m in output_msgs if m["msg_type"] == "stream")
        self.assertIn("3 apples", streams)

    def test_pnn4j_comm_info_reply_has_status(self):
        self.flush_channels()
        self.kc.comm_info()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["msg_type"], "comm_info_reply")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["comms"], {})


class PnnKernelShutdownTest(unittest.TestCase):
    """A kernel of its own, since shutting it down ends it."""

    def test_shutdown_reply_has_status_and_the_kernel_exits(self):
        km, kc = jupyter_client.manager.start_new_kernel(kernel_name="pnn4j")
        try:
            kc.shutdown()
            reply = kc.get_control_msg(timeout=20)
            self.assertEqual(reply["msg_type"], "shutdown_reply")
            self.assertEqual(reply["content"]["status"], "ok")
            self.assertFalse(reply["content"]["restart"])
            for _ in range(100):
                if not km.is_alive():
                    break
                time.sleep(0.1)
            self.assertFalse(km.is_alive(), "the kernel process ends after shutdown_reply")
        finally:
            if km.is_alive():
                km.shutdown_kernel(now=True)
            kc.stop_channels()


if __name__ == "__main__":
    unittest.main()
