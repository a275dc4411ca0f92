import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { formatDollars } from '../lib/format.ts';
import { BarList, ColumnChart } from './bar-chart.tsx';

describe('ColumnChart', () => {
  it('draws one bar per datum, scaled to a round maximum, with titles for each value', () => {
    const html = renderToStaticMarkup(
      <ColumnChart
        title="Cost per day"
        formatValue={formatDollars}
        data={[
          { key: '2025-01-01', label: '01-01', value: 0.4 },
          { key: '2025-01-02', label: '01-02', value: 0 },
          { key: '2025-01-03', label: '01-03', value: 0.1 },
        ]}
      />,
    );
    expect(html.match(/class="chart-bar"/g)).toHaveLength(3);
    expect(html).toContain('aria-label="Cost per day: 3 bars, highest $0.400"');
    expect(html).toContain('<title>01-01: $0.400</title>');
    // The axis tops at 0.5, so the 0.4 bar fills 80 % of the 180 px plot.
    expect(html).toContain('height="144"');
    expect(html).toContain('>$0.500<');
  });
});

describe('BarList', () => {
  it('lists entries largest first with proportional bars', () => {
    const html = renderToStaticMarkup(
      <BarList
        title="Cost per model"
        formatValue={formatDollars}
        data={[
          { key: 'a', label: 'small-model', value: 0.5 },
          { key: 'b', label: 'large-model', value: 2 },
        ]}
      />,
    );
    expect(html.indexOf('large-model')).toBeLessThan(html.indexOf('small-model'));
    expect(html).toContain('width:100%');
    expect(html).toContain('width:25%');
  });
});
