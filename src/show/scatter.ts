// Plotly figures of points: embedding spaces projected to 2-D or 3-D (coloured by
// group), panels side by side (raw pixels vs embeddings), and a few vectors drawn
// from the origin with the distance between two points and the angle between them.
// Like every figure of src/show, one that is a cell's last expression shows itself.
import { InputError } from '../core/validate';
import { type Figure, displayable } from './display';
import { panelLayout } from './layout';

const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

function checkPoints(points: unknown, what: string): number[][] {
  if (!Array.isArray(points) || points.length === 0)
    throw new InputError(`${what}: expected a non-empty array of points`);
  const dim = Array.isArray(points[0]) ? points[0].length : -1;
  if (dim !== 2 && dim !== 3) throw new InputError(`${what}: points must have 2 or 3 coordinates, got ${dim}`);
  points.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== dim || !p.every((v) => typeof v === 'number' && Number.isFinite(v)))
      throw new InputError(`${what}: point ${i} is not ${dim} finite numbers`);
  });
  return points as number[][];
}

export interface ScatterOptions {
  /** The group of each point (one colour and legend entry per group). */
  groups?: Array<string | number>;
  /** Text for each point (hover, and drawn beside it when showText). */
  text?: string[];
  showText?: boolean;
  title?: string;
  height?: number;
  markerSize?: number;
  xTitle?: string;
  yTitle?: string;
}

/** The traces of one scatter (one per group), for a 2-D or 3-D set of points. */
export function scatterTraces(
  points: number[][],
  options: ScatterOptions = {},
  axes: Record<string, string> = {},
  showLegend = true,
): Array<Record<string, unknown>> {
  const pts = checkPoints(points, 'scatter');
  const groups = options.groups ?? pts.map(() => '');
  if (groups.length !== pts.length) throw new InputError(`scatter: ${groups.length} groups for ${pts.length} points`);
  if (options.text && options.text.length !== pts.length)
    throw new InputError(`scatter: ${options.text.length} texts for ${pts.length} points`);
  const names = Array.from(new Set(groups.map(String)));
  if (names.every((n) => n !== '' && Number.isFinite(Number(n)))) names.sort((a, b) => Number(a) - Number(b)); // digits 0..9 in order
  const is3d = pts[0].length === 3;
  return names.map((name, g) => {
    const idx = groups.map((v, i) => (String(v) === name ? i : -1)).filter((i) => i >= 0);
    const trace: Record<string, unknown> = {
      type: is3d ? 'scatter3d' : 'scatter',
      mode: options.showText ? 'markers+text' : 'markers',
      name: name || 'points',
      x: idx.map((i) => pts[i][0]),
      y: idx.map((i) => pts[i][1]),
      marker: { size: options.markerSize ?? (is3d ? 4 : 7), color: PALETTE[g % PALETTE.length], opacity: 0.85 },
      legendgroup: name,
      showlegend: showLegend && names.length > 1,
      ...axes,
    };
    if (is3d) trace.z = idx.map((i) => pts[i][2]);
    if (options.text) {
      trace.text = idx.map((i) => options.text![i]);
      trace.textposition = 'top center';
      trace.hovertemplate = '%{text}<extra>' + name + '</extra>';
    }
    return trace;
  });
}

/** Points in 2-D or 3-D, coloured by group. */
export function scatterFigure(points: number[][], options: ScatterOptions = {}): Figure {
  const is3d = checkPoints(points, 'scatterFigure')[0].length === 3;
  return displayable({
    data: scatterTraces(points, options),
    layout: {
      title: { text: options.title ?? '' },
      height: options.height ?? 480,
      xaxis: { title: { text: options.xTitle ?? '' } },
      yaxis: { title: { text: options.yTitle ?? '' } },
      ...(is3d ? { scene: { aspectmode: 'cube' } } : {}),
      margin: { t: 60 },
    },
  });
}

/** Several 2-D scatters side by side with a shared legend (e.g. raw pixels vs embeddings). */
export function scatterPanels(
  panels: Array<{ points: number[][]; title: string } & ScatterOptions>,
  options: { title?: string; height?: number } = {},
): Figure {
  if (!Array.isArray(panels) || panels.length === 0) throw new InputError('scatterPanels: expected at least one panel');
  const grid = panelLayout(
    panels.map((p) => `<b>${p.title}</b>`),
    0.07,
    1.08,
    ({ axes, domain }) => ({
      xaxis: { domain, anchor: axes.yaxis, zeroline: false },
      yaxis: { anchor: axes.xaxis, zeroline: false },
    }),
  );
  const data = panels.flatMap((p, i) => {
    if (checkPoints(p.points, `scatterPanels panel ${i}`)[0].length !== 2)
      throw new InputError('scatterPanels: panels must be 2-D');
    return scatterTraces(p.points, p, grid.panels[i].axes, i === 0);
  });
  return displayable({
    data,
    layout: { title: { text: options.title ?? '' }, height: options.height ?? 430, margin: { t: 90 }, ...grid.layout },
  });
}

