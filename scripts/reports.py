"""Execute every notebook top to bottom and export self-contained HTML reports.

    .venv/bin/python scripts/reports.py [--out reports] [--timeout 180] [--jobs CORES+1] [NOTEBOOK ...]

Writes <out>/<name>.html, <out>/executed/<name>.ipynb, <out>/index.html and
<out>/summary.json. A notebook fails, naming the notebook and the cell, when: a
cell throws or has a TypeScript error; a promise rejects or a timer throws after
its cell finished (the kernel, kernels/kernel.cjs, reports it in the cell
that runs next, or here after the last cell); a cell runs past the timeout (the
kernel is interrupted, the cell fails); the kernel dies; the kernelspec is
missing, names another kernel, or is not installed; the kernel fails to start;
an error output is left in the notebook (a cell tagged raises-exception); a code
cell never ran. Its report is then written as <name>.FAILED.html with a banner
naming the cell, any earlier successful report of the same name is removed, and
the exit code is 1. Cells are counted from 1, markdown included, and carry the
kernel's execution count ("cell 4 (In [3])"). Reports carry plotly.js once,
inline, and no network references, so they open from disk offline. Kernels listen
on Unix sockets in a private folder under /tmp (ipc transport), not on TCP ports:
notebooks run in parallel processes, and a port one picked could be taken by
another's connections before its kernel bound it.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

# jsonschema (under nbformat) imports rfc3987_syntax when it is installed (JupyterLab's
# dependencies bring it), which builds a grammar at import: 1.6 s of CPU in every worker.
# It only checks the "iri" string formats, which the notebook schema does not use.
sys.modules.setdefault("rfc3987_syntax", None)

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "tslab"
PLOT_CLASS = "attention-lab-plot"  # src/show/display.ts marks every figure with it
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS = ROOT / "node_modules" / "plotly.js-dist-min" / "plotly.min.js"


def error_outputs(nb) -> list[tuple[int, str]]:
    """(cell index, text) of every error output left in an executed notebook."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append((i, f"{out.get('ename', '')}: {out.get('evalue', '')}"))
    return found


# What went wrong, from the error name the kernel (kernels/kernel.cjs) reports.
KIND_BY_ENAME = {
    "TSError": "type-error",
    "UnhandledPromiseRejection": "unhandled-rejection",
    "UncaughtException": "uncaught-exception",
    "CellTimeoutError": "timeout",
    "Interrupted": "interrupted",
}
FLUSH_CODE = "//%attention-lab:check-async-errors {ms}"


def cell_label(nb, index: int | None) -> str:
    """'cell 4 (In [3])': cells counted from 1 as they appear, markdown included."""
    if index is None:
        return "before the first cell"
    count = nb.cells[index].get("execution_count") if index < len(nb.cells) else None
    return f"cell {index + 1}" + (f" (In [{count}])" if count else "")


def error_output(ename: str, evalue: str, traceback: list[str] | None = None):
    import nbformat

    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=traceback or [f"{ename}: {evalue}"])


