#!/usr/bin/env node
// `npm run test:browser`: JupyterLab driven in Debian's chromium (test/browser/lab.browser.ts),
// with the same offline guard as `npm test`. About 3 to 4 minutes on 2 cores, so it is not
// part of `npm test`; .ci/run runs both.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const res = spawnSync(process.execPath, [path.join(here, 'test.mjs'), '--browser'], { stdio: 'inherit' });
process.exit(res.status ?? 1);
