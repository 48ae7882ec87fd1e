// reports/bench.html from the result object scripts/bench.mjs writes to reports/bench.json:
// the summary table, one section per case (table + plotly charts), the machine and the load.
// plotly.js is inlined once, so the page opens from disk with no network.
import fs from 'node:fs';

const esc = (s) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
const ms = (x) => (x == null ? 'n/a' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 2 : 1)} ms`);
const GiB = 1024 ** 3;
const bytes = (b) =>
  b == null ? 'n/a' : b >= GiB ? `${(b / GiB).toFixed(2)} GiB` : `${(b / 1024 ** 2).toFixed(0)} MiB`;
const spread = (s) => (s ? `${ms(s.median)} <small>(${ms(s.p25)} to ${ms(s.p75)}, n = ${s.n})</small>` : 'n/a');

function htmlTable(head, rows) {
  return `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c ?? ''}</td>`).join('')}</tr>`)
    .join('')}</table>`;
}

const safeJson = (v) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

let plotId = 0;
function plot(data, layout) {
  plotId += 1;
  const id = `bench-plot-${plotId}`;
  const fig = {
    data,
    layout: { margin: { t: 50, r: 20 }, height: 380, ...layout },
    config: { responsive: true, displaylogo: false },
  };
  return `<div id="${id}" class="bench-plot" style="width:100%;height:${fig.layout.height}px"></div>
<script>Plotly.newPlot(${JSON.stringify(id)}, ${safeJson(fig)}.data, ${safeJson(fig)}.layout, ${safeJson(fig.config)});</script>`;
}

const met = (m) => (m ? `<span class="${String(m).startsWith('met') ? 'ok' : 'bad'}">${esc(m)}</span>` : '');
const logAxis = (title) => ({ title: { text: title }, type: 'log' });

function sectionMatmul(c) {
  const rows = c.rows.map((r) => [
    `${r.n} × ${r.n}`,
    spread(r.tfjs),
    spread(r.numpy),
    r.gflopsTfjs,
    r.gflopsNumpy,
    r.ratio,
    r.throughputFraction,
    met(r.throughputFraction >= 0.8 ? 'met' : 'MISSED'),
  ]);
  return `<h2>1 · Matrix multiply, float32</h2><p>Target: ${esc(c.target)}.</p>
