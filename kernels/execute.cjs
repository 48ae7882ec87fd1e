// Running a cell: tslab's converter turns the TypeScript into JavaScript against the earlier
// cells' declarations; this module runs it, keeps its names, and finds its value.
//  - The last expression's value comes back (the server sends it as execute_result), unless
//    the cell ends with `;` (IPython's convention) or the value is undefined.
//  - The names a cell declared stay declared when it fails: names assigned before the
//    failing line keep their values, as in IPython (tslab forgot the whole cell).
//  - Errors after a cell ended (a rejected promise nobody awaited, a throw in a timer) are
//    never dropped: while a cell runs they fail it; otherwise the next execute request,
//    naming the cell that started the work (AsyncLocalStorage).
'use strict';

const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const { AsyncLocalStorage } = require('node:async_hooks');
const errors = require('./errors.cjs');
const compileCache = require('./compile-cache.cjs');
const { parseMap } = require('./sourcemap.cjs');

// ---- which cell started the work that is running now --------------------------------
const cellContext = new AsyncLocalStorage();

/** Timers and immediates started (directly or not) by a cell and not yet fired or cleared. */
const cellTimers = new Set();
function trackTimers(set, clear) {
  const origSet = globalThis[set];
  const origClear = globalThis[clear];
  const wrapped = function (callback, ...args) {
    if (typeof callback !== 'function' || !cellContext.getStore()) return origSet.call(this, callback, ...args);
    let handle;
    const fire = function (...a) {
      cellTimers.delete(handle);
      return callback.apply(this, a);
    };
    handle = origSet.call(this, fire, ...args);
    cellTimers.add(handle);
    return handle;
  };
  Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(origSet)); // util.promisify.custom
  globalThis[set] = wrapped;
  globalThis[clear] = function (handle) {
    cellTimers.delete(handle);
    return origClear.call(this, handle);
  };
}
trackTimers('setTimeout', 'clearTimeout');
trackTimers('setImmediate', 'clearImmediate');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets pending rejections and immediates of the cell that just ended surface. */
async function settle() {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

/** The cell's own trailing `;` (after comments and blanks) hides its value, as in IPython. */
function endsWithSemicolon(code) {
  const stripped = code
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*$/gm, '')
    .trimEnd();
  return stripped.endsWith(';');
}

/**
 * `require` for a cell and the modules it imports: the converter's side outputs (src/ and
 * other .ts files, compiled) come from memory, `tslab` is tslab's own public API, the rest
 * is Node's require from the notebook's folder.
 */
function createRequire(rootDir, sideOutputs, loaded, tslabDir) {
  const wrap = (req, dir) =>
    new Proxy(req, {
      apply(target, thisArg, args) {
        const [id] = args;
        if (args.length !== 1 || typeof id !== 'string') return Reflect.apply(target, thisArg, args);
        if (id === 'tslab') return require(tslabDir);
        let file = path.resolve(dir, id);
        if (path.extname(file) === '') file += '.js';
        if (id.startsWith('.') && sideOutputs.has(file)) {
          const hit = loaded.get(file);
          if (hit) return hit.exports;
          const m = new Module(file, module);
          m.filename = file;
          m.paths = Module._nodeModulePaths(path.dirname(file));
          m.require = wrap(m.require.bind(m), path.dirname(file));
          loaded.set(file, m);
          try {
            m._compile(sideOutputs.get(file), file);
          } catch (e) {
            loaded.delete(file);
            throw e;
          }
          return m.exports;
        }
        return Reflect.apply(target, thisArg, args);
      },
    });
  return wrap(Module.createRequire(path.join(rootDir, 'cell.js')), rootDir);
}

