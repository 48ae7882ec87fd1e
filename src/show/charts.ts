// Bar and line charts: bars per category (weights per token, feature vectors), bars
// with a slider over precomputed steps (softmax temperature), and lines (memory or time
// against sequence length, on log axes). They build plain figure objects; `showFigure`
// (display.ts) sends them, or a figure that is a cell's last expression shows itself.
import { InputError } from '../core/validate';
import { type Figure, displayable } from './display';
import { StepSliderOptions, stepSlider } from './layout';

export interface BarSeries {
  name: string;
  values: number[];
}

export interface BarOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Fixed y range, e.g. [0, 1] for probabilities. */
  yRange?: [number, number];
  /** Digits printed on each bar; -1 for none. Default 3. */
  digits?: number;
  height?: number;
}

function checkValues(values: unknown, n: number, what: string): number[] {
  if (!Array.isArray(values) || values.length !== n)
    throw new InputError(`${what}: expected ${n} values, got ${Array.isArray(values) ? values.length : typeof values}`);
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new InputError(`${what}: value ${i} is not a finite number`);
  });
  return values as number[];
}

function checkCategories(categories: unknown, what: string): string[] {
  if (!Array.isArray(categories) || categories.length === 0)
    throw new InputError(`${what}: expected a non-empty array of category labels`);
  // Plotly merges repeated category labels; number the repeats ("is", "is (2)").
  const seen = new Map<string, number>();
  return categories.map((c) => {
    const l = String(c);
    const k = (seen.get(l) ?? 0) + 1;
    seen.set(l, k);
    return k === 1 ? l : `${l} (${k})`;
  });
}

function barTrace(x: string[], s: BarSeries, digits: number, what: string): Record<string, unknown> {
  const y = checkValues(s.values, x.length, `${what} "${s.name}"`);
  const trace: Record<string, unknown> = {
    type: 'bar',
    name: s.name,
    x,
    y,
    hovertemplate: `${s.name}<br>%{x}: %{y:.4f}<extra></extra>`,
  };
  if (digits >= 0) {
    trace.text = y.map((v) => v.toFixed(digits));
    trace.textposition = 'outside';
  }
  return trace;
}

function barLayout(options: BarOptions, showlegend: boolean): Record<string, unknown> {
  return {
    title: { text: options.title ?? '' },
    height: options.height ?? 380,
    barmode: 'group',
    showlegend,
    xaxis: { title: { text: options.xTitle ?? '' }, type: 'category' },
    yaxis: { title: { text: options.yTitle ?? '' }, ...(options.yRange ? { range: options.yRange } : {}) },
    margin: { t: 70 },
  };
}

/** Grouped bars: one bar per category for each series. */
export function barChart(categories: string[], series: BarSeries[], options: BarOptions = {}): Figure {
  const x = checkCategories(categories, 'barChart categories');
  if (!Array.isArray(series) || series.length === 0) throw new InputError('barChart: expected at least one series');
  const digits = options.digits ?? 3;
  return displayable({
    data: series.map((s) => barTrace(x, s, digits, 'barChart series')),
    layout: barLayout(options, series.length > 1),
  });
}

export interface BarSliderStep {
  /** Slider label, e.g. "0.5". */
  label: string;
  values: number[];
  /** Optional subtitle shown for this step. */
  note?: string;
}

/** One bar series per precomputed step, with a slider to pick the step (works with no kernel). */
export function barSlider(
  categories: string[],
  steps: BarSliderStep[],
  options: BarOptions & StepSliderOptions = {},
): Figure {
  const x = checkCategories(categories, 'barSlider categories');
  const slider = stepSlider('barSlider', steps, options, 50);
  const digits = options.digits ?? 3;
  const data = steps.map((s, i) => ({
    ...barTrace(x, { name: s.label, values: s.values }, digits, 'barSlider step'),
    visible: i === slider.active,
  }));
  const layout = barLayout(options, false);
  layout.title = slider.title;
  layout.margin = { t: 90 };
  layout.sliders = slider.sliders;
  return displayable({ data, layout });
}

export interface LineSeries {
  name: string;
  x: number[];
  y: number[];
}

/** Lines with markers; log axes for quantities that grow as N or N^2. */
export function lineChart(
  series: LineSeries[],
  options: { title?: string; xTitle?: string; yTitle?: string; logX?: boolean; logY?: boolean; height?: number } = {},
): Figure {
  if (!Array.isArray(series) || series.length === 0) throw new InputError('lineChart: expected at least one series');
  const data = series.map((s) => {
    if (!Array.isArray(s.x) || s.x.length === 0) throw new InputError(`lineChart "${s.name}": expected a non-empty x`);
    const x = checkValues(s.x, s.x.length, `lineChart "${s.name}" x`);
    const y = checkValues(s.y, x.length, `lineChart "${s.name}" y`);
    for (const [v, log, axis] of [
      [x, options.logX, 'x'],
      [y, options.logY, 'y'],
    ] as const) {
      if (log && v.some((t) => t <= 0))
        throw new InputError(`lineChart "${s.name}": a log ${axis} axis needs values > 0`);
    }
    return { type: 'scatter', mode: 'lines+markers', name: s.name, x, y };
  });
  return displayable({
    data,
    layout: {
      title: { text: options.title ?? '' },
      height: options.height ?? 420,
      // On log axes, ticks as 10^k: plotly's default SI suffixes would write 10^11 bytes as "100B".
      xaxis: {
        title: { text: options.xTitle ?? '' },
        type: options.logX ? 'log' : 'linear',
        ...(options.logX ? { exponentformat: 'power' } : {}),
      },
      yaxis: {
        title: { text: options.yTitle ?? '' },
        type: options.logY ? 'log' : 'linear',
        ...(options.logY ? { exponentformat: 'power' } : {}),
      },
      margin: { t: 70 },
    },
  });
}
