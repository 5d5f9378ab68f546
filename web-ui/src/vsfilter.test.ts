import { describe, expect, it } from 'vitest';
import type { VirtualServer } from './api/types';
import { filterRows, toRow } from './vsfilter';

const vs = (name: string, address: string, labels: Record<string, string> = {}, n = 1): VirtualServer => ({
  name,
  address,
  port: 80,
  labels,
  realServers: Array.from({ length: n }, (_, i) => ({ name: `rs${i}`, address: '10.0.0.1' })),
});

describe('filterRows', () => {
  const rows = [
    toRow(vs('web', '192.168.10.100', { env: 'prod' }, 2), 'UP'),
    toRow(vs('api', '192.168.10.9', { env: 'test' }, 5), 'DOWN'),
    toRow(vs('mail', '10.0.0.25', {}, 1), null),
  ];
  const q = { text: '', label: '', health: 'any' as const, sort: 'name' as const, descending: false };

  it('filters by name, address, label and health', () => {
    expect(filterRows(rows, { ...q, text: 'WEB' }).map((r) => r.vs.name)).toEqual(['web']);
    expect(filterRows(rows, { ...q, text: '192.168.10' }).map((r) => r.vs.name)).toEqual(['api', 'web']);
    expect(filterRows(rows, { ...q, label: 'env=prod' }).map((r) => r.vs.name)).toEqual(['web']);
    expect(filterRows(rows, { ...q, label: 'env' }).map((r) => r.vs.name)).toEqual(['api', 'web']);
    expect(filterRows(rows, { ...q, health: 'DOWN' }).map((r) => r.vs.name)).toEqual(['api']);
    expect(filterRows(rows, { ...q, health: 'none' }).map((r) => r.vs.name)).toEqual(['mail']);
  });

  it('sorts by address numerically, by real servers and by health', () => {
    expect(filterRows(rows, { ...q, sort: 'address' }).map((r) => r.vs.name)).toEqual(['mail', 'api', 'web']);
    expect(filterRows(rows, { ...q, sort: 'realServers', descending: true }).map((r) => r.vs.name)).toEqual(['api', 'web', 'mail']);
    expect(filterRows(rows, { ...q, sort: 'health' }).map((r) => r.vs.name)).toEqual(['api', 'web', 'mail']);
  });

  it('filters 10,000 virtual servers', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => toRow(vs(`vs${i}`, `10.${i >> 8}.${i & 255}.1`, { team: `t${i % 7}` }, 10), 'UP'));
    const out = filterRows(many, { ...q, text: 'vs99' });
    expect(out.length).toBe(111);
    expect(filterRows(many, { ...q, label: 'team=t3' }).length).toBe(1429);
  });
});
