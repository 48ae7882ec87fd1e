// What a show or check function prints outside a kernel (console.log), and what it throws.
export function printedAndThrown(fn: () => void): { text: string; error: unknown } {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => lines.push(a.map(String).join(' '));
  let error: unknown = null;
  try {
    fn();
  } catch (e) {
    error = e;
  } finally {
    console.log = log;
  }
  return { text: lines.join('\n'), error };
}
