#!/usr/bin/env node
// `npm run lint`: ESLint (eslint.config.mjs) and Prettier's check (.prettierrc.json) over
// src/, test/, scripts/, bench/, kernels/*.cjs and eslint.config.mjs, and over every code cell of
// notebooks/*.ipynb. A cell is linted on its own as a TypeScript source named
// notebooks/<name>.ipynb#cell-<n>.ts, where n counts code cells from 1 (the In [n] of a run from
// the top), and its problems are reported as `notebooks/<name>.ipynb cell <n> line <l> col <c>`.
//
//   npm run lint                  check; exit 1 if anything is reported
//   npm run lint -- --fix         ESLint's fixes, then Prettier, written to the files and to the
//                                 notebooks' cells; then reports what is left to fix by hand
//   npm run format                Prettier only (no ESLint fixes), written
//   npm run lint -- --stats       also counts the problems per rule and per area
//   npm run lint -- src notebooks/03_attention.ipynb   only these files or folders
//
// A rewritten notebook keeps its JSON exactly as the repo writes it (one-space indent, keys in
// their order, outputs untouched): only the `source` of the cells that changed differs.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './env.mjs';

const args = process.argv.slice(2);
const FIX = args.includes('--fix');
const FORMAT = args.includes('--format');
const STATS = args.includes('--stats');
const unknown = args.filter((a) => a.startsWith('--') && !['--fix', '--format', '--stats'].includes(a));
if (unknown.length) {
  console.error(`lint: unknown option ${unknown.join(' ')} (known: --fix, --format, --stats)`);
  process.exit(2);
}
const only = args
  .filter((a) => !a.startsWith('--'))
  .map((a) => path.relative(ROOT, path.resolve(a)).split(path.sep).join('/'));

let ESLint, prettier, tsParser;
try {
  ({ ESLint } = await import('eslint'));
  prettier = (await import('prettier')).default;
  tsParser = (await import('typescript-eslint')).default.parser;
} catch (err) {
  console.error(`lint: ESLint or Prettier is not installed (${err.message}). Run \`npm install\` first.`);
  process.exit(2);
}

const t0 = Date.now();
const DIRS = ['src', 'test', 'scripts', 'bench'];
const CODE = /\.(ts|mjs|cjs)$/; // the extensions eslint.config.mjs configures
const SKIP_DIRS = new Set(['node_modules', '.ipynb_checkpoints', '__pycache__']);

function walk(dir) {
  if (!fs.existsSync(path.join(ROOT, dir))) return [];
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : walk(rel);
      return CODE.test(e.name) ? [rel] : [];
    })
    .sort();
}

const list = (dir, re) =>
  fs.existsSync(path.join(ROOT, dir))
    ? fs
        .readdirSync(path.join(ROOT, dir))
        .filter((f) => re.test(f))
        .sort()
        .map((f) => `${dir}/${f}`)
    : [];
const selected = (rel) => only.length === 0 || only.some((o) => rel === o || rel.startsWith(`${o}/`) || o === '');

// A unit is one source text: a file, or one notebook code cell.
const units = [];
for (const rel of ['eslint.config.mjs', ...DIRS.flatMap(walk), ...list('kernels', /\.cjs$/)].filter(selected)) {
  const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
  units.push({
    rel,
    label: rel,
    area: rel.includes('/') ? rel.split('/')[0] : '.',
    eslintPath: rel,
    prettierPath: rel,
    text,
  });
}
const notebooks = [];
for (const rel of list('notebooks', /\.ipynb$/).filter(selected)) {
  const raw = fs.readFileSync(path.join(ROOT, rel), 'utf8');
  const nb = JSON.parse(raw);
  // The repo writes notebooks as JSON.stringify(nb, null, 1) + '\n'; only such a file can be
  // rewritten without changing anything but the cells' source.
  const nbook = { rel, nb, rewritable: JSON.stringify(nb, null, 1) + '\n' === raw, changed: false };
  notebooks.push(nbook);
  let n = 0;
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    n += 1;
    const text = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    units.push({
      rel,
      label: `${rel} cell ${n}`,
      area: 'notebooks',
      eslintPath: `${rel}#cell-${n}.ts`,
      prettierPath: `${rel}#cell-${n}.ts`,
      text,
      cell,
      nbook,
    });
  }
}

