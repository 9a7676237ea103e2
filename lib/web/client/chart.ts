/// <reference lib="dom" />
/**
 * The timeline's weekly chart, drawn in the browser with uPlot over the numbers the server put in the page
 * (`#weekly-chart-data`). The page is complete without it: the same numbers are in the table below the chart.
 * Bars are stacked by kind; lifecycle events and deadlines (from the accountability board) are marked on the axis.
 */
import uPlot from 'uplot';

interface ChartData {
  weeks: string[];
  series: { kind: string; label: string; counts: number[] }[];
  /** UK calendar days, numbered 1… as in the list under the chart. */
  markers: { at: string; type: 'event' | 'deadline'; done?: boolean }[];
}

/** Kind colours: each at least 4.5:1 against white (WCAG 1.4.11 asks 3:1 for graphics), told apart by more than hue in the legend. */
const COLOURS: Record<string, string> = {
  statement: '#0b5cad',
  report: '#a34a00',
  debate: '#00704f',
  question: '#9b2f72',
  news: '#4b4b4b',
};
/** Events solid near-black; deadlines dashed, red while open or overdue, grey once met or excepted. */
const MARKER = { event: '#1b1b1b', deadline: '#b00020', done: '#505050' };
const HEIGHT = 260;
const HALF_WEEK = 3.5 * 86_400;
/** Rows of marker numbers above the plot, so numbers of close markers do not overlap. */
const LABEL_ROWS = 3;
const LABEL_ROW = 16;
const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric' });

function draw(): void {
  const el = document.getElementById('weekly-chart');
  const source = document.getElementById('weekly-chart-data');
  if (!el || !source?.textContent) return;
  const data = JSON.parse(source.textContent) as ChartData;
  if (data.weeks.length === 0 || data.series.length === 0) return;
  el.textContent = '';

  // Each bar spans its week (Monday to Sunday), so a marker lands on the bar of the week it falls in.
  const starts = data.weeks.map((w) => Date.parse(`${w}T00:00:00Z`) / 1000);
  const xs = starts.map((t) => t + HALF_WEEK);
  // Stacked: series i is drawn up to the sum of kinds 0..i, tallest first, so each kind shows as its own band.
  const stacked: number[][] = [];
  let running = xs.map(() => 0);
  for (const s of data.series) {
    running = running.map((v, i) => v + (s.counts[i] ?? 0));
    stacked.push(running);
  }
  const order = data.series.map((_, i) => data.series.length - 1 - i);
  const bars = uPlot.paths.bars!({ size: [0.85, 48], align: 0 });

  const opts: uPlot.Options = {
    width: Math.max(280, el.clientWidth),
    height: HEIGHT,
    // Room above the plot for the markers' numbers.
    ...(data.markers.length > 0 ? { padding: [8 + LABEL_ROW * Math.min(LABEL_ROWS, data.markers.length), null, null, null] as uPlot.Padding } : {}),
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Europe/London'),
    scales: {
      // From the first week's Monday to the Monday after the last week.
      x: { time: true, range: (_u, min, max) => [min - HALF_WEEK, max + HALF_WEEK] },
      y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
    },
    axes: [
      {
        stroke: '#1b1b1b',
        grid: { stroke: '#e1e1e1' },
        ticks: { stroke: '#8a8a8a' },
        // Ticks on week starts, a whole number of weeks apart: the data is weekly, hours mean nothing here.
        splits: (u) => {
          const fit = Math.max(1, Math.floor(u.bbox.width / devicePixelRatio / 90));
          const step = [1, 2, 4, 13, 26, 52, 104, 260].find((s) => starts.length / s <= fit) ?? 520;
          return starts.filter((_, i) => i % step === 0);
        },
        values: (_u, splits) => splits.map((v) => DAY.format(new Date(v * 1000))),
      },
      {
        stroke: '#1b1b1b',
        grid: { stroke: '#e1e1e1' },
        ticks: { stroke: '#8a8a8a' },
        label: 'Items per week',
        size: 48,
        // Whole items only.
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
        values: (_u, splits) => splits.map((v) => String(Math.round(v))),
      },
    ],
    cursor: { points: { show: false } },
    legend: { live: true },
    series: [
      { label: 'Week of', value: (_u, v) => (v == null ? '' : DAY.format(new Date((v - HALF_WEEK) * 1000))) },
      ...order.map((i) => {
        const s = data.series[i]!;
        const colour = COLOURS[s.kind] ?? '#4b4b4b';
        return {
          label: s.label,
          stroke: colour,
          fill: colour,
          width: 0,
          paths: bars,
          points: { show: false },
          // The legend shows the kind's own count, not the stacked height.
          value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) => (idx == null ? '–' : String(s.counts[idx] ?? 0)),
        } satisfies uPlot.Series;
      }),
    ],
    hooks: {
      draw: [
        (u) => {
          // What the chart drew, for tests and for anyone inspecting the page: bars per series summed, and markers.
          el.dataset.markers = String(drawMarkers(u, data.markers));
          const points = u.data.slice(1).reduce((n, s) => n + Array.from(s as ArrayLike<number | null>).filter((v) => v != null).length, 0);
          el.dataset.points = String(points);
          el.dataset.drawn = 'true';
        },
      ],
    },
  };
  const chart = new uPlot(opts, [xs, ...order.map((i) => stacked[i]!)], el);
  new ResizeObserver(() => {
    const width = Math.max(280, el.clientWidth);
    if (Math.abs(width - chart.width) > 2) chart.setSize({ width, height: HEIGHT });
  }).observe(el);
}

/**
 * Each marker as a vertical line on its day (solid for an event, dashed for a deadline) with its number from the
 * list under the chart in a box above the plot; a number that would overlap the one before goes a row higher.
 * Returns how many were drawn (those inside the axis).
 */
function drawMarkers(u: uPlot, markers: ChartData['markers']): number {
  const ctx = u.ctx;
  const px = devicePixelRatio;
  const { left, top, width, height } = u.bbox;
  const rowEnds: number[] = [];
  let drawn = 0;
  ctx.save();
  ctx.font = `600 ${Math.round(11 * px)}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  markers.forEach((m, i) => {
    // Noon on the day, in the middle of the day's slice of its week's bar.
    const x = Math.round(u.valToPos(Date.parse(`${m.at}T12:00:00Z`) / 1000, 'x', true));
    if (x < left || x > left + width) return;
    const colour = m.type === 'event' ? MARKER.event : m.done ? MARKER.done : MARKER.deadline;
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2 * px;
    ctx.setLineDash(m.type === 'deadline' ? [5 * px, 3 * px] : []);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();

    const text = String(i + 1);
    const w = ctx.measureText(text).width + 8 * px;
    let row = rowEnds.findIndex((end) => end <= x - w / 2);
    if (row === -1) row = rowEnds.length < LABEL_ROWS ? rowEnds.length : LABEL_ROWS - 1;
    rowEnds[row] = x + w / 2 + 2 * px;
    const y = top - (row + 1) * LABEL_ROW * px + 2 * px;
    ctx.setLineDash([]);
    ctx.lineWidth = px;
    ctx.fillStyle = '#fff';
    ctx.fillRect(x - w / 2, y, w, (LABEL_ROW - 3) * px);
    ctx.strokeRect(x - w / 2, y, w, (LABEL_ROW - 3) * px);
    ctx.fillStyle = colour;
    ctx.fillText(text, x, y + ((LABEL_ROW - 3) * px) / 2);
    drawn++;
  });
  ctx.restore();
  return drawn;
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
else draw();
