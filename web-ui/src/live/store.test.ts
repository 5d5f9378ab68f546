import { describe, expect, it } from 'vitest';
import { HISTORY_MS, LiveStore } from './store';

describe('LiveStore', () => {
  it('seeds health from a status report and follows health events', () => {
    const s = new LiveStore(() => 1_000_000);
    s.seed('d1', { health: [{ virtualServer: 'web', realServer: 'rs1', health: 'UP', reason: 'HTTP 200', sinceUnixMillis: '1000' }] });
    expect(s.summaryOf('web', 'rs1')).toBe('UP');
    expect(s.vsSummary('web')).toBe('UP');
    const v = s.version;
    s.apply({ type: 'health', director: 'd1', virtualServer: 'web', realServer: 'rs1', health: 'DOWN', previous: 'UP', reason: 'connection refused', since: '2026-12-07T10:00:00Z' });
    expect(s.version).toBeGreaterThan(v);
    expect(s.healthOf('web', 'rs1')[0]).toMatchObject({ health: 'DOWN', reason: 'connection refused' });
    expect(s.vsSummary('web')).toBe('DOWN');
    expect(s.totals([['web', 'rs1'], ['web', 'rs2']])).toEqual({ UP: 0, DOWN: 1, UNKNOWN: 0, NONE: 1 });
    expect(s.events[0].text).toContain('web/rs1 UP → DOWN');
  });

  it('keeps 15 minutes of counters per director and the latest per real server', () => {
    let now = 0;
    const s = new LiveStore(() => now);
    const at = (ms: number) => new Date(ms).toISOString();
    s.apply({ type: 'counters', director: 'd1', at: at(1_000), virtualServers: [{ name: 'web', connections: 5, cps: 1, realServers: [{ name: 'rs1', activeConnections: 3, inactiveConnections: 2 }] }] });
    now = HISTORY_MS + 10_000;
    s.apply({ type: 'counters', director: 'd1', at: at(HISTORY_MS + 10_000), virtualServers: [{ name: 'web', connections: 7, cps: 2 }] });
    expect(s.history.get('web')?.get('d1')?.map((x) => x.connections)).toEqual([7]);
    expect(s.rsCounters.get('d1/web/rs1')).toMatchObject({ activeConnections: 3, inactiveConnections: 2 });
  });

  it('tracks agents, VRRP states and resyncs', () => {
    const s = new LiveStore();
    s.apply({ type: 'agent', director: 'd1', event: 'connected', revision: 4, agentVersion: '1.0', at: 'x' });
    s.apply({ type: 'agent', director: 'd1', event: 'nack', revision: 5, at: 'y', error: { detail: 'bad port', resource: 'virtual-server/web', pointer: '/realServers/0/port' } });
    expect(s.agents.get('d1')).toMatchObject({ connected: true, appliedRevision: 4, nack: { revision: 5, pointer: '/realServers/0/port' } });
    s.apply({ type: 'vrrp', director: 'd1', group: 'VI_1', state: 'MASTER', previous: 'BACKUP', effectivePriority: 90, at: 'z' });
    expect(s.vrrp.get('VI_1/d1')?.state).toBe('MASTER');
    s.apply({ type: 'resync', reason: 'client fell behind', revision: 57 });
    expect(s.resyncs).toBe(1);
    expect(s.revision).toBe(57);
  });

  it('names the virtual servers changed since a revision, or null when it no longer knows', () => {
    const s = new LiveStore();
    const rev = (revision: number, resource: string, name: string) =>
      s.apply({ type: 'revision', revision, at: 'x', changes: [{ resource, name, realServer: resource === 'real-server' ? 'rs1' : null, action: 'update', by: 'a' }] });
    rev(10, 'virtual-server', 'web');
    rev(11, 'director', 'lb1');
    rev(12, 'real-server', 'api');
    expect(s.virtualServersChangedSince(9)).toEqual(new Set(['web', 'api']));
    expect(s.virtualServersChangedSince(11)).toEqual(new Set(['api']));
    expect(s.virtualServersChangedSince(12)).toEqual(new Set());
    expect(s.virtualServersChangedSince(5)).toBeNull();
  });
});
