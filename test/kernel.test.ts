// The TypeScript kernel as notebooks use it: `import ... from './src/index'`
// compiles src/ live, so after an edit to src/ re-running the import cell picks
// up the new code (no stale compiled copy), and figures go out as one bundle; the
// compile cache (kernels/compile-cache.cjs) never hides a type error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runCells } from './helpers/kernel';

const ROOT = path.resolve(__dirname, '..');

test('the kernel runs on tfjs-node, imports src/ live, and sends plots as one bundle', () => {
  const probe = path.join(ROOT, 'src', '__reload_probe.ts');
  const write = (v: number) =>
    `require('fs').writeFileSync(${JSON.stringify(probe)}, 'export const probe = ${v};\\n');`;
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
    assert.equal(r[5].errors[0]?.ename, 'TSError', 'as an error output (kernels/kernel.cjs)');
    assert.match(r[5].errors[0]?.evalue ?? '', /not assignable to type 'number'/);
  } finally {
    fs.rmSync(probe, { force: true });
  }
});

// The kernel's sockets (kernels/kernel.cjs): it reads no request before every socket
// is bound, a bind that fails stops it with the address, and ipc transport works.
test('a request that arrives while a socket is still binding waits for it (nothing fails)', () => {
  const slowBind = path.join(ROOT, 'test', 'fixtures', 'slow_bind.cjs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-slow-bind-'));
  const mark = path.join(dir, 'slowed');
  const env = {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require "${slowBind}"`.trim(),
    ATTENTION_LAB_SLOW_BIND_MARK: mark,
  };
  try {
    const [first] = runCells(["console.log('first cell', 6 * 7);"], { env });
    assert.ok(fs.existsSync(mark), 'the fixture slowed the iopub bind');
    assert.equal(first.status, 'ok', JSON.stringify(first.errors));
    assert.equal(first.stdout.trim(), 'first cell 42');
    assert.equal(first.stderr, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a port taken by another process: the kernel exits, naming the channel and the address', async () => {
  const listen = () =>
    new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => resolve(server));
      server.on('error', reject);
    });
  const servers = await Promise.all([0, 1, 2, 3, 4].map(listen));
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  const [taken, ...free] = servers;
  await Promise.all(free.map((s) => new Promise((resolve) => s.close(resolve))));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-port-'));
  const config = path.join(dir, 'kernel.json');
  const [shell, iopub, control, stdin, hb] = ports;
  fs.writeFileSync(
    config,
    JSON.stringify({
      transport: 'tcp',
      ip: '127.0.0.1',
      key: 'k',
      signature_scheme: 'hmac-sha256',
      shell_port: shell,
      iopub_port: iopub,
      control_port: control,
      stdin_port: stdin,
      hb_port: hb,
    }),
  );
  try {
    const res = spawnSync(process.execPath, [path.join(ROOT, 'kernels', 'kernel.cjs'), '--config-path', config], {
      cwd: path.join(ROOT, 'notebooks'),
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(res.status, 1, `the kernel exits with 1 (stderr: ${res.stderr})`);
    assert.match(
      res.stderr,
      new RegExp(
        `cannot listen on the shell channel at tcp://127\\.0\\.0\\.1:${shell}: Address already in use\\. Another process took the port .*start a new one`,
      ),
    );
  } finally {
    taken.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('ipc transport: the kernel listens where jupyter_client connects (ipc://<ip>-<port>)', () => {
  const [cell] = runCells(['console.log(6 * 7);'], { transport: 'ipc' });
  assert.equal(cell.status, 'ok', JSON.stringify(cell.errors));
  assert.equal(cell.stdout.trim(), '42');
});

// kernels/compile-cache.cjs: imported files are checked once per content and transpiled on
// their own. What must not change: their type errors are reported every time, a cell is
// still checked against their types, and an edit is checked again.
test('the compile cache remembers only clean checks, and an edit is checked again', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-compile-cache-'));
  const cache = path.join(dir, 'cache');
  const mod = path.join(dir, 'mod.ts');
  const writeMod = (text: string) => `require('fs').writeFileSync(${JSON.stringify(mod)}, ${JSON.stringify(text)});`;
  const checks = () => (fs.existsSync(cache) ? fs.readdirSync(cache).filter((f) => f.startsWith('check-')) : []);
  const env = { ATTENTION_LAB_KERNEL_CACHE: cache };
  fs.writeFileSync(mod, "export const wrong: number = 'x';\nexport const b = 1;\n");
  // A const enum from a .d.ts: only a whole-program emit (tslab's) can inline it, so files
  // outside src/ must not be transpiled one by one.
  fs.writeFileSync(path.join(dir, 'enums.d.ts'), 'export declare const enum Level { High = 3 }\n');
  fs.writeFileSync(path.join(dir, 'level.ts'), "import { Level } from './enums';\nexport const high = Level.High;\n");
  try {
    const first = runCells(
      [
        "import { b } from './mod';\nconsole.log('b', b);",
        "import { b } from './mod';\nconsole.log('b', b);",
        writeMod('export const b = 1;\nexport function twice(x: number): number { return 2 * x; }\n'),
        "import { b, twice } from './mod';\nconsole.log('twice', twice(b));",
        "import { high } from './level';\nconsole.log('high', high);",
      ],
      { cwd: dir, env },
    );
    assert.equal(first[4].stdout.trim(), 'high 3', JSON.stringify(first[4].errors));
    for (const i of [0, 1]) {
      assert.equal(first[i].errors[0]?.ename, 'TSError', `run ${i + 1}: an error in an imported file fails the cell`);
      assert.match(first[i].errors[0]?.evalue ?? '', /not assignable to type 'number'/);
    }
    assert.equal(first[3].status, 'ok', JSON.stringify(first[3].errors));
    assert.equal(first[3].stdout.trim(), 'twice 2');
    const remembered = checks().length;
    assert.ok(remembered >= 1, 'clean checks are remembered');
    assert.ok(!fs.readdirSync(cache).some((f) => f.startsWith('js-')), 'only src/ files are transpiled on their own');

    const second = runCells(
      [
        "import { twice } from './mod';\nconst s: string = twice(1);",
        "import { b, twice } from './mod';\nconsole.log('twice', twice(b));",
        writeMod('export const b = 1;\nexport function twice(x: number): string { return 2 * x; }\n'),
        "import { b, twice } from './mod';\nconsole.log('twice', twice(b));",
      ],
      { cwd: dir, env },
    );
    assert.equal(second[0].errors[0]?.ename, 'TSError', 'a cell is checked against the cached module types');
    assert.match(second[0].errors[0]?.evalue ?? '', /'number' is not assignable to type 'string'/);
    assert.equal(second[1].stdout.trim(), 'twice 2');
    assert.equal(
      checks().length,
      remembered,
      'the same files hit a remembered check; failed checks are not remembered',
    );
    assert.equal(second[3].errors[0]?.ename, 'TSError', 'an edited file is checked again');
    assert.match(second[3].errors[0]?.evalue ?? '', /'number' is not assignable to type 'string'/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('src/ transpiles file by file: tsconfig keeps isolatedModules on', () => {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  assert.equal(
    config.compilerOptions.isolatedModules,
    true,
    'the kernel transpiles imported files on their own (kernels/compile-cache.cjs)',
  );
});