def run_cells(client, nb, state: dict, flush_ms: int) -> dict | None:
    """Runs the cells on the client's started kernel; the first failure, or None."""
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    try:
        info = client.wait_for_reply(client.kc.kernel_info())
        if info is not None:
            nb.metadata["language_info"] = info["content"].get("language_info", {})
        for index, cell in enumerate(nb.cells):
            state["current"] = index
            client.execute_cell(cell, index)
        state["current"] = None
        # Errors from timers or promises started by the cells and still pending after
        # the last one finished (the kernel waits at most flush_ms for cell timers).
        reply = client.wait_for_reply(client.kc.execute(FLUSH_CODE.format(ms=flush_ms), silent=True, store_history=False))
        content = (reply or {}).get("content", {})
        if content.get("status") == "error":
            origin = content.get("origin_execution_count")
            at = next((i for i, c in enumerate(nb.cells) if origin and c.get("execution_count") == origin), None)
            if at is not None:
                nb.cells[at].outputs.append(error_output(content["ename"], content["evalue"], content.get("traceback")))
            return dict(kind=KIND_BY_ENAME.get(content.get("ename"), "error"), cell=at, ename=content.get("ename", "Error"),
                        evalue=content.get("evalue", "") + " (after the last cell finished)")
    except CellExecutionError as e:
        current = state["current"]
        cell = nb.cells[current]
        if e.ename == "CellTimeoutError" or not any(o.get("output_type") == "error" for o in cell.outputs):
            cell.outputs.append(error_output(e.ename, e.evalue))
        return dict(kind=KIND_BY_ENAME.get(e.ename, "error"), cell=current, ename=e.ename, evalue=e.evalue)
    except DeadKernelError:
        current = state["current"]
        code = None
        try:
            code = client.km.provisioner.process.poll()
        except Exception:
            pass
        how = f" (exit code {code})" if code is not None and code >= 0 else f" (killed by signal {-code})" if code else ""
        if current is None:
            return dict(kind="dead-kernel", cell=None, ename="DeadKernelError", evalue=f"the kernel process died after the last cell{how}")
        evalue = f"the kernel process died while this cell ran{how}"
        nb.cells[current].outputs.append(error_output("DeadKernelError", evalue))
        return dict(kind="dead-kernel", cell=current, ename="DeadKernelError", evalue=evalue)
    return None


def ipc_folder() -> tempfile.TemporaryDirectory | None:
    """A private folder for a kernel's Unix sockets, or None (TCP) where the socket paths
    would pass the 104-byte limit of macOS (108 on Linux)."""
    base = "/tmp" if os.path.isdir("/tmp") else None
    folder = tempfile.TemporaryDirectory(prefix="al-ipc-", dir=base)
    if len(os.path.join(folder.name, "kernel-99").encode()) <= 100:
        return folder
    folder.cleanup()
    return None


def execute(nb, nb_path: Path, timeout: int, kernel: str, flush_ms: int) -> dict | None:
    """Runs every cell of nb in place. Returns None, or the first failure:
    {kind, cell (0-based index or None), ename, evalue}."""
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from traitlets.config import Config

    spec = nb.metadata.get("kernelspec", {}).get("name")
    if spec is None:
        return dict(kind="kernelspec", cell=None, ename="KernelspecMissing",
                    evalue=f"the notebook has no kernelspec in its metadata; expected {kernel!r} (TypeScript)")
    if spec != kernel:
        return dict(kind="kernelspec", cell=None, ename="KernelspecMismatch",
                    evalue=f"the notebook's kernelspec is {spec!r}, expected {kernel!r} (the project's TypeScript kernel)")
    sockets = ipc_folder()
    config = Config()
    if sockets:
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(sockets.name, "kernel")
    client = NotebookClient(
        nb, config=config, timeout=timeout, kernel_name=kernel, allow_errors=False, interrupt_on_timeout=True,
        # On timeout: interrupt the kernel, then fail the cell at once (a cell that ignores
        # the interrupt would otherwise be waited for forever).
        error_on_timeout={"ename": "CellTimeoutError",
                          "evalue": f"the cell ran longer than the {timeout} s timeout; the kernel was interrupted",
                          "traceback": [f"CellTimeoutError: the cell ran longer than the {timeout} s timeout; the kernel was interrupted"]},
        shutdown_kernel="immediate", resources={"metadata": {"path": str(nb_path.parent)}})
    state = {"current": None}
    try:
        with client.setup_kernel():
            failure = run_cells(client, nb, state, flush_ms)
            if failure is not None:
                return failure
    except NoSuchKernel:
        return dict(kind="kernel-missing", cell=None, ename="NoSuchKernel",
                    evalue=f"no kernel named {kernel!r} is installed in this environment: run `npm install` (it registers the TypeScript kernel in .venv)")
    except RuntimeError as e:
        if state["current"] is None and "died" in str(e).lower():
            return dict(kind="kernel-start", cell=None, ename="KernelStartError",
                        evalue=f"the kernel {kernel!r} failed to start: {e}")
        raise
    finally:
        if sockets:
            sockets.cleanup()
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source.strip() and not cell.get("execution_count"):
            return dict(kind="not-run", cell=index, ename="CellNotRun", evalue="this code cell has no execution count: it never ran")
    return None


