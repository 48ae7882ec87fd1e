// Layout pieces that several figure builders share: panels side by side, each on its
// own pair of axes with a title above it (heatmapGrid, imageRow, anglePanels,
// scatterPanels), and a slider over precomputed steps, one trace per step
// (heatmapSlider, barSlider). Each builder keeps its own axis styles and sizes.
import { InputError } from '../core/validate';

/** Where one panel sits: the axes its traces name, and its share of the figure's width. */
export interface Panel {
  /** For the panel's traces, e.g. { xaxis: 'x2', yaxis: 'y2' }. */
  axes: { xaxis: string; yaxis: string };
  /** From left to right, in paper coordinates (0..1). */
  domain: [number, number];
}

/**
 * n panels in one row, `gap` apart (paper coordinates), one per title. `axes` styles panel
 * i's x and y axis (given its place, so it can anchor them); returned with the panels are the
 * layout entries: the titles as annotations at height `titleY`, then xaxis1, yaxis1, xaxis2, ...
 */
export function panelLayout(
  titles: string[],
  gap: number,
  titleY: number,
  axes: (panel: Panel, i: number) => { xaxis: Record<string, unknown>; yaxis: Record<string, unknown> },
): { panels: Panel[]; layout: Record<string, unknown> } {
  const n = titles.length;
  const width = (1 - gap * (n - 1)) / n;
  const panels: Panel[] = titles.map((_, i) => ({
    axes: { xaxis: `x${i + 1}`, yaxis: `y${i + 1}` },
    domain: [i * (width + gap), i * (width + gap) + width],
  }));
  const layout: Record<string, unknown> = {
    annotations: titles.map((text, i) => ({
      text,
      x: i * (width + gap) + width / 2,
      y: titleY,
      xref: 'paper',
      yref: 'paper',
      showarrow: false,
    })),
  };
  panels.forEach((p, i) => {
    const { xaxis, yaxis } = axes(p, i);
    layout[`xaxis${i + 1}`] = xaxis;
    layout[`yaxis${i + 1}`] = yaxis;
  });
  return { panels, layout };
}

/** What a slider step needs: its label, and a subtitle shown while it is picked. */
export interface StepLabel {
  label: string;
  note?: string;
}

export interface StepSliderOptions {
  title?: string;
  /** Written before the picked step's label, e.g. "T =". */
  sliderTitle?: string;
  /** The step shown first. Default 0. */
  active?: number;
}

/**
 * A slider over precomputed steps, for a figure with `tracesPerStep` traces per step (the
 * traces of step i, in order, visible only at step i): computed in the kernel, it works in a
 * report with no kernel. Checks the steps and the active one (errors name `fn`); gives the
 * active step, the figure's title for it, and the layout's `sliders`, whose steps switch the
 * visible traces and the title.
 */
export function stepSlider(
  fn: string,
  steps: StepLabel[],
  options: StepSliderOptions,
  padTop: number,
  tracesPerStep = 1,
): { active: number; title: { text: string }; sliders: Array<Record<string, unknown>> } {
  if (!Array.isArray(steps) || steps.length === 0) throw new InputError(`${fn}: expected at least one step`);
  const active = options.active ?? 0;
  if (!Number.isInteger(active) || active < 0 || active >= steps.length)
    throw new InputError(`${fn}: active step ${active} is out of range (0..${steps.length - 1})`);
  const title = (s: StepLabel) => `${options.title ?? ''}${s.note ? `<br><sub>${s.note}</sub>` : ''}`;
  const sliders = [
    {
      active,
      currentvalue: { prefix: `${options.sliderTitle ?? ''} ` },
      pad: { t: padTop },
      steps: steps.map((s, i) => ({
        label: s.label,
        method: 'update',
        args: [
          { visible: steps.flatMap((_, j) => Array<boolean>(tracesPerStep).fill(j === i)) },
          { title: { text: title(s) } },
        ],
      })),
    },
  ];
  return { active, title: { text: title(steps[active]) }, sliders };
}
