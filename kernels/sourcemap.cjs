// Source maps (version 3), just enough to find the line of TypeScript a stack frame points at.
// A cell's JavaScript comes out of two compilations (the cell to an ES module, that module
// to CommonJS), so the two maps are composed.
'use strict';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...B64].map((c, i) => [c, i]));

function decodeVlq(segment) {
  const out = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const d = DIGIT.get(c);
    if (d === undefined) throw new Error(`bad source map character ${JSON.stringify(c)}`);
    value += (d & 31) << shift;
    if (d & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** For each generated line (0-based), its segments [column, sourceLine, sourceColumn], sorted. */
function parseMap(map) {
  const json = typeof map === 'string' ? JSON.parse(map) : map;
  const lines = [];
  let srcLine = 0;
  let srcCol = 0;
  let src = 0;
  for (const lineText of String(json.mappings).split(';')) {
    const segs = [];
    let col = 0;
    for (const seg of lineText.split(',')) {
      if (!seg) continue;
      const v = decodeVlq(seg);
      col += v[0];
      if (v.length >= 4) {
        src += v[1];
        srcLine += v[2];
        srcCol += v[3];
        segs.push([col, srcLine, srcCol, src]);
      }
    }
    lines.push(segs);
  }
  return { lines, sources: json.sources ?? [] };
}

/** {line, column} (0-based) in the source for a 0-based generated position, or null. */
function lookup(parsed, line, column) {
  const segs = parsed.lines[line];
  if (!segs || segs.length === 0) return null;
  let best = segs[0];
  for (const s of segs) {
    if (s[0] > column) break;
    best = s;
  }
  return { line: best[1], column: best[2] };
}

/** Maps a generated position through several maps, last compilation first. */
function through(maps, line, column) {
  let pos = { line, column };
  for (const m of maps) {
    pos = lookup(m, pos.line, pos.column);
    if (!pos) return null;
  }
  return pos;
}

module.exports = { parseMap, lookup, through };