${htmlTable(['size', 'tfjs-node', 'numpy', 'GFLOP/s tfjs', 'GFLOP/s numpy', 'time ratio', 'throughput vs numpy', 'target'], rows)}
${plot(
  ['tfjs', 'numpy'].map((k) => ({
    type: 'bar',
    name: k === 'tfjs' ? 'tfjs-node' : 'numpy',
    x: c.rows.map((r) => `${r.n}×${r.n}`),
    y: c.rows.map((r) => (k === 'tfjs' ? r.gflopsTfjs : r.gflopsNumpy)),
  })),
  { title: { text: 'matmul throughput (higher is better)' }, yaxis: { title: { text: 'GFLOP/s' } } },
)}`;
}

function sectionAttention(c) {
  const impls = [
    ['flash', 'ours: flashAttention (fused kernel when built)'],
    ['tfjsOps', 'ours: flashAttention on tfjs ops'],
    ['plain', 'ours: scaledDotProductAttention (also returns weights)'],
    ['torch', 'torch sdpa'],
    ['numpy', 'numpy, plain'],
  ];
  const rows = c.rows.map((r) => [
    r.N,
    r.causal ? 'yes' : 'no',
    spread(r.flash),
    r.tfjsOps ? spread(r.tfjsOps) : '',
    spread(r.plain),
    spread(r.torch),
    spread(r.numpy),
    r.gflops ? `${r.gflops.flash} / ${r.gflops.tfjsOps} / ${r.gflops.torch} of ${r.peakGflops}` : '',
    r.ratio,
    r.ratioTfjsOps ?? '',
    r.ratioPlain,
    r.N >= 1024 ? met(r.ratio <= 1.0 ? 'met' : 'MISSED') : '',
    r.maxAbsDiffVsTorch
      ? Object.entries(r.maxAbsDiffVsTorch)
          .map(([k, v]) => `${k} ${v.toExponential(1)}`)
          .join(', ')
      : '',
  ]);
  const charts = [false, true].map((causal) => {
    const rs = c.rows.filter((r) => r.causal === causal);
    return plot(
      impls.map(([k, name]) => ({
        type: 'scatter',
        mode: 'lines+markers',
        name,
        x: rs.map((r) => r.N),
        y: rs.map((r) => r[k]?.median ?? null),
      })),
      {
        title: { text: `attention time vs N${causal ? ', causal' : ''} (batch 1, 8 heads, width 64)` },
        xaxis: logAxis('N (sequence length)'),
        yaxis: logAxis('ms (median)'),
      },
    );
  });
  const ratio = plot(
    [
      ...[false, true].flatMap((causal) =>
        [
          ['ratio', 'flash'],
          ['ratioTfjsOps', 'tfjs ops'],
          ['ratioPlain', 'plain'],
        ].map(([k, name]) => {
          const rs = c.rows.filter((r) => r.causal === causal);
          return {
            type: 'scatter',
            mode: 'lines+markers',
            name: `${name} / torch${causal ? ', causal' : ''}`,
            x: rs.map((r) => r.N),
            y: rs.map((r) => r[k]),
          };
        }),
      ),
      {
        type: 'scatter',
        mode: 'lines',
        name: 'target 1.0',
        x: [256, 4096],
        y: [1.0, 1.0],
        line: { dash: 'dash', color: '#b00020' },
      },
    ],
    {
      title: { text: 'time ratio to torch (lower is better)' },
      xaxis: logAxis('N'),
      yaxis: { title: { text: 'ours / torch' } },
    },
  );
  const profiles = c.rows
    .filter((r) => r.flashProfile)
    .map((r) => {
      const ops = Object.entries(r.flashProfile.byKernel).sort((a, b) => b[1].ms - a[1].ms);
      return (
        `<p>Where flash spends its time at N = ${r.N}${r.causal ? ', causal' : ''} (tf.profile, one call, ${r.flashProfile.ops} ops, ${ms(r.flashProfile.wallMs)}): ` +
        ops.map(([name, e]) => `${esc(name)} × ${e.calls}: ${ms(e.ms)}`).join('; ') +
        `. PyTorch's whole call: ${ms(r.torch.median)}.</p>`
      );
    })
    .join('\n');
  return `<h2>2 · Scaled dot-product attention</h2><p>Target: ${esc(c.target)}. Max |ours − torch| is over the (1, 8, 1024, 64) output.</p>
${htmlTable(['N', 'causal', 'flash (ours)', 'tfjs ops (ours)', 'plain (ours)', 'torch sdpa', 'numpy', 'GFLOP/s flash / tfjs ops / torch', 'flash / torch', 'tfjs ops / torch', 'plain / torch', 'target', 'max |Δ| vs torch'], rows)}
${profiles}
${charts.join('\n')}${ratio}`;
}

