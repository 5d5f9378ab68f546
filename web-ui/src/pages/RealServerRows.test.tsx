import { afterEach, describe, expect, it } from 'vitest';
import { useState } from 'react';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { RealServerRows, overrideOf, rowFrom } from './RealServerRows';
import type { RsRow, ServiceCheck } from './RealServerRows';
import { fromResource, toResource } from './VirtualServerForm';

afterEach(cleanup);

const HTTP: ServiceCheck = { type: 'http', httpPath: '/health', statusCodes: '200' };

function Rows({ start, errors = {}, seen }: { start: RsRow[]; errors?: Record<string, string>; seen: (r: RsRow[]) => void }) {
  const [rows, setRows] = useState(start);
  return (
    <RealServerRows
      rows={rows}
      service={HTTP}
      errors={errors}
      onChange={(r) => {
        seen(r);
        setRows(r);
      }}
    />
  );
}

describe("a real server's own health check", () => {
  it('is opened per row and sends only the fields set, the URL taking the rest from the service', () => {
    let rows: RsRow[] = [];
    render(<Rows start={[rowFrom({ name: 'rs1', address: '10.0.0.1' }), rowFrom({ name: 'rs2', address: '10.0.0.2' })]} seen={(r) => (rows = r)} />);
    expect(screen.queryByRole('group')).toBeNull();
    fireEvent.click(within(screen.getByTestId('rs-row-1')).getByRole('button', { name: /override check/ }));
    const group = screen.getByRole('group', { name: "rs2's health check" });
    fireEvent.change(within(group).getByLabelText('URL path'), { target: { value: '/rs2/health' } });
    fireEvent.change(within(group).getByLabelText('check port'), { target: { value: '8081' } });
    fireEvent.change(within(group).getByLabelText('status codes'), { target: { value: '200, 300-399' } });
    expect(overrideOf(rows[0], HTTP)).toBeUndefined();
    expect(overrideOf(rows[1], HTTP)).toEqual({ port: 8081, http: { urls: [{ path: '/rs2/health', statusCodes: [200, '300-399'] }] } });
    expect(within(screen.getByTestId('rs-row-1')).getByRole('button', { name: /own check/ })).toBeTruthy();
  });

  it("shows the server's errors at the override's fields, opened", () => {
    render(
      <Rows
        start={[rowFrom({ name: 'rs1', address: '10.0.0.1' })]}
        errors={{ '/realServers/0/healthCheck/timeoutSeconds': 'is more than ten intervals', '/realServers/0/healthCheck/http/urls/0/path': 'must start with /' }}
        seen={() => undefined}
      />,
    );
    const group = screen.getByRole('group', { name: "rs1's health check" });
    expect(within(group).getAllByRole('alert').map((a) => a.textContent)).toEqual(['is more than ten intervals', 'must start with /']);
    expect(within(group).getByLabelText(/^timeout/).closest('label')?.className).toContain('invalid');
  });

  it('round-trips an override and keeps the fields the form does not show', () => {
    const vs = {
      name: 'web',
      address: '192.168.10.100',
      port: 80,
      healthCheck: { type: 'http' as const, http: { urls: [{ path: '/health' }], virtualHost: 'web.example' } },
      realServers: [{ name: 'rs1', address: '10.0.0.1', healthCheck: { timeoutSeconds: 2, fall: 3, http: { urls: [{ path: '/a', statusCodes: ['200-299'] }] } } }],
    };
    const out = toResource(fromResource(vs), vs);
    expect(out.realServers?.[0].healthCheck).toEqual({ timeoutSeconds: 2, fall: 3, http: { urls: [{ path: '/a', statusCodes: ['200-299'] }] } });
    // clearing every shown field leaves what it does not show
    const s = fromResource(vs);
    s.realServers[0] = { ...s.realServers[0], ckTimeout: '', ckPath: '', ckCodes: '' };
    expect(toResource(s, vs).realServers?.[0].healthCheck).toEqual({ fall: 3 });
  });

  it('an http check stored without status codes is saved without them: the API default, any 2xx, stays', () => {
    const vs = {
      name: 'web',
      address: '192.168.10.100',
      port: 80,
      healthCheck: { type: 'http' as const, http: { urls: [{ path: '/health' }] } },
      realServers: [{ name: 'rs1', address: '10.0.0.1' }],
    };
    expect(fromResource(vs).statusCodes).toBe('');
    expect(toResource(fromResource(vs), vs).healthCheck).toEqual({ type: 'http', http: { urls: [{ path: '/health' }] } });
  });
});
