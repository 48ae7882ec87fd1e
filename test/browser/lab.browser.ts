// JupyterLab, tested as a person uses it: `npm run lab` on 127.0.0.1 with a token,
// Debian's chromium driven by playwright-core (no browser download). For each notebook:
// open it, Run > Run All Cells, then every code cell has an execution count, no cell shows
// an error or stderr, every plotly figure drew its traces, and a screenshot goes to
// reports/screenshots-lab/. Also: the launcher offers "TypeScript", an interrupt stops a
// busy cell and the kernel survives, and a restart gives a fresh kernel.
// Notebooks are never written: autosave is off (a settings folder of this test's own) and
// the test checks the files are unchanged. Run with `npm run test:browser`.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ROOT, blockNetwork, jupyterEnv, launchChromium } from '../reliability/_helpers';

// LAB_NOTEBOOKS=00_similarity.ipynb,... runs only those (for debugging).
const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, 'notebooks'))
  .filter(
    (f) => f.endsWith('.ipynb') && (!process.env.LAB_NOTEBOOKS || process.env.LAB_NOTEBOOKS.split(',').includes(f)),
  )
  .sort();
const SHOTS = path.join(ROOT, 'reports', 'screenshots-lab');
const TOKEN = randomBytes(16).toString('hex');
const RUN_TIMEOUT = Number(process.env.LAB_RUN_TIMEOUT_MS ?? 300_000);

let lab: ChildProcess;
let labLog = '';
let base = '';
let browser: Browser;
let tmp: string;
const hashes = new Map<string, string>();
const blocked: string[] = [];
const pageErrors: string[] = [];

