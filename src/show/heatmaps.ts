// Heatmaps of labelled matrices (similarity, scores, attention weights): one, several
// side by side, or one with a slider over precomputed steps (temperature, scale,
// window), and a colour-scale flip so that larger weights read darker; the weights*
// forms fix the scale attention weights are drawn on (0 to 1, 'Blues' reversed). They
// only build plain figure objects; `showFigure` (display.ts) sends them, or a figure that
// is a cell's last expression shows itself. Tensors are read once here.
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from '../core/backend';
import { InputError } from '../core/validate';
import { type Figure, displayable } from './display';
import { StepSliderOptions, panelLayout, stepSlider } from './layout';

function rowsOf(m: number[][] | Tensor, what: string): number[][] {
  if (m instanceof tf.Tensor) {
    if (m.rank !== 2) throw new InputError(`${what}: expected a matrix (rank 2), got shape [${m.shape.join(', ')}]`);
    return m.arraySync() as number[][];
  }
  if (!Array.isArray(m) || m.length === 0 || !Array.isArray(m[0]))
    throw new InputError(`${what}: expected a non-empty number[][] or a rank-2 tensor`);
  m.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== m[0].length)
      throw new InputError(`${what}: row ${i} does not have ${m[0].length} values`);
    r.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new InputError(`${what}: element [${i}][${j}] is not a finite number`);
    });
  });
  return m;
}

export interface HeatmapOptions {
  rowLabels?: string[];
  colLabels?: string[];
  title?: string;
  /** Digits shown in each cell; set to -1 for no numbers. Default 2. */
  digits?: number;
  zmin?: number;
  zmax?: number;
  colorscale?: string;
  xTitle?: string;
  yTitle?: string;
  height?: number;
}

function labelsFor(n: number, given: string[] | undefined, what: string): string[] {
  if (given === undefined) return Array.from({ length: n }, (_, i) => String(i));
  if (given.length !== n) throw new InputError(`${what}: ${given.length} labels for ${n} entries`);
  // Plotly merges duplicate category labels; make repeated tokens ("is", "is") distinct.
  const seen = new Map<string, number>();
  return given.map((l) => {
    const k = (seen.get(l) ?? 0) + 1;
    seen.set(l, k);
    return k === 1 ? l : `${l} (${k})`;
  });
}

/** One heatmap trace (rows top to bottom, as the matrix is printed). */
export function heatmapTrace(matrix: number[][] | Tensor, options: HeatmapOptions = {}): Record<string, unknown> {
  const z = rowsOf(matrix, 'heatmap');
  const { digits = 2 } = options;
  const trace: Record<string, unknown> = {
    type: 'heatmap',
    z,
    x: labelsFor(z[0].length, options.colLabels, 'heatmap column labels'),
    y: labelsFor(z.length, options.rowLabels, 'heatmap row labels'),
    colorscale: options.colorscale ?? 'Viridis',
    hovertemplate: '%{y} → %{x}: %{z:.4f}<extra></extra>',
  };
  if (options.zmin !== undefined) trace.zmin = options.zmin;
  if (options.zmax !== undefined) trace.zmax = options.zmax;
  if (digits >= 0) {
    trace.text = z.map((r) => r.map((v) => v.toFixed(digits)));
    trace.texttemplate = '%{text}';
  }
  return trace;
}

/** An annotated heatmap of a labelled matrix (similarity, scores or attention weights). */
export function heatmap(matrix: number[][] | Tensor, options: HeatmapOptions = {}): Figure {
  return displayable({
    data: [heatmapTrace(matrix, options)],
    layout: {
      title: { text: options.title ?? '' },
      height: options.height ?? 420,
      xaxis: { title: { text: options.xTitle ?? '' }, side: 'top' },
      yaxis: { title: { text: options.yTitle ?? '' }, autorange: 'reversed' },
      margin: { t: 90 },
    },
  });
}

/** Several heatmaps side by side, each with its own title. */
export function heatmapGrid(
  panels: Array<{ matrix: number[][] | Tensor; title: string } & HeatmapOptions>,
  options: { title?: string; height?: number } = {},
): Figure {
  if (!Array.isArray(panels) || panels.length === 0) throw new InputError('heatmapGrid: expected at least one panel');
  const grid = panelLayout(
    panels.map((p) => `<b>${p.title}</b>`),
    0.06,
    1.2,
    ({ axes, domain }, i) => ({
      xaxis: { domain, side: 'top', anchor: axes.yaxis },
      yaxis: { autorange: 'reversed', anchor: axes.xaxis, showticklabels: i === 0 },
    }),
  );
  const data = panels.map((p, i) => ({
    ...heatmapTrace(p.matrix, p),
    ...grid.panels[i].axes,
    showscale: i === panels.length - 1,
  }));
  return displayable({
    data,
    layout: { title: { text: options.title ?? '' }, height: options.height ?? 420, margin: { t: 110 }, ...grid.layout },
  });
}

