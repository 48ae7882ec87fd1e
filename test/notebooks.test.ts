// Every notebook executed top to bottom (as `npm run reports` does), then each
// HTML report opened from disk in headless Chromium with the network blocked:
// no error output, every plot drawn with its traces, and a screenshot saved
// under reports/screenshots/ for people to look at.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..');
const REPORTS = path.join(ROOT, 'reports');
const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, 'notebooks'))
  .filter((f) => f.endsWith('.ipynb'))
  .sort();
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p) => p && fs.existsSync(p),
);

interface Summary {
  notebooks: Array<{
    notebook: string;
    status: string;
    error: string | null;
    report: string;
    plots: number;
    seconds: number;
  }>;
}

let summary: Summary;
let browser: Browser;

before(async () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'reports.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 600_000,
  });
  process.stdout.write(run.stdout);
  if (run.status !== 0) process.stderr.write(run.stderr);
  summary = JSON.parse(fs.readFileSync(path.join(REPORTS, 'summary.json'), 'utf8'));
  assert.ok(
    CHROMIUM,
    "Chromium not found: install Debian's chromium package (npm install does it when run as root) or set CHROMIUM_PATH",
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

describe('notebooks', () => {
  test('there are notebooks and every one was executed', () => {
    assert.ok(NOTEBOOKS.length > 0);
    assert.deepEqual(summary.notebooks.map((n) => n.notebook).sort(), NOTEBOOKS);
  });

  test('reports/index.html links every report', () => {
    const index = fs.readFileSync(path.join(REPORTS, 'index.html'), 'utf8');
    for (const r of summary.notebooks)
      assert.ok(index.includes(`href="${r.report}"`), `index.html does not link ${r.report}`);
  });

  for (const nb of NOTEBOOKS) {
    describe(nb, () => {
      test('runs top to bottom with no error', () => {
        const r = summary.notebooks.find((n) => n.notebook === nb);
        assert.ok(r, `${nb} missing from reports/summary.json`);
        assert.equal(r.status, 'ok', `${nb} failed: ${r.error}`);
      });

      test('every code cell ran and nothing went to stderr', () => {
        const executed = JSON.parse(fs.readFileSync(path.join(REPORTS, 'executed', nb), 'utf8'));
        const code = executed.cells.filter((c: { cell_type: string }) => c.cell_type === 'code');
        assert.ok(code.length > 0);
        for (const [i, c] of code.entries()) {
          for (const o of c.outputs) {
            assert.notEqual(o.output_type, 'error', `code cell ${i} has an error output`);
            assert.ok(
              !(o.output_type === 'stream' && o.name === 'stderr'),
              `code cell ${i} wrote to stderr: ${[].concat(o.text).join('')}`,
            );
          }
        }
      });

      test('report opens offline and every plot draws', async () => {
        const r = summary.notebooks.find((n) => n.notebook === nb)!;
        const file = path.join(REPORTS, r.report);
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const external: string[] = [];
        const pageErrors: string[] = [];
        page.on('pageerror', (e) => pageErrors.push(e.message));
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
          external.push(url);
          return route.abort();
        });
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        const plots = await page.$$eval('.attention-lab-plot', (els) => els.length);
        assert.equal(plots, r.plots, 'plot elements in the page vs plots counted at export');
        await page.waitForFunction(
          () => [...document.querySelectorAll('.attention-lab-plot')].every((el) => el.querySelector('.main-svg')),
          undefined,
          { timeout: 30_000 },
        );
        const traces = await page.$$eval('.attention-lab-plot', (els) =>
          els.map((el) => ((el as unknown as { _fullData?: unknown[] })._fullData ?? []).length),
        );
        traces.forEach((n, i) => assert.ok(n > 0, `plot ${i + 1} drew no traces`));
        assert.equal(
          await page.$$eval('[data-mime-type="application/vnd.jupyter.stderr"]', (e) => e.length),
          0,
          'stderr output in report',
        );
        assert.equal(
          await page.$$eval('#attention-lab-failed', (e) => e.length),
          0,
          'report carries the FAILED banner',
        );
        assert.deepEqual(pageErrors, [], 'JavaScript errors in the report');
        assert.deepEqual(external, [], 'the report tried to reach the network');
        fs.mkdirSync(path.join(REPORTS, 'screenshots'), { recursive: true });
        await page.screenshot({
          path: path.join(REPORTS, 'screenshots', `${path.basename(nb, '.ipynb')}.png`),
          fullPage: true,
        });
        await page.close();
      });
    });
  }
});
