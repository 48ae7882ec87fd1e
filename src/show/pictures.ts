// Pictures side by side: small images, titled (imageRow), and pairs of 2-D vectors in
// panels with their angle (anglePanels, document 000's cos > 0, = 0 and < 0). They only
// build plain figure objects; `showFigure` (display.ts) sends them, or a figure that is a
// cell's last expression shows itself.
import { InputError } from '../core/validate';
import { type Figure, displayable } from './display';
import { panelLayout } from './layout';

/** Images side by side (each [row][column][r, g, b]), titled. */
export function imageRow(
  images: Array<{ image: number[][][]; title: string }>,
  options: { height?: number } = {},
): Figure {
  if (!Array.isArray(images) || images.length === 0) throw new InputError('imageRow: expected at least one image');
  const row = panelLayout(
    images.map((im) => im.title),
    0.05,
    1.12,
    ({ axes, domain }) => ({
      xaxis: { domain, visible: false, anchor: axes.yaxis },
      yaxis: { visible: false, anchor: axes.xaxis, scaleanchor: axes.xaxis },
    }),
  );
  return displayable({
    data: images.map((im, i) => ({
      type: 'image',
      z: im.image,
      ...row.panels[i].axes,
      hovertemplate: 'rgb%{z}<extra></extra>',
    })),
    layout: { height: options.height ?? 260, margin: { t: 40, b: 10, l: 10, r: 10 }, ...row.layout },
  });
}

/**
 * Pairs of 2-D vectors in panels side by side, each titled with its angle and
 * cosine: the document's picture of cos > 0, = 0 and < 0.
 */
export function anglePanels(
  pairs: Array<{ a: [number, number]; b: [number, number]; title: string }>,
  options: { height?: number } = {},
): Figure {
  if (!Array.isArray(pairs) || pairs.length === 0) throw new InputError('anglePanels: expected at least one pair');
  const grid = panelLayout(
    pairs.map((p) => p.title),
    0.06,
    1.15,
    ({ axes, domain }) => ({
      xaxis: { domain, range: [-1.3, 1.3], zeroline: true, anchor: axes.yaxis },
      yaxis: { range: [-1.3, 1.3], zeroline: true, scaleanchor: axes.xaxis, anchor: axes.xaxis },
    }),
  );
  const data = pairs.flatMap((p, i) =>
    (
      [
        [p.a, 'a', '#1f77b4'],
        [p.b, 'b', '#d62728'],
      ] as const
    ).map(([v, name, color]) => ({
      type: 'scatter',
      mode: 'lines+markers+text',
      x: [0, v[0]],
      y: [0, v[1]],
      text: ['', name],
      textposition: 'top center',
      line: { width: 3, color },
      marker: { size: [0, 12], symbol: 'arrow', angleref: 'previous', color },
      ...grid.panels[i].axes,
    })),
  );
  return displayable({
    data,
    layout: { height: options.height ?? 340, showlegend: false, margin: { t: 70 }, ...grid.layout },
  });
}