if (only.length && units.length === 0) {
  console.error(
    `lint: nothing to check in ${only.join(' ')} (the scope: eslint.config.mjs, ${DIRS.join('/, ')}/, kernels/*.cjs, notebooks/*.ipynb)`,
  );
  process.exit(2);
}

const eslint = new ESLint({ cwd: ROOT });
const eslintFix = FIX ? new ESLint({ cwd: ROOT, fix: true }) : null;
const prettierOptions = (await prettier.resolveConfig(path.join(ROOT, 'eslint.config.mjs'))) ?? {};

// Prettier always ends its output with one newline; a cell's source, as Jupyter keeps it, has none.
async function prettierFormat(u, text) {
  const input = u.cell ? `${text}\n` : text;
  const out = await prettier.format(input, { ...prettierOptions, filepath: path.join(ROOT, u.prettierPath) });
  return u.cell ? out.replace(/\n$/, '') : out;
}

async function eslintRun(u, text, fix) {
  const [res] = await (fix ? eslintFix : eslint).lintText(text, { filePath: path.join(ROOT, u.eslintPath) });
  return { messages: res.messages, output: res.output ?? text };
}

// tslab shows the value of a cell's last expression statement (trailing `export { ... }` aside)
// as the cell's output, so that statement is no unused expression. Its lines, or null.
function outputStatementLines(text) {
  try {
    const { ast } = tsParser.parseForESLint(text, {
      sourceType: 'module',
      ecmaVersion: 'latest',
      loc: true,
      range: true,
    });
    const body = ast.body.filter(
      (st) => !(st.type === 'ExportNamedDeclaration' && !st.declaration) && st.type !== 'ExportAllDeclaration',
    );
    const last = body[body.length - 1];
    return last?.type === 'ExpressionStatement' ? [last.loc.start.line, last.loc.end.line] : null;
  } catch {
    return null;
  }
}

function firstDifferentLine(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i += 1;
  return i + 1;
}

const problems = []; // { unit, line, col, severity, rule, message }
let writtenFiles = 0;
let writtenCells = 0;
for (const u of units) {
  let text = u.text;
  if (FIX || FORMAT) {
    if (FIX) text = (await eslintRun(u, text, true)).output;
    try {
      text = await prettierFormat(u, text);
    } catch {
      // a syntax error: ESLint reports it below
    }
    if (text !== u.text && u.cell) {
      u.cell.source = Array.isArray(u.cell.source) ? text.split(/(?<=\n)/) : text;
      u.nbook.changed = true;
      if (u.nbook.rewritable) writtenCells += 1;
    } else if (text !== u.text) {
      fs.writeFileSync(path.join(ROOT, u.rel), text);
      writtenFiles += 1;
    }
    if (FORMAT) continue;
  }
  let { messages } = await eslintRun(u, text, false);
  if (u.cell && messages.some((m) => m.ruleId === '@typescript-eslint/no-unused-expressions')) {
    const out = outputStatementLines(text);
    const shown = (m) => out && m.line >= out[0] && m.line <= out[1];
    messages = messages.filter((m) => m.ruleId !== '@typescript-eslint/no-unused-expressions' || !shown(m));
  }
  for (const m of messages) {
    problems.push({
      unit: u,
      line: m.line,
      col: m.column,
      severity: m.severity,
      rule: m.ruleId ?? (m.fatal ? 'syntax' : 'unused-disable-directive'),
      message: m.message,
    });
  }
  if (messages.some((m) => m.fatal)) continue;
  try {
    const formatted = await prettierFormat(u, text);
    if (formatted !== text) {
      problems.push({
        unit: u,
        line: firstDifferentLine(text, formatted),
        col: 1,
        severity: 2,
        rule: 'prettier',
        message: 'not formatted as Prettier would',
      });
    }
  } catch (err) {
    problems.push({
      unit: u,
      line: err.loc?.start?.line ?? 1,
      col: err.loc?.start?.column ?? 1,
      severity: 2,
      rule: 'prettier',
      message: `cannot parse: ${err.message.split('\n')[0]}`,
    });
  }
}

