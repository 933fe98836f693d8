"""Protocol conformance of the pnn4j kernel, with Debian's jupyter_kernel_test.

Run (after `./pnn4j install --prefix DIR`): JUPYTER_PATH=DIR/share/jupyter /usr/bin/python3 -m unittest -v test_kernel
"""
import time
import unittest

import jupyter_kernel_test


class PnnKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "pnn4j"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'
    completion_samples = [{"text": "Network.o", "matches": {"of("}}]
    complete_code_samples = ["1 + 1", "int a = 1;", "for (int i = 0; i < 2; i++) {}"]
    incomplete_code_samples = ["for (int i = 0; i < 2; i++) {", "Network.of(linear(4, 8),"]
    invalid_code_samples = ["int 1x = ;)"]
    code_page_something = None
    code_generate_error = "int z = 0; int q = 1 / z;"
    code_execute_result = [{"code": "6 * 7", "result": "42"}, {"code": "\"pnn\" + 4 + \"j\"", "result": "pnn4j"}]
    code_display_data = [
        {"code": "display(Table.create(\"t\", IntColumn.create(\"x\", 1, 2)))", "mime": "text/html"},
        {"code": "display(Network.of(linear(4, 8), tanh()))", "mime": "text/html"},
    ]
    code_history_pattern = "6 * ?"
    supported_history_operations = ("tail", "search")
    code_inspect_sample = "Math.abs"
    code_clear_output = "clearOutput()"

    def test_pnn4j_interrupt_keeps_kernel_and_variables(self):
        self.flush_channels()
        self.execute_helper(code="String kept = \"yes\";")
        msg_id = self.kc.execute("long n = 0; while (true) { n++; }")
        time.sleep(1.0)
        start = time.monotonic()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertLess(time.monotonic() - start, 2.0)
        reply, output_msgs = self.execute_helper(code="kept")
        self.assertEqual(output_msgs[0]["content"]["data"]["text/plain"], "\"yes\"")

    def test_pnn4j_system_exit_is_an_error_not_an_exit(self):
        self.flush_channels()
        reply, output_msgs = self.execute_helper(code="System.exit(1);")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("System.exit(1)", reply["content"]["evalue"])
        reply, output_msgs = self.execute_helper(code="1 + 1")
        self.assertEqual(output_msgs[0]["content"]["data"]["text/plain"], "2")

    def test_pnn4j_kernel_info_status(self):
        self.flush_channels()
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["language_info"]["name"], "java")


if __name__ == "__main__":
    unittest.main()
