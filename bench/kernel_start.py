"""Case 5 of `npm run bench`: how long a fresh TypeScript kernel takes before a notebook's
cells can run. Prints one JSON line: seconds to a ready kernel (`ready`) and seconds for the
first cell every notebook starts with, the `import ... from './src/index'` that loads
tfjs-node and compiles src/ (`importCell`). Run with .venv's python from the repository root.
"""
import json
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parent.parent
IMPORT_CELL = "import { tf, describeBackend } from './src/index';\nconsole.log(describeBackend());"

t0 = time.perf_counter()
km, kc = start_new_kernel(kernel_name="tslab", cwd=str(ROOT / "notebooks"), startup_timeout=120)
ready = time.perf_counter() - t0
try:
    t1 = time.perf_counter()
    reply = kc.execute_interactive(IMPORT_CELL, timeout=180, output_hook=lambda msg: None)
    import_cell = time.perf_counter() - t1
    if reply["content"]["status"] != "ok":
        raise SystemExit(f"import cell failed: {reply['content']}")
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps({"ready": round(ready, 3), "importCell": round(import_cell, 3)}))