function sectionFlash(c) {
  const rows = c.rows.map((r) => [
    r.N,
    spread(r.flash),
    r.flashOnline ? spread(r.flashOnline) : '',
    r.plainRun ? spread(r.plain) : `not run (needs ≈ ${bytes(r.plainPredictedBytes)})`,
    r.ratio ?? '',
    bytes(r.flashMemory.rssPeak),
    bytes(r.flashMemory.tfDelta),
    r.plainMemory ? bytes(r.plainMemory.rssPeak) : '',
    r.plainMemory ? bytes(r.plainMemory.tfDelta) : `≈ ${bytes(r.plainPredictedBytes - r.inputBytes)} (model)`,
  ]);
  const Ns = c.rows.map((r) => r.N);
  const model = c.summary.plainBytesModel;
  const predicted = Ns.map((N) => model.perNsquared * N * N + model.perN * N + model.constant);
  const timeChart = plot(
    [
      { type: 'scatter', mode: 'lines+markers', name: 'flash (tiled)', x: Ns, y: c.rows.map((r) => r.flash.median) },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'plain',
        x: Ns.filter((_, i) => c.rows[i].plain),
        y: c.rows.filter((r) => r.plain).map((r) => r.plain.median),
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'flash, 256 × 1024 tiles (online softmax)',
        x: Ns.filter((_, i) => c.rows[i].flashOnline),
        y: c.rows.filter((r) => r.flashOnline).map((r) => r.flashOnline.median),
      },
    ],
    {
      title: { text: 'time vs N (8 heads, width 64): both grow with N²' },
      xaxis: logAxis('N'),
      yaxis: logAxis('ms (median)'),
    },
  );
  const memChart = plot(
    [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'flash: tfjs peak bytes',
        x: Ns,
        y: c.rows.map((r) => r.flashMemory.tfDelta),
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'flash: process peak RSS',
        x: Ns,
        y: c.rows.map((r) => r.flashMemory.rssPeak),
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'plain: tfjs peak bytes',
        x: Ns.filter((_, i) => c.rows[i].plainMemory),
        y: c.rows.filter((r) => r.plainMemory).map((r) => r.plainMemory.tfDelta),
      },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'plain: process peak RSS',
        x: Ns.filter((_, i) => c.rows[i].plainMemory),
        y: c.rows.filter((r) => r.plainMemory).map((r) => r.plainMemory.rssPeak),
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'plain: model a·N² + b·N + c',
        x: Ns,
        y: predicted,
        line: { dash: 'dot' },
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: '8 GiB',
        x: [Ns[0], Ns[Ns.length - 1]],
        y: [8 * GiB, 8 * GiB],
        line: { dash: 'dash', color: '#b00020' },
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: '2 GB',
        x: [Ns[0], Ns[Ns.length - 1]],
        y: [2e9, 2e9],
        line: { dash: 'dash', color: '#888' },
      },
    ],
    {
      title: { text: 'peak memory vs N: plain grows with N², flash with N' },
      xaxis: logAxis('N'),
      yaxis: logAxis('bytes'),
    },
  );
  const ratioChart = plot(
    [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'flash / plain',
        x: Ns.filter((_, i) => c.rows[i].ratio != null),
        y: c.rows.filter((r) => r.ratio != null).map((r) => r.ratio),
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'target 1.5',
        x: [Ns[0], Ns[Ns.length - 1]],
        y: [1.5, 1.5],
        line: { dash: 'dash', color: '#b00020' },
      },
    ],
    { title: { text: 'time ratio flash / plain' }, xaxis: logAxis('N'), yaxis: { title: { text: 'flash / plain' } } },
  );
  const s = c.summary;
  return `<h2>3 · Flash (tiled) vs plain attention on tfjs-node</h2><p>Target: ${esc(c.target)}. Memory is measured in a fresh process per point:
peak RSS of the whole process (VmHWM, which includes about 0.4 GB of libtensorflow), and tfjs' own peak byte count above the inputs (tf.profile).
Plain is run only while its predicted need stays under ${bytes(0.75 * 8 * GiB)}; beyond that its need comes from the model fitted to the measured points:
about ${model.perNsquared.toFixed(1)} bytes × N² (${(model.perNsquared / 32).toFixed(2)} N×N float32 arrays for 8 heads).
It fits in 8 GiB up to N ≈ ${s.plainLargestNIn8GiB}; at N = ${s.firstGridNPlainDoesNotFit} it would not, while flash ran it in ${s.flashAtThatN ? ms(s.flashAtThatN.ms) : 'n/a'} with ${s.flashAtThatN ? bytes(s.flashAtThatN.rssPeak) : 'n/a'} peak RSS.</p>
${htmlTable(['N', 'flash (default blocks)', 'flash, 256 × 1024 tiles (online softmax)', 'plain', 'flash / plain', 'flash peak RSS', 'flash tfjs bytes', 'plain peak RSS', 'plain tfjs bytes'], rows)}
${timeChart}${memChart}${ratioChart}`;
}

