import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { Chart } from './Chart';

afterEach(cleanup);

describe('Chart', () => {
  it('draws a line per director and its latest sample as a dot', () => {
    const now = 1_000_000;
    const series = new Map([
      ['lb1', [{ at: now - 60_000, connections: 10, cps: 1 }, { at: now, connections: 40, cps: 2 }]],
      ['lb2', [{ at: now, connections: 5, cps: 0 }]],
    ]);
    const { container } = render(<Chart series={series} now={now} />);
    expect(container.querySelectorAll('polyline')).toHaveLength(2);
    expect(container.querySelectorAll('circle')).toHaveLength(2);
    expect(container.textContent).toContain('lb2');
    expect(container.textContent).not.toContain('no counters');
  });

  it('says when no counters have been reported', () => {
    const { container } = render(<Chart series={undefined} />);
    expect(container.textContent).toContain('no counters reported yet');
  });
});
