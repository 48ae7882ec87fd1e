// How the kernel compiles the modules a cell imports (src/ and %%module cells), called from
// tslab's converter (patched at install: tslab-patch.cjs). tslab type-checked every imported file
// and emitted each with declarations at every kernel start: 4 to 5 s of the import cell.
//  - Type-checking: a clean check of the imported files is remembered on disk, keyed by the
//    text of every file in the program (src/, node_modules' .d.ts, TypeScript's lib files)
//    and the compiler options, so it is redone exactly when something it depends on
//    changed. An error is never cached: it is reported on every run, as tslab did.
//  - Emit: each of src/'s files is transpiled on its own (ts.transpileModule; tsconfig's
//    isolatedModules makes `npm run typecheck` reject code where that would differ), and
//    the JavaScript is cached by the file's text. Other imported files go through tslab.
// The cell itself is still checked and compiled by tslab, against the imported types.
// ATTENTION_LAB_KERNEL_CACHE=0 turns both caches off (every check and transpile redone);
// set to a folder, it keeps the cache there (node_modules/.cache/attention-lab-kernel by default).
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const setting = process.env.ATTENTION_LAB_KERNEL_CACHE;
const enabled = setting !== '0';
const CACHE_DIR =
  setting && setting !== '0' && setting !== '1'
    ? path.resolve(setting)
    : path.join(__dirname, '..', 'node_modules', '.cache', 'attention-lab-kernel');

