// complete_request, inspect_request and is_complete_request: answers that always come.
// Completion and inspection ask tslab's converter (TypeScript's language service over the
// earlier cells' declarations); if it throws, the reply is empty, never missing.
'use strict';

const path = require('node:path');

function createCompletion({ executor, tslabDir, ts, log }) {
  const converter = require(path.join(tslabDir, 'dist', 'converter.js'));
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
   * 'invalid' when it has a syntax error that more lines cannot fix, else 'complete'.
   */
  function isComplete(code) {
    const res = converter.isCompleteCode(code);
    if (!res.completed) return { status: 'incomplete', indent: res.indent ?? '' };
    if (/(^|\n)\s*\n\s*$/.test(code)) return { status: 'complete' }; // two blank lines: run it
    const src = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const diags = src.parseDiagnostics ?? [];
    return diags.length > 0 ? { status: 'invalid' } : { status: 'complete' };
  }

  return { complete, inspect, isComplete };
}

module.exports = { createCompletion };
