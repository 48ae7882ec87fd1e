// Pictures side by side: small images, titled (imageRow), and pairs of 2-D vectors in
// panels with their angle (anglePanels, document 000's cos > 0, = 0 and < 0). They only
// build plain figure objects; `showFigure` (display.ts) sends them.
import type { Figure } from './display';
import { InputError } from '../core/validate';

/** Images side by side (each [row][column][r, g, b]), titled. */
export function imageRow(images: Array<{ image: number[][][]; title: string }>, options: { height?: number } = {}): Figure {
  if (!Array.isArray(images) || images.length === 0) throw new InputError('imageRow: expected at least one image');
  const n = images.length;
  const gap = 0.05;
  const width = (1 - gap * (n - 1)) / n;
  const layout: Record<string, unknown> = {
    height: options.height ?? 260,
    margin: { t: 40, b: 10, l: 10, r: 10 },
    annotations: images.map((im, i) => ({
      text: im.title,
      x: i * (width + gap) + width / 2,
      y: 1.12,
      xref: 'paper',
      yref: 'paper',
      showarrow: false,
    })),
  };
  images.forEach((_, i) => {
    layout[`xaxis${i + 1}`] = { domain: [i * (width + gap), i * (width + gap) + width], visible: false, anchor: `y${i + 1}` };
    layout[`yaxis${i + 1}`] = { visible: false, anchor: `x${i + 1}`, scaleanchor: `x${i + 1}` };
  });
  return {
    data: images.map((im, i) => ({ type: 'image', z: im.image, xaxis: `x${i + 1}`, yaxis: `y${i + 1}`, hovertemplate: 'rgb%{z}<extra></extra>' })),
    layout,
  };
}

/**
 * Pairs of 2-D vectors in panels side by side, each titled with its angle and
 * cosine: the document's picture of cos > 0, = 0 and < 0.
 */
export function anglePanels(pairs: Array<{ a: [number, number]; b: [number, number]; title: string }>, options: { height?: number } = {}): Figure {
  if (!Array.isArray(pairs) || pairs.length === 0) throw new InputError('anglePanels: expected at least one pair');
  const n = pairs.length;
  const gap = 0.06;
  const width = (1 - gap * (n - 1)) / n;
  const data: Array<Record<string, unknown>> = [];
  const layout: Record<string, unknown> = {
    height: options.height ?? 340,
    showlegend: false,
    margin: { t: 70 },
    annotations: pairs.map((p, i) => ({ text: p.title, x: i * (width + gap) + width / 2, y: 1.15, xref: 'paper', yref: 'paper', showarrow: false })),
  };
  pairs.forEach((p, i) => {
    const axes = { xaxis: `x${i + 1}`, yaxis: `y${i + 1}` };
    for (const [v, name, color] of [[p.a, 'a', '#1f77b4'], [p.b, 'b', '#d62728']] as const) {
      data.push({
        type: 'scatter', mode: 'lines+markers+text', x: [0, v[0]], y: [0, v[1]], text: ['', name], textposition: 'top center',
        line: { width: 3, color }, marker: { size: [0, 12], symbol: 'arrow', angleref: 'previous', color }, ...axes,
      });
    }
    layout[`xaxis${i + 1}`] = { domain: [i * (width + gap), i * (width + gap) + width], range: [-1.3, 1.3], zeroline: true, anchor: `y${i + 1}` };
    layout[`yaxis${i + 1}`] = { range: [-1.3, 1.3], zeroline: true, scaleanchor: `x${i + 1}`, anchor: `x${i + 1}` };
  });
  return { data, layout };
}
