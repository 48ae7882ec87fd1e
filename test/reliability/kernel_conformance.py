"""jupyter_kernel_test (Jupyter's own kernel conformance suite) against the TypeScript kernel.

    .venv/bin/python test/reliability/kernel_conformance.py [--out results.json]

jupyter_kernel_test comes from Debian's python3-jupyter-kernel-test (0.4.5; it is not in the
pip mirror): `npm install` installs it when run as root. It is imported from Debian's
dist-packages, put after the venv's own packages, so jupyter_client and jsonschema are the
venv's. Every message is validated against the protocol's schema (msgspec_v5). Writes a JSON
list of {"check", "ok", "detail"}, one per test (test/reliability/protocol.test.ts reads it).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import unittest
from pathlib import Path

DEBIAN = "/usr/lib/python3/dist-packages"
ROOT = Path(__file__).resolve().parents[2]


def load():
    if not (Path(DEBIAN) / "jupyter_kernel_test").is_dir():
        raise SystemExit(
            "jupyter_kernel_test is missing: install Debian's package with\n"
            "  sudo apt-get install python3-jupyter-kernel-test\n"
            "(npm install does it when run as root)"
        )
    sys.path.append(DEBIAN)
    import jupyter_kernel_test  # noqa: PLC0415

    # 0.4.5 wraps the blocking client's get_msg in jupyter_core's run_sync, which since
    # jupyter_core 5 accepts coroutines only; the blocking get_msg needs no wrapping.
    jupyter_kernel_test.run_sync = lambda f: f
    return jupyter_kernel_test


def suite_class(jkt):
    class TypeScriptKernelTests(jkt.KernelTests):
        kernel_name = "tslab"
        language_name = "typescript"
        file_extension = ".ts"
        code_hello_world = "console.log('hello, world');"
        code_stderr = "console.error('to stderr');"
        completion_samples = [
            {"text": "Math.ma", "matches": {"max"}},
            {"text": "const abcdefLength = 1; abcdef", "matches": {"abcdefLength"}},
        ]
        complete_code_samples = ["const x = 1;", "console.log('x')", "function f() {\n  return 1;\n}"]
        incomplete_code_samples = ["function f() {", "const a = [1,", "if (true) {"]
        invalid_code_samples = ["const = ;", "let 1x = 2;", "return return;"]
        code_generate_error = "throw new Error('conformance');"
        code_execute_result = [
            {"code": "6 * 7", "result": "42"},
            {"code": "'text'", "result": "'text'"},
            {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
        ]
        code_display_data = [
            {"code": "require('tslab').display.html('<b>shown</b>');", "mime": "text/html"},
            {"code": "require('tslab').display.markdown('**shown**');", "mime": "text/markdown"},
        ]
        code_inspect_sample = "Math.max"

    return TypeScriptKernelTests


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    args = ap.parse_args()
    os.chdir(ROOT / "notebooks")  # the kernel starts in the notebooks' folder, as in Lab
    jkt = load()
    cls = suite_class(jkt)
    results = []

    class Collect(unittest.TextTestResult):
        def addSuccess(self, test):
            super().addSuccess(test)
            results.append({"check": test._testMethodName, "ok": True, "detail": "ok"})

        def addFailure(self, test, err):
            super().addFailure(test, err)
            results.append({"check": test._testMethodName, "ok": False, "detail": self._exc_info_to_string(err, test)})

        def addError(self, test, err):
            super().addError(test, err)
            results.append({"check": test._testMethodName, "ok": False, "detail": self._exc_info_to_string(err, test)})

        def addSkip(self, test, reason):
            super().addSkip(test, reason)
            results.append({"check": test._testMethodName, "ok": None, "detail": f"skipped: {reason or 'no sample for it'}"})

    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2, resultclass=Collect)
    runner.run(unittest.defaultTestLoader.loadTestsFromTestCase(cls))
    text = json.dumps(results, indent=1)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