function createExecutor({ converter, rootDir, tslabDir, ts }) {
  const sideOutputs = new Map();
  const loaded = new Map();
  const locals = {};
  /**
   * The `exports` one execution writes its names to: the shared `locals`, except the last
   * expression's value, which goes to this execution's own `slot` (a cell still running after
   * it failed or was interrupted must not set a later cell's Out[n]). Named imports compile
   * to defineProperty: stored as plain, rewritable values.
   */
  function cellExports(lastVar, slot) {
    const store = (target, prop, value) => {
      if (prop === lastVar) slot.value = value;
      else target[prop] = value;
      return true;
    };
    return new Proxy(locals, {
      defineProperty(target, prop, attrs) {
        if (prop === '__esModule') return true;
        return store(target, prop, attrs.get ? attrs.get() : attrs.value);
      },
      set: store,
    });
  }
  const cellRequire = createRequire(rootDir, sideOutputs, loaded, tslabDir);
  const cellArgs = { exports: null, require: cellRequire };
  vm.runInThisContext('(x) => { globalThis.__attentionLabCell__ = x; }')(cellArgs);

  // The source map of an imported module, for tracebacks (made when first asked, per text).
  const sourceMaps = new Map();
  const sources = (file) => {
    const js = sideOutputs.get(file);
    if (typeof js !== 'string') return null;
    if (!sourceMaps.has(js)) sourceMaps.set(js, compileCache.dependencySourceMap(ts, file, js, transpileTarget()));
    return sourceMaps.get(js);
  };
  let prevDecl = '';
  let target = null; // the converter's ES target, known after the first cell
  const transpileTarget = () => target ?? ts.ScriptTarget.ES2022;
  const maps = new Map(); // execution count -> source maps of that cell's JavaScript
  let rejectInterrupt = null;
  let converting = false; // compiling a cell (synchronous: a SIGINT is seen after it)
  let interruptPending = false;

  const state = { running: null, pending: [] };

  function onAsyncError(kind, err) {
    const origin = cellContext.getStore();
    let failure;
    try {
      failure = errors.asyncFailure(kind, err, origin ? origin.count : null, maps, sources);
    } catch (e) {
      // Describing it threw (a message getter that throws): still report, never exit.
      const what = kind === 'rejection' ? 'UnhandledPromiseRejection' : 'UncaughtException';
      const why = `an error that could not be described (${e?.message ?? 'unknown'})`;
      failure = { ename: what, evalue: why, traceback: [`${what}: ${why}`], origin: origin ? origin.count : null };
    }
    if (state.running) state.running.fail(failure);
    else {
      state.pending.push(failure);
      // Visible at once in the output of the cell that last ran, as ipykernel does.
      process.stderr.write(`${failure.traceback.join('\n')}\n(this fails the next cell you run)\n`);
    }
  }

  function takePending() {
    if (!state.pending.length) return null;
    const [first, ...rest] = state.pending;
    state.pending = [];
    if (!rest.length) return first;
    return {
      ...first,
      traceback: [...first.traceback, ...rest.flatMap((r) => ['', ...r.traceback])],
      evalue: `${first.evalue} (and ${rest.length} more)`,
    };
  }

  async function waitForCellTimers(maxMs) {
    const deadline = Date.now() + maxMs;
    await settle();
    while (cellTimers.size > 0 && Date.now() < deadline && state.pending.length === 0) await sleep(10);
    await settle();
  }

  /** The cell as CommonJS with a source map back to the cell's TypeScript. */
  function compile(converted) {
    const { outputText, sourceMapText } = ts.transpileModule(converted.esOutput, {
      fileName: 'cell.js',
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        esModuleInterop: true,
        target: converted.transpileTarget,
        newLine: ts.NewLineKind.LineFeed,
        noImplicitUseStrict: true,
        sourceMap: true,
      },
    });
    const js = outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
    const cellMaps = [];
    try {
      if (sourceMapText) cellMaps.push(parseMap(sourceMapText));
      if (converted.outputMap) cellMaps.push(parseMap(converted.outputMap));
    } catch {
      cellMaps.length = 0; // no line numbers, but the cell still runs
    }
    return { js, cellMaps: cellMaps.length === 2 ? cellMaps : null, lineOffset: converted.srcPrefixLines ?? 0 };
  }

  /**
   * Runs one cell: {status: 'ok', value?} or {status: 'error', error: {ename, evalue, traceback}}.
   * `count` names the cell in tracebacks (Cell In[count]); `stored: false` (silent, not in
   * history, user expressions) names it apart, so its frames never use a cell's source map.
   */
  async function execute(code, count, { stored = true } = {}) {
    const earlier = takePending();
    if (earlier) return { status: 'error', error: errors.reportedLater(earlier, count) };

    let converted;
    converting = true;
    interruptPending = false;
    try {
      converted = converter.convert(prevDecl, code);
      // A SIGINT that came while TypeScript compiled reaches its listener only now.
      await new Promise((resolve) => setImmediate(resolve));
    } catch (e) {
      return { status: 'error', error: errors.describe(e, { maps, sources }) };
    } finally {
      converting = false;
    }
    if (interruptPending) {
      interruptPending = false;
      return {
        status: 'error',
        error: errors.describe(Object.assign(new Error('Interrupted'), { interrupted: true })),
      };
    }
    for (const out of converted.sideOutputs ?? []) {
      loaded.delete(out.path);
      sideOutputs.set(out.path, out.data);
    }
    if (converted.diagnostics.length > 0)
      return { status: 'error', error: errors.diagnostics(converted.diagnostics, code) };
    if (!converted.output) {
      prevDecl = converted.declOutput || '';
      return { status: 'ok' };
    }

    target = converted.transpileTarget ?? target;
    const { js, cellMaps, lineOffset } = compile(converted);
    if (stored) maps.set(count, { maps: cellMaps, lineOffset, code, async: Boolean(converted.hasToplevelAwait) });
    const slot = {};
    cellArgs.exports = cellExports(converted.lastExpressionVar, slot);
    const wrapped = `(${converted.hasToplevelAwait ? 'async ' : ''}function (exports, require) { ${js}\n})(__attentionLabCell__.exports, __attentionLabCell__.require)`;

    let failNow;
    let asyncErr = null;
    const failed = new Promise((resolve) => (failNow = resolve));
    const interrupted = new Promise((_, reject) => (rejectInterrupt = reject));
    interrupted.catch(() => {});
    state.running = {
      count,
      fail: (f) => {
        asyncErr ??= f;
        failNow(f);
      },
    };
    let outcome;
    try {
      const ret = cellContext.run({ count }, () =>
        vm.runInThisContext(wrapped, { filename: errors.cellFileName(count, stored), breakOnSigint: true }),
      );
      const done = converted.hasToplevelAwait ? Promise.resolve(ret).then(() => null) : Promise.resolve(null);
      outcome = await Promise.race([done, failed, interrupted]);
      if (!outcome) {
        await settle(); // a rejection right at the end of the cell belongs to this cell
        outcome = asyncErr;
      }
    } catch (e) {
      outcome = errors.describe(e, { maps, sources });
    } finally {
      state.running = null;
      rejectInterrupt = null;
    }
    // The names of the cell exist from now on, also when it failed (their values are there
    // up to the failing line).
    prevDecl = converted.declOutput || prevDecl;
    const hasValue = Boolean(converted.lastExpressionVar) && 'value' in slot;
    const value = slot.value;
    if (outcome) return { status: 'error', error: outcome };
    if (!hasValue || value === undefined || endsWithSemicolon(code)) return { status: 'ok' };
    return { status: 'ok', value, hasValue: true };
  }

  function interrupt() {
    if (rejectInterrupt) rejectInterrupt(Object.assign(new Error('Interrupted asynchronously'), { interrupted: true }));
    else if (converting) interruptPending = true;
  }

  function reset() {
    prevDecl = '';
    for (const name of Object.keys(locals)) delete locals[name];
  }

  return {
    execute,
    interrupt,
    reset,
    onAsyncError,
    takePending,
    waitForCellTimers,
    complete: (code, pos) => converter.complete(prevDecl, code, pos),
    inspect: (code, pos) => converter.inspect(prevDecl, code, pos),
    locals,
  };
}

module.exports = { createExecutor, endsWithSemicolon };