function sha1(...parts) {
  const h = crypto.createHash('sha1');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

function readCache(name) {
  if (!enabled) return undefined;
  try {
    return fs.readFileSync(path.join(CACHE_DIR, name), 'utf8');
  } catch {
    return undefined;
  }
}

// Best effort: a read-only or full disk only costs speed.
function writeCache(name, text) {
  if (!enabled) return;
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = path.join(CACHE_DIR, `${name}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, path.join(CACHE_DIR, name));
  } catch {
    // a read-only or full disk: the next kernel compiles again
  }
}

function optionsKey(ts, options) {
  return JSON.stringify({ ts: ts.version, options }, (k, v) => (k === 'configFilePath' ? undefined : v));
}

/**
 * The diagnostics tslab reports for a cell: the cell's own, plus its imported files'
 * (`checkDependencies`, tslab's full check) unless the same program was checked clean before.
 */
function cellDiagnostics(ts, program, cellFile, declsFile, dependencies, checkDependencies) {
  if (!dependencies.some((d) => d !== cellFile.fileName)) return checkDependencies();
  // `declare global` or `declare module` in a cell could change how the imported files check
  // and is not in the key (tslab 1.0.22 rejects both in cells today): check everything then.
  if (cellFile.moduleAugmentations?.length || declsFile?.moduleAugmentations?.length) return checkDependencies();
  const files = program
    .getSourceFiles()
    .filter((f) => f !== cellFile && f !== declsFile)
    .map((f) => `${f.fileName}\n${sha1(f.text)}`)
    .sort();
  const key = `check-${sha1(optionsKey(ts, program.getCompilerOptions()), dependencies.slice().sort().join('\n'), files.join('\n'))}`;
  if (readCache(key) !== undefined) return ts.getPreEmitDiagnosticsOfFiles(program, [cellFile]);
  // Kernels started together (npm run reports) would all check the same files at once: one
  // checks, the others wait for its result.
  const lock = takeLock(key);
  try {
    if (readCache(key) !== undefined) return ts.getPreEmitDiagnosticsOfFiles(program, [cellFile]);
    const diagnostics = checkDependencies();
    // The cell's own and the program-wide diagnostics (top-level await, which tslab allows;
    // tslab's deprecated noImplicitUseStrict) are recomputed on every run anyway.
    if (!diagnostics.some((d) => d.file && d.file !== cellFile))
      writeCache(key, `${dependencies.length} files checked clean\n`);
    return diagnostics;
  } finally {
    if (lock) fs.rmSync(lock, { force: true });
  }
}

const LOCK_WAIT_MS = 60_000;

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Left by a kernel that died (its pid gone, or reused: ours, or older than the longest wait). */
function lockIsStale(file) {
  try {
    const holder = Number(fs.readFileSync(file, 'utf8'));
    if (!holder) return false; // being written
    return holder === process.pid || !pidAlive(holder) || Date.now() - fs.statSync(file).mtimeMs > LOCK_WAIT_MS;
  } catch {
    return false; // gone already: the next try takes it
  }
}

/**
 * The lock file for checking `key`, taken when no other kernel holds it (waiting while one
 * does), or undefined when it could not be had (no cache folder, or LOCK_WAIT_MS passed: then
 * the caller checks anyway). A lock whose process died is taken over.
 */
function takeLock(key) {
  if (!enabled) return undefined;
  const file = path.join(CACHE_DIR, `${key}.lock`);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + LOCK_WAIT_MS;
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
  } catch {
    return undefined;
  }
  while (Date.now() < until) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return file;
    } catch (e) {
      if (e.code !== 'EEXIST') return undefined;
    }
    if (lockIsStale(file)) {
      try {
        fs.rmSync(file, { force: true });
      } catch {
        return undefined;
      }
    } else Atomics.wait(sleeper, 0, 0, 100); // a synchronous sleep: the cell is being compiled
  }
  return undefined;
}

let srcDir; // realpath of src/, with a trailing separator

/**
 * Whether `fileName` is one of the project's .ts files under src/ (in any of its folders), the
 * only ones transpiled on their own: `npm run typecheck` holds them to isolatedModules.
 * Anything else a cell imports (a %%module cell, a .ts file beside the notebook, .js) may
 * re-export types or use const enums, which only tslab's whole-program emit gets right.
 */
function isProjectSource(fileName) {
  if (!fileName.endsWith('.ts') || fileName.endsWith('.d.ts')) return false;
  try {
    srcDir ??= fs.realpathSync(path.join(__dirname, '..', 'src')) + path.sep;
    return fs.realpathSync(fileName).startsWith(srcDir);
  } catch {
    return false;
  }
}

function dependencyOptions(ts, target) {
  return {
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    target,
    newLine: ts.NewLineKind.LineFeed,
    noImplicitUseStrict: true,
    experimentalDecorators: true,
    jsx: ts.JsxEmit.React,
    allowJs: true,
  };
}

/** CommonJS for one imported file, as tslab's emit + esModuleToCommonJSModule would give. */
function transpileDependency(ts, sourceFile, target) {
  const compilerOptions = dependencyOptions(ts, target);
  const key = `js-${sha1(optionsKey(ts, compilerOptions), path.extname(sourceFile.fileName), sourceFile.text)}.js`;
  const cached = readCache(key);
  if (cached !== undefined) return cached;
  const { outputText } = ts.transpileModule(sourceFile.text, { fileName: sourceFile.fileName, compilerOptions });
  writeCache(key, outputText);
  return outputText;
}

/**
 * The source map of a module transpileDependency made, made again when a traceback needs
 * it (an inline map in every module made the import cell 15 % slower), or null when the
 * .ts file changed since (its JavaScript would differ).
 */
function dependencySourceMap(ts, jsFile, js, target) {
  try {
    const tsFile = jsFile.replace(/\.js$/, '.ts');
    const text = fs.readFileSync(tsFile, 'utf8');
    const out = ts.transpileModule(text, {
      fileName: tsFile,
      compilerOptions: { ...dependencyOptions(ts, target), sourceMap: true },
    });
    const again = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
    return again.trimEnd() === js.trimEnd() ? out.sourceMapText : null;
  } catch {
    return null;
  }
}

module.exports = { CACHE_DIR, cellDiagnostics, isProjectSource, transpileDependency, dependencySourceMap };
