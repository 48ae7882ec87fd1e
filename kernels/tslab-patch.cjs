// The changes this project makes to tslab's converter (the one part of tslab it keeps: the
// TypeScript compilation of a cell against the earlier cells' declarations). `npm install`
// applies them to node_modules/tslab/dist/converter.js (scripts/setup.mjs); the kernel
// refuses to start unless exactly this patch is in place. If tslab changes, applying fails
// and names the hunk that no longer matches.
//   node kernels/tslab-patch.cjs          apply (idempotent)
//   node kernels/tslab-patch.cjs --check  exit 1 unless applied
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const TSLAB_VERSION = '1.0.22';
// Found from converter.js's own folder (node_modules/tslab/dist), so a moved checkout works.
const COMPILE_CACHE = `require("path").join(__dirname, "..", "..", "..", "kernels", "compile-cache.cjs")`;

const HUNKS = [
  {
    why: 'source maps, so that a traceback can name the line of the cell',
    from: `        declaration: true,
        newLine: ts.NewLineKind.LineFeed,`,
    to: `        declaration: true,
        sourceMap: true,
        newLine: ts.NewLineKind.LineFeed,`,
  },
  {
    why: 'TypeScript asks for a second timer when a file is created or deleted in a folder it watches for module lookups (a new file in src/ while a notebook is open); tslab threw "Unexpected pending rebuildTimer" in every later cell. That timer (failed-lookup invalidation) gets a real timer.',
    from: `    sys.setTimeout = (callback) => {
        // TypeScript compier implements debouncing using a timer.`,
    to: `    sys.setTimeout = (callback, ms) => {
        if (callback && callback.name === "invalidateResolutionsOfFailedLookup") {
            return { attentionLabTimer: setTimeout(callback, ms || 250) };
        }
        // TypeScript compier implements debouncing using a timer.`,
  },
  {
    why: 'the real timer above can be cleared',
    from: `    sys.clearTimeout = (timeoutId) => {
        if (rebuildTimer === timeoutId) {`,
    to: `    sys.clearTimeout = (timeoutId) => {
        if (timeoutId && timeoutId.attentionLabTimer) {
            clearTimeout(timeoutId.attentionLabTimer);
            return;
        }
        if (rebuildTimer === timeoutId) {`,
  },
  {
    why: 'imported files are checked once per content (kernels/compile-cache.cjs)',
    from: `        const diag = convertDiagnostics(getPreEmitDiagnosticsWithDependencies(builder, srcFile));`,
    to: `        const diag = convertDiagnostics(require(${COMPILE_CACHE}).cellDiagnostics(ts, builder.getProgram(), srcFile, declsFile, getAllSrcDependencies(builder, srcFile), () => getPreEmitDiagnosticsWithDependencies(builder, srcFile)));`,
  },
  {
    why: "src/'s files are transpiled one by one, with source maps (kernels/compile-cache.cjs)",
    from: `            if (dep !== srcFilename) {
                sideInputsConverted.add(dep);
            }`,
    to: `            if (dep !== srcFilename) {
                sideInputsConverted.add(dep);
                const relJs = path_1.default.relative(cwd, dep).replace(/\\.ts$/, ".js");
                if (!relJs.startsWith("..") && !path_1.default.isAbsolute(relJs) && require(${COMPILE_CACHE}).isProjectSource(dep)) {
                    if (!sideOutputs) {
                        sideOutputs = [];
                    }
                    sideOutputs.push({
                        path: (0, tspath_1.normalizeJoin)(cwd, relJs),
                        data: require(${COMPILE_CACHE}).transpileDependency(ts, builder.getSourceFile(dep), transpileTarget),
                    });
                    continue;
                }
            }`,
  },
  {
    why: "the cell's ES module and its source map are kept: the kernel makes the CommonJS itself, with a map",
    from: `                if (fileName === dstFilename) {
                    output = data;
                    return;
                }`,
    to: `                if (fileName === dstFilename) {
                    output = data;
                    return;
                }
                if (fileName === dstFilename + ".map") {
                    outputMap = data;
                    return;
                }
                if (fileName.endsWith(".js.map")) {
                    return;
                }`,
  },
  {
    why: '(declares the map)',
    from: `        let output;
        let declOutput;`,
    to: `        let output;
        let outputMap;
        let declOutput;`,
  },
  {
    why: '(returns it, and the line offset of the source tslab compiled)',
    from: `            output: esModuleToCommonJSModule(output, transpileTarget),
            declOutput,`,
    to: `            output: esModuleToCommonJSModule(output, transpileTarget),
            esOutput: output,
            outputMap,
            srcPrefixLines: srcPrefixOffsets.line,
            transpileTarget,
            declOutput,`,
  },
  {
    why: "an earlier cell's name in an object shorthand (`{ W_Q }`) was left unwrapped: ReferenceError. It becomes `{ W_Q: exports.W_Q }`.",
    from: `        function wrapPrevIdentifier(node) {
            var _a, _b;
            if (!ts.isIdentifier(node)) {`,
    to: `        function wrapPrevIdentifier(node) {
            var _a, _b;
            if (ts.isShorthandPropertyAssignment(node)) {
                const value = checker.getShorthandAssignmentValueSymbol(node);
                if (value && (value.declarations || []).some((d) => d.getSourceFile() === declsFile)) {
                    return ts.factory.createPropertyAssignment(ts.factory.createIdentifier(node.name.text), ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("exports"), ts.factory.createIdentifier(node.name.text)));
                }
                return node;
            }
            if (!ts.isIdentifier(node)) {`,
  },
];