export interface SliderStep {
  /** Slider label, e.g. "T = 0.5". */
  label: string;
  matrix: number[][] | Tensor;
  /** Optional subtitle shown for this step. */
  note?: string;
}

/**
 * A heatmap with a slider over precomputed steps (temperature, scale, window...).
 * Every step is computed in the kernel, so the HTML report stays interactive
 * with no kernel and no network.
 */
export function heatmapSlider(steps: SliderStep[], options: HeatmapOptions & StepSliderOptions = {}): Figure {
  const slider = stepSlider('heatmapSlider', steps, options, 30);
  const traces = steps.map((s) => heatmapTrace(s.matrix, options));
  return displayable({
    data: traces.map((t, i) => ({ ...t, visible: i === slider.active, name: steps[i].label })),
    layout: {
      title: slider.title,
      height: options.height ?? 480,
      xaxis: { title: { text: options.xTitle ?? '' }, side: 'top' },
      yaxis: { title: { text: options.yTitle ?? '' }, autorange: 'reversed' },
      margin: { t: 100 },
      sliders: slider.sliders,
    },
  });
}

/**
 * The same figure with the colour scale of every heatmap reversed. Plotly's 'Blues' runs from
 * dark blue at 0 to light grey at 1; reversed, a larger weight (or an attended pair) is darker.
 */
export function reverseColorscale(fig: Figure): Figure {
  if (fig === null || typeof fig !== 'object' || !Array.isArray(fig.data))
    throw new InputError('reverseColorscale: expected a plotly figure {data: [...]}');
  return displayable({ ...fig, data: fig.data.map((t) => (t.type === 'heatmap' ? { ...t, reversescale: true } : t)) });
}

/** Options of the weights* heatmaps: those of `heatmap` but the scale, which they fix. */
export type WeightsHeatmapOptions = Omit<HeatmapOptions, 'zmin' | 'zmax' | 'colorscale'>;

/** The scale of every attention-weights picture: 0 to 1, in 'Blues' (reversed: a larger weight is darker). */
const WEIGHTS_SCALE = { zmin: 0, zmax: 1, colorscale: 'Blues' } as const;

function weightsOptions<T extends object>(options: T, fn: string): T & typeof WEIGHTS_SCALE {
  if (options === null || typeof options !== 'object') throw new InputError(`${fn}: expected an options object`);
  const fixed = Object.keys(WEIGHTS_SCALE).filter((k) => k in options);
  if (fixed.length)
    throw new InputError(
      `${fn}: ${fixed.join(', ')} is fixed (0 to 1, 'Blues'); for another scale use heatmap and reverseColorscale`,
    );
  return { ...options, ...WEIGHTS_SCALE };
}

/**
 * Attention weights (or any values in [0, 1]: masks, one-hot rows, cosines) as a heatmap from
 * 0 to 1 in 'Blues', reversed so that a larger weight is darker.
 */
export function weightsHeatmap(matrix: number[][] | Tensor, options: WeightsHeatmapOptions = {}): Figure {
  return reverseColorscale(heatmap(matrix, weightsOptions(options, 'weightsHeatmap')));
}

/** Several weights heatmaps side by side (heatmapGrid), every panel on the 0-to-1 'Blues' scale. */
export function weightsHeatmapGrid(
  panels: Array<{ matrix: number[][] | Tensor; title: string } & WeightsHeatmapOptions>,
  options: { title?: string; height?: number } = {},
): Figure {
  if (!Array.isArray(panels) || panels.length === 0)
    throw new InputError('weightsHeatmapGrid: expected at least one panel');
  return reverseColorscale(
    heatmapGrid(
      panels.map((p, i) => weightsOptions(p, `weightsHeatmapGrid panel ${i}`)),
      options,
    ),
  );
}

/** A weights heatmap with a slider over precomputed steps (heatmapSlider), on the 0-to-1 'Blues' scale. */
export function weightsHeatmapSlider(
  steps: SliderStep[],
  options: WeightsHeatmapOptions & StepSliderOptions = {},
): Figure {
  if (!Array.isArray(steps) || steps.length === 0)
    throw new InputError('weightsHeatmapSlider: expected at least one step');
  return reverseColorscale(heatmapSlider(steps, weightsOptions(options, 'weightsHeatmapSlider')));
}

/** One panel of a weights grid: a map with its title and labels. */
export type WeightsPanel = { matrix: number[][] | Tensor; title: string } & WeightsHeatmapOptions;

