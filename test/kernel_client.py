"""Run cells in a fresh TypeScript kernel and print what came back, as JSON.

    .venv/bin/python test/kernel_client.py < cells.json

stdin: {"cells": ["code", ...], "cwd": "notebooks", "timeout": 60}.
stdout: a list, one entry per cell, with the execute_reply status, stdout,
stderr, error messages and the mime types of each display_data.
"""
import json
import sys

from jupyter_client.manager import start_new_kernel


def main():
    req = json.load(sys.stdin)
    km, kc = start_new_kernel(kernel_name=req.get("kernel", "tslab"), cwd=req.get("cwd", "notebooks"))
    results = []
    try:
        for code in req["cells"]:
            msg_id = kc.execute(code)
            out = {"status": None, "stdout": "", "stderr": "", "display": [], "errors": []}
            while True:
                msg = kc.get_iopub_msg(timeout=req.get("timeout", 60))
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                t, c = msg["msg_type"], msg["content"]
                if t == "stream":
                    out[c["name"]] += c["text"]
                elif t in ("display_data", "execute_result"):
                    out["display"].append(sorted(c["data"].keys()))
                elif t == "error":
                    out["errors"].append({"ename": c.get("ename"), "evalue": c.get("evalue")})
                elif t == "status" and c["execution_state"] == "idle":
                    break
            while True:
                reply = kc.get_shell_msg(timeout=req.get("timeout", 60))
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            out["status"] = reply["content"].get("status")
            results.append(out)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