function sectionSearch(c) {
  const r = c.rows[0];
  const agree = Object.entries(r.top10AgreementWithNumpy)
    .map(([id, v]) => `${esc(id)} ${(v * 100).toFixed(1)} %`)
    .join(', ');
  return `<h2>4 · Cosine top-${r.k} search</h2><p>${r.n.toLocaleString('en')} × ${r.d} float32 embeddings, a batch of ${r.queries} queries. Target: ${esc(c.target)}.
“In the call”: the project's <code>topK</code> (src/maths/search.ts) as a notebook calls it, which checks and normalises the corpus every call, against numpy doing the same steps and scikit-learn's NearestNeighbors (brute force, cosine), fitted once.
“Index”: the corpus normalised once beforehand (not timed), as a vector index keeps it. Same top-10 as numpy: ${agree}.</p>
${htmlTable(
  ['', 'tfjs-node', 'numpy', 'scikit-learn', 'tfjs / numpy', 'target'],
  [
    [
      'corpus normalised in the call',
      spread(r.tfjs),
      spread(r.numpy),
      spread(r.sklearn),
      r.ratio,
      met(r.ratio <= 1.25 ? 'met' : 'MISSED'),
    ],
    [
      'index (corpus normalised once)',
      spread(r.tfjsIndexed),
      spread(r.numpyIndexed),
      '',
      r.ratioIndexed,
      met(r.ratioIndexed <= 1.25 ? 'met' : 'MISSED'),
    ],
  ],
)}
${plot(
  [
    { type: 'bar', name: 'tfjs-node', x: ['in the call', 'index'], y: [r.tfjs.median, r.tfjsIndexed.median] },
    { type: 'bar', name: 'numpy', x: ['in the call', 'index'], y: [r.numpy.median, r.numpyIndexed.median] },
    { type: 'bar', name: 'scikit-learn', x: ['in the call'], y: [r.sklearn.median] },
  ],
  { title: { text: 'one batch of 100 queries (lower is better)' }, yaxis: { title: { text: 'ms (median)' } } },
)}`;
}

function sectionNotebooks(c) {
  const r = c.rows[0];
  const rows = r.notebooks.map((n) => [
    esc(n.notebook),
    n.status,
    `${n.seconds.toFixed(1)} s`,
    `${n.kernelStart.toFixed(1)} s`,
    `${n.execute.toFixed(1)} s`,
  ]);
  const empty = r.emptyCache
    ? ` With an empty compile cache (every kernel that starts before the first has checked <code>src/</code> checks it too) it took ${r.emptyCache.wallSeconds.toFixed(1)} s.`
    : '';
  return `<h2>5 · The notebook suite, cold</h2><p>Target: ${esc(c.target)}. <code>npm run reports</code> took <b>${r.wallSeconds.toFixed(1)} s</b> wall
(${r.jobs ?? 2} notebooks at a time, fresh kernels, no <code>reports/bench.json</code> so notebook 05 measures live, as on a fresh clone;
the kernel's compile cache as <code>npm install</code> leaves it).${empty} A fresh kernel is ready in ${ms(r.kernelReady.median)} and its first cell (the <code>import … from './src/index'</code> that loads tfjs-node and compiles src/) takes ${ms(r.importCell.median)} more
(medians of ${r.kernelReady.n} fresh kernels, measured separately). Per notebook, “kernel start” is that median ready time and “execution” the rest.</p>
${htmlTable(['notebook', 'status', 'total', 'kernel start', 'execution'], rows)}
${plot(
  [
    {
      type: 'bar',
      name: 'kernel start',
      x: r.notebooks.map((n) => n.notebook),
      y: r.notebooks.map((n) => n.kernelStart),
    },
    { type: 'bar', name: 'execution', x: r.notebooks.map((n) => n.notebook), y: r.notebooks.map((n) => n.execute) },
  ],
  { barmode: 'stack', title: { text: 'seconds per notebook' }, yaxis: { title: { text: 's' } } },
)}`;
}

