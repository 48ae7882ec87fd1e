"""Run cells in a fresh TypeScript kernel and print what came back, as JSON.

    .venv/bin/python test/kernel_client.py [--out results.json] < cells.json

stdin: {"cells": ["code", ...], "cwd": "notebooks", "timeout": 60, "transport": "tcp"}.
"transport": "ipc" connects over Unix sockets in a temporary folder instead of TCP ports.
Writes (to --out, else stdout) a list, one entry per cell, with the execute_reply
status, stdout, stderr, error messages (with traceback), the mime types of each display_data
and execute_result, each execute_result's count and data ("results"), and
"iopub": every message of the cell in the order it came, as [msg_type, detail] (the stream
name, the first mime type, the ename or the execution state); with "stream_texts": true a
stream's entry carries its text as a third element.
Tests use --out: the kernel inherits this process's stdout.
"""
import argparse
import json
import os
import signal
import sys
import tempfile

from jupyter_client.manager import KernelManager


def main():
    # A test's timeout ends this process with SIGTERM: shut the kernel down on the way out
    # (it runs in its own session and would outlive us).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    args = ap.parse_args()
    req = json.load(sys.stdin)
    transport = req.get("transport", "tcp")
    sockets = tempfile.TemporaryDirectory(prefix="al-ipc-", dir="/tmp") if transport == "ipc" else None
    km = KernelManager(kernel_name=req.get("kernel", "tslab"), transport=transport)
    if sockets:
        km.ip = os.path.join(sockets.name, "kernel")
    kc = None
    results = []
    try:
        km.start_kernel(cwd=req.get("cwd", "notebooks"))
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        for code in req["cells"]:
            msg_id = kc.execute(code)
            out = {"status": None, "stdout": "", "stderr": "", "display": [], "errors": [], "iopub": [], "results": []}
            while True:
                msg = kc.get_iopub_msg(timeout=req.get("timeout", 60))
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                t, c = msg["msg_type"], msg["content"]
                detail = c.get("name") or c.get("ename") or c.get("execution_state") or next(iter(c.get("data") or {}), None)
                out["iopub"].append([t, detail, c["text"]] if t == "stream" and req.get("stream_texts") else [t, detail])
                if t == "stream":
                    out[c["name"]] += c["text"]
                elif t in ("display_data", "execute_result"):
                    out["display"].append(sorted(c["data"].keys()))
                    if t == "execute_result":
                        out["results"].append({"execution_count": c["execution_count"], "data": c["data"]})
                elif t == "error":
                    out["errors"].append({"ename": c.get("ename"), "evalue": c.get("evalue"), "traceback": c.get("traceback")})
                elif t == "status" and c["execution_state"] == "idle":
                    break
            while True:
                reply = kc.get_shell_msg(timeout=req.get("timeout", 60))
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            out["status"] = reply["content"].get("status")
            results.append(out)
    finally:
        if kc:
            kc.stop_channels()
        if km.has_kernel:
            km.shutdown_kernel(now=True)
        if sockets:
            sockets.cleanup()
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(results, f)
    else:
        json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
