// The TypeScript kernel as notebooks use it: `import ... from './src/index'`
// compiles src/ live, so after an edit to src/ re-running the import cell picks
// up the new code (no stale compiled copy), and figures go out as one bundle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');

interface CellResult {
  status: string;
  stdout: string;
  stderr: string;
  display: string[][];
  errors: Array<{ ename: string; evalue: string }>;
}

function runCells(cells: string[]): CellResult[] {
  const res = spawnSync(PYTHON, [path.join(ROOT, 'test', 'kernel_client.py')], {
    cwd: ROOT,
    input: JSON.stringify({ cells, cwd: path.join(ROOT, 'notebooks') }),
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PATH: `${path.join(ROOT, '.venv', 'bin')}:${process.env.PATH}`, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  assert.equal(res.status, 0, `kernel client failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
}

test('the kernel runs on tfjs-node, imports src/ live, and sends plots as one bundle', () => {
  const probe = path.join(ROOT, 'src', '__reload_probe.ts');
  const write = (v: number) => `require('fs').writeFileSync(${JSON.stringify(probe)}, 'export const probe = ${v};\\n');`;
  fs.writeFileSync(probe, 'export const probe = 1;\n');
  try {
    const r = runCells([
      "import { describeBackend, showFigure, heatmap } from './src/index';\nconsole.log(describeBackend());",
      "import { probe } from './src/__reload_probe';\nconsole.log('probe', probe);",
      write(2),
      "import { probe } from './src/__reload_probe';\nconsole.log('probe', probe);",
      'showFigure(heatmap([[1, 2], [3, 4]]));',
      "const n: number = 'not a number';",
    ]);
    assert.match(r[0].stdout, /backend 'tensorflow'/);
    assert.equal(r[1].stdout.trim(), 'probe 1');
    assert.equal(r[3].stdout.trim(), 'probe 2', 're-running the import cell uses the edited src/');
    assert.deepEqual(r[4].display, [['application/vnd.plotly.v1+json', 'text/html', 'text/plain']]);
    assert.equal(r[5].status, 'error', 'a type error fails the cell');
    assert.equal(r[5].errors[0]?.ename, 'TSError', 'as an error output (kernels/tslab-kernel.cjs)');
    assert.match(r[5].errors[0]?.evalue ?? '', /not assignable to type 'number'/);
  } finally {
    fs.rmSync(probe, { force: true });
  }
});
