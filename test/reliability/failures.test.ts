// No silent failures: every way a notebook can fail makes `npm run reports` exit 1 and
// name the notebook and the cell, the report is written as <name>.FAILED.html with a
// banner, and an older successful report of the same notebook is removed. One fixture
// notebook per kind lives in test/fixtures/ (made by test/fixtures/make_fixtures.py).
// Everything runs in a temporary folder with a short cell timeout: reports/ is never touched.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { FIXTURES, blockNetwork, launchChromium, runReports, scratchProject, type ReportsRun } from './_helpers';

const TIMEOUT_S = 5; // cell timeout for the failing fixtures (none of them imports src/)

// kind, failing cell (1-based, markdown counted), and what the message must say.
const EXPECTED: Record<string, { kind: string; cell: number | null; message: RegExp[] }> = {
  'thrown_error.ipynb': { kind: 'error', cell: 3, message: [/cell 3 \(In \[2\]\): Error: fixture: thrown error/] },
  'type_error.ipynb': {
    kind: 'type-error',
    cell: 3,
    message: [/cell 3 \(In \[2\]\): TSError: Type 'string' is not assignable to type 'number'\. \(line 1, column 7\)/],
  },
  'unhandled_rejection.ipynb': {
    kind: 'unhandled-rejection',
    cell: 4,
    message: [
      /cell 4 \(In \[3\]\): UnhandledPromiseRejection: a promise rejected and nobody handled it \(started by cell In \[2\]\): Error: fixture: late rejection/,
    ],
  },
  'timer_error.ipynb': {
    kind: 'uncaught-exception',
    cell: 3,
    message: [
      /cell 3 \(In \[2\]\): UncaughtException: an error was thrown in a timer or callback \(started by cell In \[2\]\): Error: fixture: thrown in a timer \(after the last cell finished\)/,
    ],
  },
  'timeout.ipynb': {
    kind: 'timeout',
    cell: 3,
    message: [
      new RegExp(
        `cell 3 \\(In \\[2\\]\\): CellTimeoutError: the cell ran longer than the ${TIMEOUT_S} s timeout; the kernel was interrupted`,
      ),
    ],
  },
  'timeout_stuck.ipynb': {
    kind: 'timeout',
    cell: 2,
    message: [
      new RegExp(`cell 2 \\(In \\[1\\]\\): CellTimeoutError: the cell ran longer than the ${TIMEOUT_S} s timeout`),
    ],
  },
  'dead_kernel.ipynb': {
    kind: 'dead-kernel',
    cell: 3,
    message: [/cell 3 \(In \[2\]\): DeadKernelError: the kernel process died while this cell ran \(exit code 3\)/],
  },
  'misnamed_kernel.ipynb': {
    kind: 'kernelspec',
    cell: null,
    message: [/before the first cell: KernelspecMismatch: the notebook's kernelspec is 'typescript', expected 'tslab'/],
  },
  'missing_kernelspec.ipynb': {
    kind: 'kernelspec',
    cell: null,
    message: [
      /before the first cell: KernelspecMissing: the notebook has no kernelspec in its metadata; expected 'tslab'/,
    ],
  },
  'error_output.ipynb': {
    kind: 'error-output',
    cell: 2,
    message: [
      /cell 2 \(In \[1\]\): ErrorOutput: an error output is left in the report: Error: fixture: allowed to raise/,
    ],
  },
};

let project: ReturnType<typeof scratchProject>;
let good: ReportsRun; // escape.ipynb and stale.ipynb (a passing notebook)
let bad: ReportsRun; // every failing fixture, and stale.ipynb replaced by a failing one
let browser: Browser;

function copyFixture(name: string, as = name, edit?: (nb: { metadata: Record<string, unknown> }) => void): string {
  const nb = JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
  edit?.(nb);
  const dest = path.join(project.nb, as);
  fs.writeFileSync(dest, JSON.stringify(nb));
  return dest;
}

before(async () => {
  project = scratchProject('failures');
  const stale = copyFixture('error_output.ipynb', 'stale.ipynb', (nb) => {
    // the same notebook without its raising cell: passes
    (nb as unknown as { cells: Array<{ metadata: { tags?: string[] } }> }).cells.splice(1, 1);
  });
  good = runReports([copyFixture('escape.ipynb'), stale], project.out);
  assert.equal(good.status, 0, `the passing fixtures failed:\n${good.stdout}\n${good.stderr}`);
  assert.ok(fs.existsSync(path.join(project.out, 'stale.html')));
  copyFixture('thrown_error.ipynb', 'stale.ipynb');
  const failing = Object.keys(EXPECTED).map((n) => copyFixture(n));
  bad = runReports([...failing, stale], project.out, ['--timeout', String(TIMEOUT_S)]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  project?.cleanup();
});

describe('every kind of failure fails `npm run reports`, naming the notebook and the cell', () => {
  test('exit code 1, one FAILED line per notebook', () => {
    assert.equal(bad.status, 1, bad.stdout + bad.stderr);
    assert.match(bad.stdout, new RegExp(`0 of ${Object.keys(EXPECTED).length + 1} notebooks ok`));
  });

  for (const [name, want] of Object.entries(EXPECTED)) {
    test(`${name}: ${want.kind}`, () => {
      const r = bad.results.get(name);
      assert.ok(r, `${name} missing from summary.json`);
      assert.equal(r.status, 'failed');
      assert.ok(r.failure);
      assert.equal(r.failure.kind, want.kind, r.error ?? '');
      assert.equal(r.failure.cell, want.cell, r.error ?? '');
      for (const m of want.message) {
        assert.match(r.error ?? '', m);
        assert.match(bad.stdout, m, 'the console line names it too');
      }
      assert.ok((r.error ?? '').startsWith(`${name} `), 'the message starts with the notebook');
      assert.match(bad.stdout, new RegExp(`FAILED ${name.replace('.', '\\.')}`));
      // The report says FAILED, and no success report is left.
      const stem = name.replace(/\.ipynb$/, '');
      assert.equal(r.report, `${stem}.FAILED.html`);
      assert.ok(!fs.existsSync(path.join(project.out, `${stem}.html`)));
      const html = fs.readFileSync(path.join(project.out, r.report), 'utf8');
      assert.match(html, /id="attention-lab-failed"/);
      // The failing cell shows the error in the executed notebook (and so in the report).
      if (want.cell !== null) {
        const executed = JSON.parse(fs.readFileSync(path.join(project.out, 'executed', name), 'utf8'));
        const outputs = executed.cells[want.cell - 1].outputs as Array<{ output_type: string; ename?: string }>;
        const ename = want.kind === 'error-output' ? 'Error' : r.failure.ename;
        assert.ok(
          outputs.some((o) => o.output_type === 'error' && o.ename === ename),
          `cell ${want.cell} has no ${ename} error output: ${JSON.stringify(outputs)}`,
        );
      }
    });
  }

  test('a failing cell stops the notebook: later cells do not run', () => {
    const executed = JSON.parse(fs.readFileSync(path.join(project.out, 'executed', 'thrown_error.ipynb'), 'utf8'));
    assert.equal(executed.cells[3].execution_count, null);
    assert.deepEqual(executed.cells[3].outputs, []);
    assert.equal(executed.cells[1].execution_count, 1, 'execution counts are filled in');
    assert.equal(executed.cells[2].execution_count, 2);
  });

  test('a cell allowed to raise does not abort the next one (stop_on_error: false is honoured)', () => {
    const executed = JSON.parse(fs.readFileSync(path.join(project.out, 'executed', 'error_output.ipynb'), 'utf8'));
    const text = executed.cells[2].outputs.map((o: { text?: string }) => o.text ?? '').join('');
    assert.match(text, /runs after the allowed error/);
  });

  test('a timeout fails within the timeout plus a few seconds, even when the cell ignores the interrupt', () => {
    for (const name of ['timeout.ipynb', 'timeout_stuck.ipynb']) {
      const r = bad.results.get(name)!;
      assert.ok(r.seconds < TIMEOUT_S + 15, `${name} took ${r.seconds} s`);
    }
  });

  test('a failing run replaces an older successful report of the same notebook', () => {
    const r = bad.results.get('stale.ipynb')!;
    assert.equal(r.status, 'failed');
    assert.ok(!fs.existsSync(path.join(project.out, 'stale.html')), 'stale.html (the old success) is gone');
    assert.ok(fs.existsSync(path.join(project.out, 'stale.FAILED.html')));
    const index = fs.readFileSync(path.join(project.out, 'index.html'), 'utf8');
    assert.match(index, /stale\.FAILED\.html/);
    assert.doesNotMatch(index, /href="stale\.html"/);
  });
});

describe('kernels that are not there', () => {
  test('a kernel that is not installed, and one that dies at start, fail naming the notebook', () => {
    const missing = copyFixture('thrown_error.ipynb', 'kernel_not_installed.ipynb', (nb) => {
      nb.metadata.kernelspec = {
        name: 'attention-lab-no-such-kernel',
        display_name: 'TypeScript',
        language: 'typescript',
      };
    });
    const r1 = runReports([missing], path.join(project.dir, 'out-missing'), [
      '--kernel',
      'attention-lab-no-such-kernel',
    ]);
    assert.equal(r1.status, 1);
    const m = r1.results.get('kernel_not_installed.ipynb')!;
    assert.equal(m.failure?.kind, 'kernel-missing');
    assert.match(
      m.error ?? '',
      /^kernel_not_installed\.ipynb before the first cell: NoSuchKernel: no kernel named 'attention-lab-no-such-kernel' is installed/,
    );

    // A kernelspec whose process exits at once (as when node_modules/tslab is missing).
    const specDir = path.join(project.dir, 'jupyter', 'kernels', 'attention-lab-broken');
    fs.mkdirSync(specDir, { recursive: true });
    fs.writeFileSync(
      path.join(specDir, 'kernel.json'),
      JSON.stringify({
        argv: [process.execPath, '-e', 'process.exit(7)', '{connection_file}'],
        display_name: 'Broken',
        language: 'typescript',
      }),
    );
    const broken = copyFixture('thrown_error.ipynb', 'kernel_broken.ipynb', (nb) => {
      nb.metadata.kernelspec = { name: 'attention-lab-broken', display_name: 'Broken', language: 'typescript' };
    });
    const r2 = runReports([broken], path.join(project.dir, 'out-broken'), ['--kernel', 'attention-lab-broken'], {
      JUPYTER_PATH: path.join(project.dir, 'jupyter'),
    });
    assert.equal(r2.status, 1);
    const b = r2.results.get('kernel_broken.ipynb')!;
    assert.equal(b.failure?.kind, 'kernel-start', b.error ?? '');
    assert.match(
      b.error ?? '',
      /^kernel_broken\.ipynb before the first cell: KernelStartError: the kernel 'attention-lab-broken' failed to start/,
    );
  });
});

describe('reports escape the text they embed', () => {
  test('escape.ipynb passes', () => {
    const r = good.results.get('escape.ipynb')!;
    assert.equal(r.status, 'ok', r.error ?? '');
    assert.equal(r.plots, 1);
  });

  test('text that looks like HTML or </script> shows as text, breaks nothing and runs nothing', async () => {
    const page = await browser.newPage();
    const blocked = await blockNetwork(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(path.join(project.out, 'escape.html')).href, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('.attention-lab-plot .main-svg'), undefined, {
      timeout: 30_000,
    });
    assert.equal(
      await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
      undefined,
      'injected script ran',
    );
    const text = await page.evaluate(() => document.body.innerText);
    assert.ok(
      text.includes('</script><script>window.__pwned = 1</script><b>not bold</b> & <!-- not a comment -->'),
      'stdout shown verbatim',
    );
    assert.ok(text.includes('stderr: </script><img src=x onerror="window.__pwned = 2">'), 'stderr shown verbatim');
    assert.ok(text.includes('<img src=x onerror="window.__pwned = 4">'), 'table label shown verbatim');
    assert.ok(text.includes('<script>window.__pwned = 5</script>'), 'comparison label shown verbatim');
    assert.ok(text.includes("'</script><script>window.__pwned = 6</script>'"), 'last-expression value shown verbatim');
    assert.equal(await page.$$eval('img', (els) => els.length), 0, 'an <img> from output text became an element');
    // the plot drew, with the label as its title and a y tick
    const title = await page.$eval('.attention-lab-plot .gtitle', (el) => el.textContent);
    assert.equal(title, '</script><script>window.__pwned = 3</script>');
    assert.deepEqual(errors, []);
    assert.deepEqual(blocked, []);
    await page.close();
  });

  test('the FAILED banner and index.html show an error message with HTML as text', async () => {
    for (const file of ['thrown_error.FAILED.html', 'index.html']) {
      const page = await browser.newPage();
      await blockNetwork(page);
      await page.goto(pathToFileURL(path.join(project.out, file)).href, { waitUntil: 'load' });
      assert.equal(
        await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
        undefined,
        `${file}: injected`,
      );
      assert.ok(
        (await page.evaluate(() => document.body.innerText)).includes(
          'fixture: thrown error <img src=x onerror="window.__pwned = 1">',
        ),
        file,
      );
      assert.equal(await page.$$eval('img', (els) => els.length), 0, `${file}: an <img> element was created`);
      await page.close();
    }
  });
});
