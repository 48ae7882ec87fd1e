"""Execute every notebook top to bottom and export self-contained HTML reports.

    .venv/bin/python scripts/reports.py [--out reports] [--timeout 180] [--jobs 2] [NOTEBOOK ...]

Writes <out>/<name>.html, <out>/executed/<name>.ipynb, <out>/index.html and
<out>/summary.json. A notebook fails when any cell errors, times out, or leaves
an error output; its report is then written as <name>.FAILED.html with a banner
naming the cell, any earlier successful report of the same name is removed, and
the exit code is 1. Reports carry plotly.js once, inline, and no network
references, so they open from disk offline.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "tslab"
PLOT_CLASS = "attention-lab-plot"  # src/display.ts marks every figure with it
PLOTLY_JS = ROOT / "node_modules" / "plotly.js-dist-min" / "plotly.min.js"


def error_outputs(nb) -> list[tuple[int, str]]:
    """(cell index, text) of every error output left in an executed notebook."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append((i, f"{out.get('ename', '')}: {out.get('evalue', '')}"))
    return found


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


def failure_banner(name: str, message: str) -> str:
    return ('<div style="background:#b00020;color:#fff;padding:1em;font:16px sans-serif" '
            'id="attention-lab-failed"><b>This report FAILED: {}</b><pre style="white-space:pre-wrap">{}</pre></div>'
            .format(html.escape(name), html.escape(message)))


def run_one(path: str, out: str, timeout: int) -> dict:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from nbconvert import HTMLExporter

    nb_path = Path(path)
    out_dir = Path(out)
    name = nb_path.stem
    nb = nbformat.read(nb_path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    result = {"notebook": nb_path.name, "status": "ok", "error": None, "seconds": 0.0}
    t0 = time.time()
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel or KERNEL, allow_errors=False,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(nb_path.parent)}})
    try:
        if kernel != KERNEL:
            raise RuntimeError(f"kernelspec is {kernel!r}, expected {KERNEL!r} (the project's TypeScript kernel)")
        client.execute()
    except CellTimeoutError as e:
        result.update(status="failed", error=f"cell timed out after {timeout} s: {e}")
    except CellExecutionError as e:
        result.update(status="failed", error=str(e))
    except DeadKernelError as e:
        result.update(status="failed", error=f"kernel died: {e}")
    except Exception as e:  # missing kernel, bad JSON, ...
        result.update(status="failed", error=f"{type(e).__name__}: {e}")
    result["seconds"] = round(time.time() - t0, 2)
    errors = error_outputs(nb)
    if result["status"] == "ok" and errors:
        result.update(status="failed", error="error output in cell {}: {}".format(*errors[0]))
    if result["status"] == "failed":
        cell = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(
            o.get("output_type") == "error" or o.get("name") == "stderr" for o in c.get("outputs", []))), None)
        result["cell"] = cell
        result["error"] = (f"cell {cell}: " if cell is not None else "") + (result["error"] or "")

    (out_dir / "executed").mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_dir / "executed" / nb_path.name)
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*")
    ap.add_argument("--out", default=str(ROOT / "reports"))
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("CELL_TIMEOUT", "180")))
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
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
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_one, p, str(out_dir), args.timeout) for p in paths]
        results = []
        for f in futures:
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
