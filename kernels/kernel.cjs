#!/usr/bin/env node
// attention-lab's TypeScript kernel. kernels/tslab/kernel.json starts this file.
//   kernel.cjs --config-path <connection file>     serve Jupyter (the front end starts it)
//   kernel.cjs --warm-compile-cache <notebooks/>   check and cache src/, then exit (npm install)
// tslab (pinned, patched at install: kernels/tslab-patch.cjs) compiles each cell against
// the earlier cells; everything else is this folder's (README.md says which file does what).
'use strict';

const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TSLAB = path.join(ROOT, 'node_modules', 'tslab');
const realStderrWrite = process.stderr.write.bind(process.stderr);
const log = (text) => realStderrWrite(`attention-lab kernel: ${text}\n`);
function die(message) {
  log(message);
  process.exit(1);
}

const patch = require('./tslab-patch.cjs');
let tslabVersion;
try {
  tslabVersion = require(path.join(TSLAB, 'package.json')).version;
} catch {
  die(`tslab is not installed in ${TSLAB}: run \`npm install\` in ${ROOT}`);
}
if (tslabVersion !== patch.TSLAB_VERSION)
  die(
    `tslab ${tslabVersion} found, this kernel is built on tslab ${patch.TSLAB_VERSION} (package.json pins it): run \`npm install\``,
  );
if (!patch.isApplied(TSLAB))
  die(
    `tslab's converter is not patched for this kernel: run \`npm install\` in ${ROOT} (or \`node kernels/tslab-patch.cjs\`)`,
  );

const converterModule = require(path.join(TSLAB, 'dist', 'converter.js'));
const ts = require(require.resolve('@tslab/typescript-for-tslab', { paths: [TSLAB] }));

// ---- `--warm-compile-cache <folder>`: fill the compile cache, no kernel ---------------
const warmIndex = process.argv.indexOf('--warm-compile-cache');
if (warmIndex >= 0) {
  const dir = path.resolve(process.argv[warmIndex + 1] || '.');
  process.chdir(dir);
  const t0 = Date.now();
  const converter = converterModule.createConverter({});
  const out = converter.convert('', 'import * as attentionLab from "./src/index";\n');
  converter.close();
  if (out.diagnostics.length > 0) {
    die(
      `src/ does not type-check, nothing cached:\n${out.diagnostics.map((d) => `  ${d.fileName ?? ''} ${d.messageText}`).join('\n')}`,
    );
  }
  process.stdout.write(
    `compile cache: ${(out.sideOutputs ?? []).length} modules of ${dir}/src checked and transpiled in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  process.exit(0);
}

// ---- serve ------------------------------------------------------------------------
const configIndex = process.argv.indexOf('--config-path');
const configPath = configIndex >= 0 ? process.argv[configIndex + 1] : '';
if (!configPath) die('usage: kernel.cjs --config-path <connection file>');

const { createExecutor } = require('./execute.cjs');
const { createCompletion } = require('./complete.cjs');
const { KernelServer } = require('./server.cjs');

const converter = converterModule.createConverter({ isJS: false, isBrowser: false });
const executor = createExecutor({ converter, rootDir: process.cwd(), tslabDir: TSLAB, ts });
const completion = createCompletion({ executor, tslabDir: TSLAB, ts, log });
const info = {
  implementation: 'attention-lab',
  implementation_version: require(path.join(ROOT, 'package.json')).version,
  language_info: {
    name: 'typescript',
    version: ts.version,
    mimetype: 'text/typescript',
    file_extension: '.ts',
    // JupyterLab reads `name`, the classic notebook `name` + `typescript` (tslab's finding).
    codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true },
  },
  banner: `TypeScript ${ts.version} on Node ${process.versions.node}, compiled by tslab ${tslabVersion} (attention-lab kernel)`,
  help_links: [
    { text: 'tslab', url: 'https://github.com/yunabe/tslab' },
    { text: 'TypeScript', url: 'https://www.typescriptlang.org/docs/' },
  ],
};
const server = new KernelServer({
  configPath,
  executor,
  completion,
  info,
  log,
  die,
  tslabJupyter: require(path.join(TSLAB, 'dist', 'jupyter.js')),
});

process.on('SIGINT', () => executor.interrupt());
process.on('uncaughtException', (err) => executor.onAsyncError('exception', err));
process.on('unhandledRejection', (reason) => executor.onAsyncError('rejection', reason));
server.start();