const MARK = `/* patched by attention-lab (kernels/tslab-patch.cjs) */\n`;

function converterPath(tslabDir) {
  return path.join(tslabDir, 'dist', 'converter.js');
}

/** The patched text for tslab's original converter; throws naming a hunk that does not match. */
function patched(original) {
  let text = original;
  for (const [i, h] of HUNKS.entries()) {
    const at = text.indexOf(h.from);
    if (at < 0 || text.indexOf(h.from, at + 1) >= 0)
      throw new Error(
        `tslab's converter changed: hunk ${i + 1} (${h.why.slice(0, 60)}...) ${at < 0 ? 'is not there' : 'matches twice'}`,
      );
    text = text.slice(0, at) + h.to + text.slice(at + h.from.length);
  }
  return MARK + text;
}

function tslabVersion(tslabDir) {
  return JSON.parse(fs.readFileSync(path.join(tslabDir, 'package.json'), 'utf8')).version;
}

/** 'applied' | 'already applied'; throws if tslab is not the pinned version or the patch does not fit. */
function apply(tslabDir) {
  const version = tslabVersion(tslabDir);
  if (version !== TSLAB_VERSION)
    throw new Error(
      `tslab ${version} is installed; the kernel's patch is for tslab ${TSLAB_VERSION} (package.json pins it)`,
    );
  const file = converterPath(tslabDir);
  const text = fs.readFileSync(file, 'utf8');
  if (text.startsWith(MARK)) {
    if (isApplied(tslabDir)) return 'already applied';
    // An older version of this patch: patch tslab's original again.
    if (!fs.existsSync(`${file}.orig`))
      throw new Error(
        `${file} carries an older attention-lab patch and its original is gone: reinstall tslab (rm -rf node_modules/tslab && npm install)`,
      );
    fs.writeFileSync(file, patched(fs.readFileSync(`${file}.orig`, 'utf8')));
    return 'applied again (the patch changed)';
  }
  fs.writeFileSync(`${file}.orig`, text);
  fs.writeFileSync(file, patched(text));
  return 'applied';
}

/** Whether the installed converter is tslab's original with exactly these hunks. */
function isApplied(tslabDir) {
  try {
    const file = converterPath(tslabDir);
    const original = fs.readFileSync(`${file}.orig`, 'utf8');
    return fs.readFileSync(file, 'utf8') === patched(original);
  } catch {
    return false;
  }
}

module.exports = { apply, isApplied, TSLAB_VERSION, HUNKS };

if (require.main === module) {
  const tslabDir = path.join(__dirname, '..', 'node_modules', 'tslab');
  if (process.argv.includes('--check')) {
    const ok = isApplied(tslabDir);
    console.log(ok ? 'tslab patch: applied' : 'tslab patch: NOT applied (run npm install)');
    process.exit(ok ? 0 : 1);
  }
  try {
    console.log(`tslab patch: ${apply(tslabDir)} (${HUNKS.length} hunks to dist/converter.js)`);
  } catch (e) {
    console.error(`tslab patch: ${e.message}`);
    process.exit(1);
  }
}
