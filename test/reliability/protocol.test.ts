// Jupyter protocol conformance of the TypeScript kernel (kernels/kernel.cjs), checked with
// jupyter_client by test/reliability/kernel_protocol.py. Checks named "gap: ..." pin down
// what the kernel still does not do (kernels/README.md, "Known gaps"): when one fails, the
// kernel's behaviour changed and that list must be updated.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { pythonResults } from '../helpers/kernel';

const CHECKS = [
  'kernel_info: protocol 5.3, TypeScript language_info with the real versions',
  'execute: execute_input with the count, stdout and stderr streams, reply ok with the same count',
  'execute: display_data, one mime type (tslab.display) and a full plotly bundle (showFigure)',
  'execute: store_history false keeps the count; silent sends no output and no execute_input',
  'error: reply and error message carry ename, evalue and traceback',
  'error: stop_on_error aborts only requests already queued; the next request runs',
  'async errors: a rejection in a cell fails it; a timer error after a cell fails the next cell, naming the first',
  'complete: names in scope and members',
  'complete: answers after failing cells (globals, earlier names, members)',
  'inspect: the signature of a function',
  'is_complete: complete and incomplete (with an indent)',
  'comm_info and history get their own replies (tslab answered comm_info with complete_reply, history not at all)',
  'interrupt: a busy loop and a pending await are stopped, the kernel and its state survive',
  'interrupt_request on the control channel stops a pending await (a busy loop needs the signal)',
  'execute_result: a last expression is Out[n] (text/plain), not stdout; a trailing ; or undefined hides it',
  'user_expressions: each evaluated after the cell, as a MIME bundle or an error',
  "is_complete: a syntax error is 'invalid'",
  'errors: a traceback names the cell and the line of the TypeScript written, not the compiled JavaScript',
  'errors: names declared before the failing line of a failed cell stay defined',
  'gap: a name declared after the failing line of a failed cell is declared but undefined',
  'gap: no debugger (kernel_info does not offer one)',
  'gap: an interrupt cannot stop a loop that runs after an await; restart the kernel',
  'restart: a new kernel process, state cleared, count from 1 (after the gap above, restart is the way out)',
  'shutdown_request: the reply echoes restart, the process exits with code 0',
  "source folder: a module created or deleted while the kernel runs breaks nothing (tslab threw 'Unexpected pending rebuildTimer' in every later cell)",
];

interface Check {
  check: string;
  ok: boolean | null;
  detail: unknown;
  seconds?: number;
}
let results: Map<string, Check>;

before(() => {
  const checks = pythonResults<Check[]>(path.join('reliability', 'kernel_protocol.py'), { timeout: 300_000 });
  results = new Map(checks.map((c) => [c.check, c]));
});

describe('kernel protocol (jupyter_client against the TypeScript kernel)', () => {
  test('the checks run are the checks listed here', () => {
    assert.deepEqual([...results.keys()], CHECKS);
  });
  for (const name of CHECKS) {
    test(name, () => {
      const r = results.get(name);
      assert.ok(r, 'not run');
      assert.ok(r.ok, String(r.detail));
    });
  }
});

// Jupyter's own conformance suite (jupyter_kernel_test 0.4.5), every message schema-checked.
// Tests without a sample (clear_output, history, pager) are skipped by the suite itself.
const CONFORMANCE = [
  'test_completion',
  'test_display_data',
  'test_error',
  'test_execute_result',
  'test_execute_stderr',
  'test_execute_stdout',
  'test_inspect',
  'test_is_complete',
  'test_kernel_info',
];

describe('jupyter_kernel_test against the TypeScript kernel', () => {
  let conformance: Check[];
  before(() => {
    conformance = pythonResults<Check[]>(path.join('reliability', 'kernel_conformance.py'), { timeout: 300_000 });
  });
  test('the tests that ran are the tests listed here', () => {
    assert.deepEqual(
      conformance
        .filter((c) => c.ok !== null)
        .map((c) => c.check)
        .sort(),
      CONFORMANCE,
    );
  });
  for (const name of CONFORMANCE) {
    test(name, () => {
      const r = conformance.find((c) => c.check === name);
      assert.ok(r, 'not run');
      assert.equal(r.ok, true, String(r.detail));
    });
  }
});