def strip_network(page: str) -> str:
    """Drop the CDN scripts nbconvert's template adds (require.js, MathJax).

    Notebook prose uses Unicode math, and plotly.js is inlined, so nothing is lost.
    """
    page = re.sub(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", "", page)
    page = re.sub(r"<link[^>]*\bhref=\"https?://[^\"]*\"[^>]*>", "", page)
    return page


def inject_plotly(page: str) -> str:
    if PLOT_CLASS not in page:
        return page
    js = PLOTLY_JS.read_text(encoding="utf-8").replace("</script", "<\\/script")
    # plotly.js registers itself as an AMD module when `define` exists; hide it so
    # window.Plotly is always set.
    tag = ("<script>(function(){var d=window.define;window.define=undefined;\n" + js +
           "\nwindow.define=d;})();</script>\n")
    return page.replace("</head>", tag + "</head>", 1)


def drop_plotly_json(nb) -> None:
    """Removes the plotly JSON renderings (kept in executed/) before the HTML export.

    The report draws each figure from its text/html rendering; nbconvert never shows the JSON
    one but deep-copies it, millions of small objects: dropping it first makes the same HTML
    three times faster (01_embeddings: 2.3 -> 0.8 s).
    """
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            out.get("data", {}).pop(PLOTLY_MIME, None)


def failure_banner(name: str, message: str) -> str:
    return ('<div style="background:#b00020;color:#fff;padding:1em;font:16px sans-serif" '
            'id="attention-lab-failed"><b>This report FAILED: {}</b><pre style="white-space:pre-wrap">{}</pre></div>'
            .format(html.escape(name), html.escape(message)))


def run_one(path: str, out: str, timeout: int, kernel: str = KERNEL, flush_ms: int = 2000) -> dict:
    import nbformat
    from nbconvert import HTMLExporter

    nb_path = Path(path)
    out_dir = Path(out)
    name = nb_path.stem
    result = {"notebook": nb_path.name, "status": "ok", "error": None, "failure": None, "seconds": 0.0}
    t0 = time.time()
    try:
        nb = nbformat.read(nb_path, as_version=4)
    except Exception as e:  # not JSON, not a notebook
        nb = nbformat.v4.new_notebook()
        failure = dict(kind="invalid-notebook", cell=None, ename=type(e).__name__, evalue=str(e))
    else:
        try:
            failure = execute(nb, nb_path, timeout, kernel, flush_ms)
        except Exception as e:  # anything unforeseen still fails the notebook, loudly
            failure = dict(kind="error", cell=None, ename=type(e).__name__, evalue=str(e))
    result["seconds"] = round(time.time() - t0, 2)
    errors = error_outputs(nb)
    if failure is None and errors:  # e.g. a cell tagged raises-exception
        failure = dict(kind="error-output", cell=errors[0][0], ename="ErrorOutput",
                       evalue=f"an error output is left in the report: {errors[0][1]}")
    if failure is not None:
        where = cell_label(nb, failure["cell"])
        failure["execution_count"] = nb.cells[failure["cell"]].get("execution_count") if failure["cell"] is not None else None
        failure["cell"] = failure["cell"] + 1 if failure["cell"] is not None else None  # 1-based, as people count
        result.update(status="failed", failure=failure, cell=failure["cell"],
                      error=f"{nb_path.name} {where}: {failure['ename']}: {failure['evalue']}")

    (out_dir / "executed").mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_dir / "executed" / nb_path.name)
    drop_plotly_json(nb)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    body = inject_plotly(strip_network(body))
    ok_path, failed_path = out_dir / f"{name}.html", out_dir / f"{name}.FAILED.html"
    if result["status"] == "ok":
        failed_path.unlink(missing_ok=True)
        target = ok_path
    else:
        ok_path.unlink(missing_ok=True)  # never leave an old success in place of a failure
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + failure_banner(nb_path.name, result["error"]), body, count=1)
        target = failed_path
    target.write_text(body, encoding="utf-8")
    result["report"] = target.name
    result["bytes"] = target.stat().st_size
    result["plots"] = body.count(f'class="{PLOT_CLASS}"')
    return result