const hash = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function api(method: string, route: string): Promise<unknown> {
  const res = await fetch(`${base}${route}`, { method, headers: { Authorization: `token ${TOKEN}` } });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status}`);
  return res.status === 204 ? null : res.json();
}

async function shutdownKernels(): Promise<void> {
  for (const k of (await api('GET', '/api/kernels')) as Array<{ id: string }>)
    await api('DELETE', `/api/kernels/${k.id}`);
}

async function newPage(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  blocked.push(...(await blockNetwork(page)));
  page.on('pageerror', (e) => {
    // JupyterLab 4.6's debugger panel calls displayModules() after every execute_reply
    // and throws this when the kernel has no debugger (any such kernel, tslab's own
    // included): Lab's noise, not ours.
    if (e.message === 'No active debugger session') return;
    pageErrors.push(`${url}: ${e.message}${process.env.LAB_DEBUG ? `\n${e.stack}` : ''}`);
  });
  await page.goto(`${base}${url}${url.includes('?') ? '&' : '?'}token=${TOKEN}`);
  return page;
}

const VISIBLE = '.jp-NotebookPanel:not(.lm-mod-hidden)';

async function openNotebook(name: string): Promise<Page> {
  const page = await newPage(`/lab/tree/${encodeURIComponent(name)}?reset`);
  await page.waitForSelector(`${VISIBLE} .jp-Notebook .jp-Cell`, { timeout: 60_000 });
  await waitKernelIdle(page);
  return page;
}

/** The notebook's kernel is connected and idle (toolbar status and execution indicator). */
async function waitKernelIdle(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const panel = document.querySelector(sel);
      const status = document.querySelector('.jp-Notebook-ExecutionIndicator')?.getAttribute('data-status');
      return (
        panel &&
        status === 'idle' &&
        /TypeScript/.test(panel.querySelector('.jp-KernelName, .jp-Toolbar-kernelName')?.textContent ?? '')
      );
    },
    VISIBLE,
    { timeout, polling: 250 },
  );
}

async function menu(page: Page, top: string, item: string): Promise<void> {
  await page.click(`.lm-MenuBar-itemLabel:text-is("${top}")`);
  await page.click(`.lm-Menu-itemLabel:text-is("${item}")`);
}

async function prompts(page: Page): Promise<string[]> {
  return page.$$eval(`${VISIBLE} .jp-CodeCell .jp-InputPrompt`, (els) => els.map((e) => (e.textContent ?? '').trim()));
}

/** Waits until every code cell shows [n] (none [*] or [ ]); returns the prompts. */
async function waitAllRan(page: Page, timeout = RUN_TIMEOUT): Promise<string[]> {
  await page.waitForFunction(
    (sel) => {
      const p = [...document.querySelectorAll(`${sel} .jp-CodeCell .jp-InputPrompt`)].map((e) =>
        (e.textContent ?? '').trim(),
      );
      return p.length > 0 && p.every((t) => /^\[\d+\]:$/.test(t));
    },
    VISIBLE,
    { timeout, polling: 500 },
  );
  return prompts(page);
}

async function errorOutputs(page: Page): Promise<string[]> {
  return page.$$eval(`${VISIBLE} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]`, (els) =>
    els.map((e) => (e.textContent ?? '').slice(0, 300)),
  );
}

/** Runs `code` in a new cell at the end of the open notebook (as typed by a person); returns the cell's index. */
async function addCell(page: Page, code: string): Promise<number> {
  const cells = await page.$$(`${VISIBLE} .jp-Notebook .jp-Cell`);
  await cells[cells.length - 1].click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  await page.keyboard.press('Enter');
  await page.keyboard.type(code);
  await page.keyboard.press('Shift+Enter');
  return cells.length;
}

async function cellText(page: Page, index: number): Promise<{ prompt: string; output: string }> {
  return page.$$eval(
    `${VISIBLE} .jp-Notebook .jp-Cell`,
    (els, i) => ({
      prompt: (els[i].querySelector('.jp-InputPrompt')?.textContent ?? '').trim(),
      output: (els[i].querySelector('.jp-OutputArea')?.textContent ?? '').trim(),
    }),
    index,
  );
}

before(async () => {
  for (const nb of NOTEBOOKS) hashes.set(nb, hash(path.join(ROOT, 'notebooks', nb)));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attention-lab-lab-'));
  // This test's own settings: autosave off, so nothing is written to notebooks/.
  const settings = path.join(tmp, 'settings');
  fs.mkdirSync(path.join(settings, '@jupyterlab', 'docmanager-extension'), { recursive: true });
  fs.writeFileSync(
    path.join(settings, '@jupyterlab', 'docmanager-extension', 'plugin.jupyterlab-settings'),
    '{"autosave": false}',
  );
  // and no "get Jupyter news?" prompt (it would cover the screenshots; news need the network anyway)
  fs.mkdirSync(path.join(settings, '@jupyterlab', 'apputils-extension'), { recursive: true });
  fs.writeFileSync(
    path.join(settings, '@jupyterlab', 'apputils-extension', 'notification.jupyterlab-settings'),
    '{"fetchNews": "false", "checkForUpdates": false}',
  );
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  lab = spawn(
    process.execPath,
    [
      path.join(ROOT, 'scripts', 'lab.mjs'),
      `--port=${port}`,
      '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${TOKEN}`,
      `--LabApp.user_settings_dir=${settings}`,
      `--LabApp.workspaces_dir=${path.join(tmp, 'workspaces')}`,
      // offline: no news feed, no update check
      '--LabApp.news_url=None',
      '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate',
    ],
    { cwd: ROOT, env: jupyterEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  lab.stdout!.on('data', (d) => (labLog += d));
  lab.stderr!.on('data', (d) => (labLog += d));
  const t0 = Date.now();
  while (!labLog.includes(`127.0.0.1:${port}/lab`)) {
    assert.ok(lab.exitCode === null, `npm run lab exited:\n${labLog}`);
    assert.ok(Date.now() - t0 < 60_000, `JupyterLab did not start in 60 s:\n${labLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launchChromium();
});

after(async () => {
  try {
    if (base) await shutdownKernels();
  } catch {
    // the server may already be gone
  }
  await browser?.close();
  if (lab && lab.exitCode === null) {
    lab.kill('SIGTERM'); // scripts/lab.mjs passes it to jupyter, which shuts down its kernels
    await new Promise((r) => {
      const t = setTimeout(() => {
        lab.kill('SIGKILL');
        r(null);
      }, 15_000);
      lab.once('exit', () => {
        clearTimeout(t);
        r(null);
      });
    });
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  // Kept beside the screenshots, to read what the server said when a check fails.
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.writeFileSync(path.join(SHOTS, 'lab-server.log'), labLog);
});

describe('JupyterLab in Chromium', () => {
  test('the launcher offers the TypeScript kernel for notebooks and consoles', async () => {
    const page = await newPage('/lab?reset');
    await page.waitForSelector('.jp-LauncherCard', { timeout: 60_000 });
    const sections = await page.$$eval('.jp-Launcher-section', (els) =>
      els.map((s) => ({
        title: (s.querySelector('.jp-Launcher-sectionTitle')?.textContent ?? '').trim(),
        cards: [...s.querySelectorAll('.jp-LauncherCard')].map((c) => c.getAttribute('title') ?? ''),
      })),
    );
    const cards = (title: string) => sections.find((s) => s.title === title)?.cards ?? [];
    assert.ok(cards('Notebook').includes('TypeScript'), JSON.stringify(sections));
    assert.ok(cards('Console').includes('TypeScript'), JSON.stringify(sections));
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'launcher.png') });
    await page.close();
  });

  for (const nb of NOTEBOOKS) {
    test(`${nb}: Run All Cells, every cell counted, no error, every plot drawn`, async () => {
      const page = await openNotebook(nb);
      await page.click(`${VISIBLE} .jp-Notebook .jp-Cell >> nth=0`);
      await menu(page, 'Run', 'Run All Cells');
      const p = await waitAllRan(page);
      const counts = p.map((t) => Number(/\d+/.exec(t)![0]));
      assert.deepEqual(
        counts,
        counts.map((_, i) => i + 1),
        `execution counts ${p.join(' ')}`,
      );
      assert.deepEqual(await errorOutputs(page), [], 'error or stderr output');
      // Every plotly output drew: scroll each into view (Lab skips rendering offscreen cells).
      const plotOutputs = await page.$$(
        `${VISIBLE} .jp-OutputArea-output[data-mime-type="application/vnd.plotly.v1+json"]`,
      );
      for (const [i, out] of plotOutputs.entries()) {
        await out.scrollIntoViewIfNeeded();
        await out.waitForSelector('.js-plotly-plot .main-svg', { timeout: 30_000 });
        const traces = await out.$eval(
          '.js-plotly-plot',
          (el) => ((el as unknown as { _fullData?: unknown[] })._fullData ?? []).length,
        );
        assert.ok(traces > 0, `plot ${i + 1} of ${nb} drew no traces`);
      }
      await page.$eval(`${VISIBLE} .jp-WindowedPanel-outer`, (el) => el.scrollTo(0, 0)).catch(() => {});
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `${path.basename(nb, '.ipynb')}.png`) });
      await page.close();
      await shutdownKernels();
    });
  }

  test('a last expression shows as Out[n]; interrupt stops a busy cell and the kernel survives; restart gives a fresh kernel', async () => {
    const page = await openNotebook(NOTEBOOKS[0]);
    const before = ((await api('GET', '/api/kernels')) as Array<{ id: string }>).map((k) => k.id);
    const define = await addCell(page, "const survivor = 'defined before the interrupt';");
    await page.waitForFunction(
      ([sel, i]) =>
        /^\[\d+\]:$/.test(
          (
            document.querySelectorAll(`${sel} .jp-Notebook .jp-Cell`)[i as number]?.querySelector('.jp-InputPrompt')
              ?.textContent ?? ''
          ).trim(),
        ),
      [VISIBLE, define] as const,
      { timeout: 60_000 },
    );
    // A last expression is Out[n] (execute_result), as in any Jupyter kernel.
    const value = await addCell(page, 'survivor.length * 2');
    await page.waitForFunction(
      ([sel, i]) =>
        /^\[\d+\]:$/.test(
          (
            document.querySelectorAll(`${sel} .jp-Notebook .jp-Cell`)[i as number]?.querySelector('.jp-OutputPrompt')
              ?.textContent ?? ''
          ).trim(),
        ),
      [VISIBLE, value] as const,
      { timeout: 60_000 },
    );
    const out = await page.$$eval(
      `${VISIBLE} .jp-Notebook .jp-Cell`,
      (els, i) => ({
        input: (els[i].querySelector('.jp-InputPrompt')?.textContent ?? '').trim(),
        output: (els[i].querySelector('.jp-OutputPrompt')?.textContent ?? '').trim(),
        text: (els[i].querySelector('.jp-OutputArea-output')?.textContent ?? '').trim(),
      }),
      value,
    );
    assert.equal(out.output, out.input, `Out[n] beside In[n]: ${JSON.stringify(out)}`);
    assert.equal(out.text, String('defined before the interrupt'.length * 2));
    const busy = await addCell(page, 'let spins = 0;\nwhile (true) { spins++; }');
    await page.waitForFunction(
      () => document.querySelector('.jp-Notebook-ExecutionIndicator')?.getAttribute('data-status') === 'busy',
      undefined,
      { timeout: 30_000 },
    );
    await page.waitForTimeout(1000);
    await page.click(`${VISIBLE} .jp-Toolbar [data-command="notebook:interrupt-kernel"]`);
    await waitKernelIdle(page, 30_000);
    const interrupted = await cellText(page, busy);
    assert.match(interrupted.output, /Interrupted/, `the busy cell shows: ${interrupted.output}`);
    const alive = await addCell(page, 'console.log(survivor);');
    await waitKernelIdle(page, 30_000);
    await page.waitForFunction(
      ([sel, i]) =>
        /defined before/.test(
          document.querySelectorAll(`${sel} .jp-Notebook .jp-Cell`)[i as number]?.textContent ?? '',
        ),
      [VISIBLE, alive] as const,
      { timeout: 30_000 },
    );
    const after = ((await api('GET', '/api/kernels')) as Array<{ id: string }>).map((k) => k.id);
    assert.deepEqual(after, before, 'the same kernel, still running');

    await menu(page, 'Kernel', 'Restart Kernel…');
    await page.click('.jp-Dialog .jp-Dialog-button.jp-mod-accept');
    await waitKernelIdle(page, 60_000);
    const fresh = await addCell(page, "console.log(typeof survivor === 'undefined' ? 'fresh kernel' : 'old state');");
    await waitKernelIdle(page, 30_000);
    await page.waitForFunction(
      ([sel, i]) =>
        /\[1\]/.test(
          document.querySelectorAll(`${sel} .jp-Notebook .jp-Cell`)[i as number]?.querySelector('.jp-InputPrompt')
            ?.textContent ?? '',
        ),
      [VISIBLE, fresh] as const,
      { timeout: 30_000 },
    );
    const r = await cellText(page, fresh);
    assert.equal(r.prompt, '[1]:', 'counts start again at 1');
    assert.match(r.output, /TSError|Cannot find name 'survivor'|fresh kernel/, r.output);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'interrupt-restart.png') });
    await page.close();
  });

  test('no page tried to reach the network, no JavaScript errors, no notebook written', () => {
    assert.deepEqual(blocked, []);
    assert.deepEqual(pageErrors, []);
    for (const nb of NOTEBOOKS)
      assert.equal(hash(path.join(ROOT, 'notebooks', nb)), hashes.get(nb), `${nb} was modified`);
    // One log record per traceback. Tornado's "the browser closed the websocket while a message
    // was on its way" (a known race in Jupyter's server when a page closes or a kernel restarts)
    // is shown, not failed; any other traceback fails.
    const tracebacks = labLog.split(/\n(?=\[[A-Z] )/).filter((record) => record.includes('Traceback'));
    const closedSocket = /^\s*tornado\.(websocket\.WebSocketClosedError|iostream\.StreamClosedError)\b/m;
    for (const t of tracebacks.filter((r) => closedSocket.test(r)))
      console.log(`tolerated server traceback (websocket closed):\n${t}`);
    const others = tracebacks.filter((r) => !closedSocket.test(r));
    assert.deepEqual(others, [], 'the Lab server logged a traceback');
  });
});
