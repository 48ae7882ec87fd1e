#!/usr/bin/env node
// `npm run lab`: JupyterLab on 127.0.0.1 with the project's TypeScript kernel, notebooks/ open.
// Extra arguments go to `jupyter lab`, e.g. `npm run lab -- --port 9999`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, venvBin, jupyterEnv } from './env.mjs';

if (!fs.existsSync(venvBin('jupyter'))) {
  console.error('lab: .venv is missing. Run `npm install` first (it creates .venv with JupyterLab).');
  process.exit(1);
}
const args = [
  'lab',
  '--ip=127.0.0.1',
  '--no-browser',
  `--ServerApp.root_dir=${path.join(ROOT, 'notebooks')}`,
  '--MappingKernelManager.default_kernel_name=tslab',
  // Offline: no news feed, no update check (unless the caller sets them).
  ...['--LabApp.news_url=None', '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'].filter(
    (opt) => !process.argv.some((a) => a.startsWith(opt.split('=')[0])),
  ),
  // Jupyter refuses to start as root (containers, CI) unless told it may.
  ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
  ...process.argv.slice(2),
];
const child = spawn(venvBin('jupyter'), args, { cwd: ROOT, stdio: 'inherit', env: jupyterEnv() });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