export function writeBenchHtml(result, file, plotlyPath) {
  const plotly = fs.readFileSync(plotlyPath, 'utf8').replace(/<\/script/g, '<\\/script');
  const m = result.machine ?? {};
  const summary = htmlTable(
    ['case', 'what', 'ours', 'reference', 'ratio (ours / reference)', 'target', 'met'],
    (result.summary ?? []).map((s) => [
      esc(s.case),
      esc(s.what),
      ms(s.ours),
      ms(s.reference),
      s.ratio ?? '',
      esc(s.target),
      met(s.met),
    ]),
  );
  const ratioChart = plot(
    [
      {
        type: 'bar',
        orientation: 'h',
        y: result.summary.filter((s) => s.ratio != null).map((s) => `${s.case}: ${s.what}`),
        x: result.summary.filter((s) => s.ratio != null).map((s) => s.ratio),
        marker: {
          color: result.summary
            .filter((s) => s.ratio != null)
            .map((s) =>
              String(s.met).startsWith('MISSED') ? '#b00020' : String(s.met).startsWith('met') ? '#0a7d28' : '#888',
            ),
        },
      },
    ],
    {
      title: { text: 'ratio to the reference (ours / reference; 1 = as fast)' },
      height: 120 + 28 * result.summary.length,
      margin: { l: 380, t: 50 },
      xaxis: { title: { text: 'ratio' } },
    },
  );
  const c = result.cases;
  const sections = [
    c.matmul && sectionMatmul(c.matmul),
    c.attention && sectionAttention(c.attention),
    c.flashVsPlain && sectionFlash(c.flashVsPlain),
    c.search && sectionSearch(c.search),
    c.notebooks && sectionNotebooks(c.notebooks),
  ].filter(Boolean);
  const py = m.python;
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>attention-lab benchmarks</title>
<script>${plotly}</script>
<style>body{font:15px sans-serif;margin:2em;max-width:1200px}td,th{padding:.25em .7em;text-align:left;border-bottom:1px solid #ddd}table{border-collapse:collapse;margin:1em 0}
.ok{color:#0a7d28;font-weight:bold}.bad{color:#b00020;font-weight:bold}small{color:#666}code{background:#f4f4f4;padding:0 .2em}</style></head><body>
<h1>attention-lab: benchmarks</h1>
<p>${esc(result.date)}${result.quick ? ' (quick run: fewer sizes and repetitions)' : ''}. Machine: ${esc(m.cpu)}, ${m.cores} cores (${esc((m.simd ?? []).join(', '))}), ${m.memoryGiB} GiB, ${esc(m.os)}.
Node ${esc(m.node)}, tfjs ${esc(m.tfjs?.tfjs)} on ${esc(m.tfjs?.backend)} (libtensorflow ${esc(m.tfjs?.libtensorflow)})${py ? `; Python ${esc(py.python)}, numpy ${esc(py.numpy)} (OpenBLAS kernel ${esc(py.openblas?.architecture)}, ${py.openblas?.num_threads} threads; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for this process), torch ${esc(py.torch)} (${py.torchThreads} threads), scikit-learn ${esc(py.sklearn)}` : ''}.
Load average (1, 5, 15 min) at the start ${esc(result.load.start.join(', '))}, at the end ${esc(result.load.end.join(', '))}.</p>
<p>${Object.entries(result.cases)
    .map(([name, c]) =>
      c.load1During
        ? `${esc(name)}: ${c.seconds.toFixed(0)} s, 1-minute load ${c.load1During.min} to ${c.load1During.max}`
        : '',
    )
    .filter(Boolean)
    .join('; ')} (the run itself accounts for about 1 to 2).</p>
<p>Every time is the median of several repetitions after warm-up, one process per implementation, implementations interleaved repetition by repetition; the range shown is the 25th to 75th percentile.</p>
<h2>Summary</h2>${summary}${ratioChart}
${sections.join('\n')}
</body></html>`;
  fs.writeFileSync(file, page);
}