for (const nbook of notebooks) {
  if (!nbook.changed) continue;
  if (!nbook.rewritable) {
    console.error(
      `${nbook.rel}: not rewritten, its JSON is not laid out as JSON.stringify(nb, null, 1) writes it (saved by another tool?)`,
    );
    process.exitCode = 1;
    continue;
  }
  fs.writeFileSync(path.join(ROOT, nbook.rel), JSON.stringify(nbook.nb, null, 1) + '\n');
}

const seconds = ((Date.now() - t0) / 1000).toFixed(1);
const files = units.filter((u) => !u.cell).length;
const cells = units.length - files;
if (FORMAT) {
  console.log(
    `format: Prettier rewrote ${writtenFiles} of ${files} files and ${writtenCells} of ${cells} notebook cells, ${seconds} s`,
  );
  process.exit(process.exitCode ?? 0);
}

for (const p of problems) {
  const where = p.unit.cell ? `${p.unit.label} line ${p.line} col ${p.col}` : `${p.unit.label}:${p.line}:${p.col}`;
  console.log(`${where}: ${p.severity === 1 ? 'warning: ' : ''}${p.message} [${p.rule}]`);
}

if (STATS) {
  const areas = [...new Set(units.map((u) => u.area))];
  const rules = [...new Set(problems.map((p) => p.rule))].sort();
  const count = (rule, area) =>
    problems.filter((p) => (!rule || p.rule === rule) && (!area || p.unit.area === area)).length;
  const pad = (s, n) => String(s).padStart(n);
  const w = Math.max('units with problems'.length, ...rules.map((r) => r.length));
  console.log(`\n${'rule'.padEnd(w)} ${areas.map((a) => pad(a, 9)).join(' ')} ${pad('total', 7)}`);
  for (const r of rules)
    console.log(`${r.padEnd(w)} ${areas.map((a) => pad(count(r, a), 9)).join(' ')} ${pad(count(r), 7)}`);
  console.log(`${'total'.padEnd(w)} ${areas.map((a) => pad(count(null, a), 9)).join(' ')} ${pad(count(null), 7)}`);
  const withProblems = (area) => new Set(problems.filter((p) => p.unit.area === area).map((p) => p.unit.label)).size;
  const inArea = (area) => units.filter((u) => u.area === area).length;
  console.log(
    `${'units with problems'.padEnd(w)} ${areas.map((a) => pad(`${withProblems(a)}/${inArea(a)}`, 9)).join(' ')}`,
  );
}

const rewritten = FIX ? `rewrote ${writtenFiles} files and ${writtenCells} notebook cells; ` : '';
const summary = `${problems.length} problem${problems.length === 1 ? '' : 's'} (${files} files and ${cells} notebook cells checked, ${seconds} s)`;
if (problems.length === 0 && !process.exitCode) {
  console.log(`lint: ${rewritten}no problems (${files} files, ${cells} notebook cells, ${seconds} s)`);
} else {
  const fixable = problems.some((p) => p.rule === 'prettier')
    ? ' (`npm run lint -- --fix` rewrites what Prettier and ESLint can fix; see LINT_NOTES.md)'
    : '';
  console.log(`\nlint: ${rewritten}${summary}${fixable}`);
  process.exitCode = 1;
}
