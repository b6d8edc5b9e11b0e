// A grouped bar chart in plain SVG: three series per time bucket, no library needed for that.
const SVG = 'http://www.w3.org/2000/svg';

export const SERIES = [
  { key: 'accepted', label: 'Accepted', color: '#2f6fdb' },
  { key: 'completed', label: 'Completed', color: '#1f8a4c' },
  { key: 'failed', label: 'Failed', color: '#c62f2f' },
];

function el(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function time(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function barChart(buckets) {
  const width = 1000, height = 220, left = 40, bottom = 22, top = 8;
  const max = Math.max(1, ...buckets.flatMap((bucket) => SERIES.map((series) => bucket[series.key])));
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img',
    'aria-label': 'accepted, completed and failed executions over time' });
  const plot = height - bottom - top;
  [0, 0.5, 1].forEach((fraction) => {
    const y = top + plot * (1 - fraction);
    svg.append(el('line', { x1: left, x2: width, y1: y, y2: y, stroke: '#dde2e8' }));
    svg.append(el('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#66707c' },
      String(Math.round(max * fraction))));
  });
  const slot = (width - left) / Math.max(1, buckets.length);
  const bar = Math.max(1, (slot * 0.8) / SERIES.length);
  buckets.forEach((bucket, index) => {
    SERIES.forEach((series, position) => {
      const value = bucket[series.key];
      if (value === 0) return;
      const barHeight = (plot * value) / max;
      const rect = el('rect', { x: left + index * slot + slot * 0.1 + position * bar, y: top + plot - barHeight,
        width: bar, height: barHeight, fill: series.color });
      rect.append(el('title', {}, `${time(bucket.at)} ${series.label.toLowerCase()}: ${value}`));
      svg.append(rect);
    });
  });
  const labels = Math.min(6, buckets.length);
  for (let i = 0; i < labels; i++) {
    const index = Math.round((i * (buckets.length - 1)) / Math.max(1, labels - 1));
    svg.append(el('text', { x: left + index * slot + slot / 2, y: height - 6, 'text-anchor': 'middle',
      'font-size': 11, fill: '#66707c' }, time(buckets[index].at)));
  }
  return svg;
}