export interface VectorsOptions {
  title?: string;
  height?: number;
  /** Draw each vector as a line from the origin. */
  fromOrigin?: boolean;
  /** Dashed segments between pairs of points, labelled (e.g. with their distance). */
  segments?: Array<{ from: number; to: number; label: string }>;
  /** An arc marking the angle between two vectors, labelled. */
  angle?: { a: number; b: number; label: string };
}

/** A few named points (2-D or 3-D), optionally as vectors from the origin, with distances and an angle marked. */
export function vectorsFigure(points: number[][], names: string[], options: VectorsOptions = {}): Figure {
  const pts = checkPoints(points, 'vectorsFigure');
  if (!Array.isArray(names) || names.length !== pts.length)
    throw new InputError(`vectorsFigure: ${names?.length} names for ${pts.length} points`);
  const is3d = pts[0].length === 3;
  const type = is3d ? 'scatter3d' : 'scatter';
  const xyz = (ps: number[][]) =>
    is3d
      ? { x: ps.map((p) => p[0]), y: ps.map((p) => p[1]), z: ps.map((p) => p[2]) }
      : { x: ps.map((p) => p[0]), y: ps.map((p) => p[1]) };
  const origin = pts[0].map(() => 0);
  const data: Array<Record<string, unknown>> = [];
  pts.forEach((p, i) => {
    const color = PALETTE[i % PALETTE.length];
    if (options.fromOrigin)
      data.push({
        type,
        mode: 'lines',
        ...xyz([origin, p]),
        line: { color, width: 5 },
        showlegend: false,
        hoverinfo: 'skip',
      });
    data.push({
      type,
      mode: 'markers+text',
      name: names[i],
      ...xyz([p]),
      text: [`${names[i]} (${p.join(', ')})`],
      textposition: 'top center',
      marker: { size: is3d ? 6 : 12, color },
      showlegend: false,
    });
  });
  for (const s of options.segments ?? []) {
    const [a, b] = [pts[s.from], pts[s.to]];
    if (!a || !b) throw new InputError(`vectorsFigure: segment ${s.from}-${s.to} names a missing point`);
    const mid = a.map((v, k) => (v + b[k]) / 2);
    data.push({
      type,
      mode: 'lines',
      ...xyz([a, b]),
      line: { color: '#444', width: 3, dash: 'dash' },
      showlegend: false,
      hoverinfo: 'skip',
    });
    data.push({
      type,
      mode: 'text',
      ...xyz([mid]),
      text: [s.label],
      textposition: 'middle right',
      showlegend: false,
      hoverinfo: 'skip',
    });
  }
  if (options.angle) {
    const [a, b] = [pts[options.angle.a], pts[options.angle.b]];
    if (!a || !b) throw new InputError('vectorsFigure: the angle names a missing point');
    const len = (v: number[]) => Math.hypot(...v);
    const ua = a.map((v) => v / len(a));
    const ub = b.map((v) => v / len(b));
    const theta = Math.acos(
      Math.max(
        -1,
        Math.min(
          1,
          ua.reduce((s, v, k) => s + v * ub[k], 0),
        ),
      ),
    );
    const r = 0.35 * Math.min(len(a), len(b));
    // slerp from a's direction to b's
    const arc = Array.from({ length: 25 }, (_, i) => {
      const t = i / 24;
      const wa = Math.sin((1 - t) * theta) / Math.sin(theta);
      const wb = Math.sin(t * theta) / Math.sin(theta);
      return ua.map((v, k) => r * (wa * v + wb * ub[k]));
    });
    data.push({
      type,
      mode: 'lines',
      ...xyz(arc),
      line: { color: '#9467bd', width: 4 },
      showlegend: false,
      hoverinfo: 'skip',
    });
    data.push({
      type,
      mode: 'text',
      ...xyz([arc[12].map((v) => v * 1.25)]),
      text: [options.angle.label],
      showlegend: false,
      hoverinfo: 'skip',
    });
  }
  const layout: Record<string, unknown> = {
    title: { text: options.title ?? '' },
    height: options.height ?? 460,
    margin: { t: 60 },
  };
  if (is3d) {
    // axes from 0 (the origin in view) to a little past the largest coordinate, all on one scale
    const top = Math.ceil(Math.max(...pts.flat(), 1) * 1.15);
    const axis = (t: string) => ({ title: { text: t }, range: [Math.min(0, ...pts.flat()), top] });
    layout.scene = {
      aspectmode: 'cube',
      xaxis: axis('x'),
      yaxis: axis('y'),
      zaxis: axis('z'),
      camera: { eye: { x: 1.5, y: -1.6, z: 0.9 } },
    };
  } else
    Object.assign(layout, {
      xaxis: { title: { text: 'x' }, zeroline: true, rangemode: 'tozero' },
      yaxis: { title: { text: 'y' }, zeroline: true, scaleanchor: 'x', rangemode: 'tozero' },
    });
  return displayable({ data, layout });
}