def write_index(out_dir: Path, results: list[dict]) -> None:
    rows = "\n".join(
        '<tr><td><a href="{r}">{nb}</a></td><td class="{s}">{s}</td><td>{sec:.1f} s</td><td>{mb:.1f} MB</td><td>{p}</td><td>{e}</td></tr>'.format(
            r=html.escape(x["report"]), nb=html.escape(x["notebook"]), s=x["status"], sec=x["seconds"],
            mb=x["bytes"] / 1e6, p=x["plots"], e=html.escape(x["error"] or ""))
        for x in results)
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>attention-lab reports</title>
<style>body{{font:15px sans-serif;margin:2em}}td,th{{padding:.3em .8em;text-align:left}}.ok{{color:#0a0}}.failed{{color:#b00020;font-weight:bold}}</style>
</head><body><h1>attention-lab reports</h1>
<p>Each notebook executed top to bottom on the TypeScript kernel (tslab, tfjs-node).</p>
<table><tr><th>notebook</th><th>status</th><th>time</th><th>size</th><th>plots</th><th>error</th></tr>
{rows}
</table></body></html>
"""
    (out_dir / "index.html").write_text(page, encoding="utf-8")


def previous_seconds(out_dir: Path) -> dict[str, float]:
    """Each notebook's time in the last summary.json written to out_dir, if any."""
    try:
        summary = json.loads((out_dir / "summary.json").read_text())
        return {r["notebook"]: float(r["seconds"]) for r in summary["notebooks"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*")
    ap.add_argument("--out", default=str(ROOT / "reports"))
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("CELL_TIMEOUT", "180")))
    # One more kernel than cores: a notebook waits on its kernel, on nbclient and on the HTML
    # export part of the time, and a third notebook fills those gaps (2 cores: 62 s -> 54 s).
    ap.add_argument("--jobs", type=int, default=(os.cpu_count() or 1) + 1)
    ap.add_argument("--kernel", default=KERNEL, help="the kernel every notebook must name (default: %(default)s)")
    ap.add_argument("--flush-ms", type=int, default=2000,
                    help="after the last cell, wait at most this long for timers the cells started (default: %(default)s)")
    args = ap.parse_args(argv)
    paths = args.notebooks or sorted(str(p) for p in (ROOT / "notebooks").glob("*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    if not PLOTLY_JS.exists():
        print(f"missing {PLOTLY_JS}: run npm install", file=sys.stderr)
        return 1
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    jobs = max(1, min(args.jobs, len(paths)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        # Longest first (by the last run in this folder, else in reports/), so that no long
        # notebook starts last while the other cores sit idle.
        last = previous_seconds(out_dir) or previous_seconds(ROOT / "reports")
        order = sorted(paths, key=lambda p: -last.get(Path(p).name, 0.0))
        futures = {p: pool.submit(run_one, p, str(out_dir), args.timeout, args.kernel, args.flush_ms) for p in order}
        results = []
        for f in (futures[p] for p in paths):
            r = f.result()
            results.append(r)
            mark = "ok    " if r["status"] == "ok" else "FAILED"
            print(f"{mark} {r['notebook']:<40} {r['seconds']:6.1f} s  {r['bytes'] / 1e6:5.1f} MB  {r['plots']} plots"
                  + (f"\n       {r['error']}" if r["error"] else ""), flush=True)
    write_index(out_dir, results)
    total = round(time.time() - t0, 2)
    (out_dir / "summary.json").write_text(json.dumps({"seconds": total, "notebooks": results}, indent=1))
    failed = [r for r in results if r["status"] != "ok"]
    print(f"{len(results) - len(failed)} of {len(results)} notebooks ok in {total:.1f} s; reports in {out_dir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