export interface WeightsGridStep {
  /** Slider label, e.g. "layer 1" or "step 200". */
  label: string;
  note?: string;
  /** The same number of panels at every step, side by side. */
  panels: WeightsPanel[];
}

/** Steps or rows of a grid: at least one, each with the same number of panels (at least one); returns it. */
function samePanelCount(fn: string, groups: Array<{ panels: WeightsPanel[] }>, noun: string): number {
  if (!Array.isArray(groups) || groups.length === 0) throw new InputError(`${fn}: expected at least one ${noun}`);
  const count = groups[0].panels?.length;
  groups.forEach((g, i) => {
    if (!Array.isArray(g.panels) || g.panels.length === 0 || g.panels.length !== count)
      throw new InputError(`${fn}: ${noun} ${i} has ${g.panels?.length ?? 0} panels, expected ${count} (at least one)`);
  });
  return count;
}

/**
 * Weights heatmaps side by side with a slider over precomputed steps (a layer, a training
 * step): at each step every panel changes, e.g. one map per head. 0-to-1 'Blues' scale.
 */
export function weightsHeatmapGridSlider(
  steps: WeightsGridStep[],
  options: { title?: string; height?: number; sliderTitle?: string; active?: number } = {},
): Figure {
  const fn = 'weightsHeatmapGridSlider';
  const width = samePanelCount(fn, steps, 'step');
  const slider = stepSlider(fn, steps, options, 30, width);
  const grid = panelLayout(
    steps[slider.active].panels.map((p) => `<b>${p.title}</b>`),
    0.04,
    1.03,
    // Key labels below the maps (turned, as pieces and characters can be many), titles above.
    ({ axes, domain }, i) => ({
      xaxis: { domain, side: 'bottom', anchor: axes.yaxis, tickangle: -60 },
      yaxis: { autorange: 'reversed', anchor: axes.xaxis, showticklabels: i === 0 },
    }),
  );
  const data = steps.flatMap((s, k) =>
    s.panels.map((p, i) => ({
      ...heatmapTrace(p.matrix, weightsOptions(p, `${fn} step ${k} panel ${i}`)),
      ...grid.panels[i].axes,
      reversescale: true,
      showscale: i === width - 1,
      visible: k === slider.active,
      name: `${s.label}: ${p.title}`,
    })),
  );
  return displayable({
    data,
    layout: {
      title: slider.title,
      height: options.height ?? 460,
      margin: { t: 110, b: 150 },
      sliders: slider.sliders.map((sl) => ({ ...sl, pad: { t: 100 } })),
      // The panels' titles are the active step's; the subtitle says which step is shown.
      ...grid.layout,
    },
  });
}

/**
 * A grid of weights heatmaps, one row per group (a layer) and one column per panel (a head):
 * the "model view" of a Transformer's attention. 0-to-1 'Blues' scale.
 */
export function weightsHeatmapRows(
  rows: Array<{ title: string; panels: WeightsPanel[] }>,
  options: { title?: string; height?: number } = {},
): Figure {
  const fn = 'weightsHeatmapRows';
  const cols = samePanelCount(fn, rows, 'row');
  const gap = 0.03;
  const w = (1 - gap * (cols - 1)) / cols;
  const vgap = 0.08;
  const h = (1 - vgap * (rows.length - 1)) / rows.length;
  const layout: Record<string, unknown> = { annotations: [] as unknown[] };
  const data: Array<Record<string, unknown>> = [];
  rows.forEach((r, ri) => {
    const top = 1 - ri * (h + vgap);
    r.panels.forEach((p, ci) => {
      const k = ri * cols + ci + 1;
      const x: [number, number] = [ci * (w + gap), ci * (w + gap) + w];
      layout[`xaxis${k}`] = { domain: x, anchor: `y${k}`, showticklabels: false };
      layout[`yaxis${k}`] = { domain: [top - h, top], anchor: `x${k}`, autorange: 'reversed', showticklabels: false };
      (layout.annotations as unknown[]).push({
        text: `${r.title} · ${p.title}`,
        x: (x[0] + x[1]) / 2,
        y: top,
        xref: 'paper',
        yref: 'paper',
        yanchor: 'bottom',
        showarrow: false,
        font: { size: 11 },
      });
      data.push({
        ...heatmapTrace(p.matrix, { ...weightsOptions(p, `${fn} row ${ri} panel ${ci}`), digits: -1 }),
        xaxis: `x${k}`,
        yaxis: `y${k}`,
        reversescale: true,
        showscale: k === 1,
      });
    });
  });
  return displayable({
    data,
    layout: { title: { text: options.title ?? '' }, height: options.height ?? 220 * rows.length + 80, ...layout },
  });
}
