/** Small line charts with Observable Plot, loaded lazily after the headline numbers are on screen. */
import * as Plot from '@observablehq/plot';
import type { SeriesPoint } from '../lib/api.ts';
import { axisFormatter, formatValue, statusText } from '../lib/format.ts';

const LINE = '#225ea8';

export function lineChart(points: readonly SeriesPoint[], unit: string, width: number): Element {
  const data = [...points].sort((a, b) => a.year - b.year);
  const withValue = data.filter((p) => p.value !== null);
  const flagged = withValue.filter((p) => p.status === 'provisional' || p.status === 'estimated');
  const last = withValue[withValue.length - 1];
  const years = withValue.map((p) => p.year);
  const span = years.length ? years[years.length - 1]! - years[0]! : 0;
  const vs = withValue.map((p) => p.value!);
  const yFormat = axisFormatter(unit, vs.length ? Math.min(...vs) : 0, vs.length ? Math.max(...vs) : 1, 4);

  return Plot.plot({
    width,
    height: 180,
    marginLeft: 58,
    marginRight: 14,
    marginTop: 14,
    marginBottom: 26,
    style: { fontSize: '12px', fontFamily: 'inherit', color: '#4b5563', background: 'transparent', overflow: 'visible' },
    x: { label: null, tickFormat: (d: number) => String(d), ticks: Math.min(6, Math.max(2, span)), nice: false },
    y: { label: null, grid: true, ticks: 4, nice: true, tickSize: 0, tickPadding: 6, tickFormat: yFormat },
    marks: [
      Plot.lineY(data, { x: 'year', y: (p: SeriesPoint) => p.value ?? Number.NaN, stroke: LINE, strokeWidth: 2 }),
      Plot.dot(flagged, {
        x: 'year',
        y: 'value',
        r: 3.5,
        fill: '#ffffff',
        stroke: LINE,
        strokeWidth: 1.5,
        symbol: (p: SeriesPoint) => (p.status === 'estimated' ? 'diamond' : 'circle'),
      }),
      last && last.status === 'ok' ? Plot.dot([last], { x: 'year', y: 'value', r: 3.5, fill: LINE }) : null,
      Plot.tip(
        withValue,
        Plot.pointerX({
          x: 'year',
          y: 'value',
          title: (p: SeriesPoint) => `${p.period}: ${formatValue(p.value, unit)}${p.status !== 'ok' ? ` (${statusText(p.status)})` : ''}`,
        }),
      ),
    ],
  });
}
