// complete_request, inspect_request and is_complete_request: answers that always come.
// Completion and inspection ask tslab's converter (TypeScript's language service over the
// earlier cells' declarations); if it throws, the reply is empty, never missing.
'use strict';

const path = require('node:path');

/** The indent for the next line: the last line's, one level deeper after an opening bracket. */
function indentAfter(code) {
  const last = code.split('\n').pop() ?? '';
  const indent = /^[ \t]*/.exec(last)[0];
  return /[[({]\s*$/.test(last) ? `${indent}  ` : indent;
}

function createCompletion({ executor, tslabDir, ts, log }) {
  const { printQuickInfo } = require(path.join(tslabDir, 'dist', 'inspect.js'));

  function complete(code, cursor) {
    try {
      const info = executor.complete(code, cursor);
      return { status: 'ok', matches: info.candidates, cursor_start: info.start, cursor_end: info.end, metadata: {} };
    } catch (e) {
      log(`completion failed (an empty answer was sent): ${e?.message ?? e}`);
      return { status: 'ok', matches: [], cursor_start: cursor, cursor_end: cursor, metadata: {} };
    }
  }

  function inspect(code, cursor) {
    try {
      const info = executor.inspect(code, cursor);
      if (info) return { status: 'ok', found: true, data: { 'text/plain': printQuickInfo(info) }, metadata: {} };
    } catch (e) {
      log(`inspection failed (not found was sent): ${e?.message ?? e}`);
    }
    return { status: 'ok', found: false, data: {}, metadata: {} };
  }

  /**
   * 'incomplete' when the code stops where more is expected (an open bracket, `if (x)`),
   * 'invalid' when it has a syntax error that more lines cannot fix, else 'complete'. Code
   * that ends with a blank line is 'complete' (run it), as in tslab. tslab's own check
   * tests that with a regular expression that backtracks without end on long blank runs
   * (2,000 lines took 5 s): this one reads the text once.
   */
  function isComplete(code) {
    try {
      const tail = code.slice(code.trimEnd().length);
      const newlines = tail.split('\n').length - 1;
      if (newlines >= 2 || (code.trim() === '' && newlines >= 1)) return { status: 'complete' };
      const src = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const diags = src.parseDiagnostics ?? [];
      if (diags.length === 0) return { status: 'complete' };
      const atEnd = diags.some(
        (d) =>
          d.start === code.length &&
          d.length === 0 &&
          typeof d.messageText === 'string' &&
          d.messageText.endsWith(' expected.'),
      );
      return atEnd ? { status: 'incomplete', indent: indentAfter(code) } : { status: 'invalid' };
    } catch (e) {
      log(`is_complete failed ('unknown' was sent): ${e?.message ?? e}`);
      return { status: 'unknown' };
    }
  }

  return { complete, inspect, isComplete };
}

module.exports = { createCompletion };
