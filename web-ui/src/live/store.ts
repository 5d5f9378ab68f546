// What the live view knows beyond the REST resources: per director the agents' health, VRRP
// states and counters, seeded from GET /api/v1/directors/{name}/status and kept current by events.
import type { AgentReport, Counters } from '../api/types';
import type { LiveEvent } from './types';
import type { StreamState } from './stream';

export interface HealthState {
  director: string;
  virtualServer: string;
  realServer: string;
  health: 'UP' | 'DOWN' | 'UNKNOWN';
  reason?: string;
  since?: string;
}

export interface RsCounters {
  activeConnections: number;
  inactiveConnections: number;
  cps: number;
  bpsIn: number;
  bpsOut: number;
}

export interface Sample {
  at: number;
  connections: number;
  cps: number;
}

export interface AgentState {
  connected: boolean;
  appliedRevision?: number;
  agentVersion?: string;
  nack?: { revision?: number; detail?: string; resource?: string; pointer?: string; at?: string };
}

export interface VrrpState {
  director: string;
  group: string;
  state: string;
  priority?: number;
  effectivePriority?: number;
  reason?: string;
  since?: string;
}

/** The window of the virtual server's chart. */
export const HISTORY_MS = 15 * 60 * 1000;
const MAX_EVENTS = 50;
const MAX_CHANGES = 2000;

const num = (v: number | string | undefined): number => (v === undefined ? 0 : Number(v));
const millis = (v: string | undefined): string | undefined => (v && v !== '0' ? new Date(Number(v)).toISOString() : undefined);

export class LiveStore {
  /** Bumped on every change (useSyncExternalStore's snapshot). */
  version = 0;
  /** The newest revision an event announced. */
  revision = 0;
  /** Bumped when state must be re-read (a resync, a reconnect after a gap). */
  resyncs = 0;
  stream: StreamState = 'connecting';
  readonly health = new Map<string, HealthState>();
  /** virtualServer -> director/realServer -> state (the same states as health, indexed) */
  private readonly healthByVs = new Map<string, Map<string, HealthState>>();
  /** director/virtualServer/realServer -> the director's latest counters of that real server */
  readonly rsCounters = new Map<string, RsCounters>();
  /** virtualServer -> director -> samples of the last 15 minutes */
  readonly history = new Map<string, Map<string, Sample[]>>();
  readonly agents = new Map<string, AgentState>();
  /** group/director */
  readonly vrrp = new Map<string, VrrpState>();
  readonly events: { at: string; text: string; type: string }[] = [];
  /** The changes of the latest revisions, newest last (for lists that patch instead of re-reading). */
  readonly changes: { revision: number; resource: string; name: string; realServer: string | null; action: string }[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.now = now;
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getVersion = (): number => this.version;

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  setStream(s: StreamState): void {
    if (this.stream === s) return;
    this.stream = s;
    this.changed();
  }

  /** A director's status report (REST) replaces what is known about that director. */
  seed(director: string, report: AgentReport | null | undefined): void {
    for (const [k, h] of [...this.health.entries()])
      if (h.director === director) {
        this.health.delete(k);
        this.healthByVs.get(h.virtualServer)?.delete(`${director}/${h.realServer}`);
      }
    for (const h of report?.health ?? []) {
      if (!h.virtualServer || !h.realServer) continue;
      this.setHealth({
        director,
        virtualServer: h.virtualServer,
        realServer: h.realServer,
        health: (h.health as HealthState['health']) ?? 'UNKNOWN',
        reason: h.reason,
        since: millis(h.sinceUnixMillis),
      });
    }
    for (const v of report?.vrrp ?? []) {
      if (!v.group) continue;
      this.vrrp.set(`${v.group}/${director}`, {
        director,
        group: v.group,
        state: v.state ?? 'INIT',
        priority: v.priority,
        effectivePriority: v.effectivePriority,
        reason: v.reason,
        since: millis(v.sinceUnixMillis),
      });
    }
    const at = this.now();
    for (const s of report?.services ?? []) {
      if (!s.virtualServer) continue;
      this.sample(s.virtualServer, director, at, s.counters);
      for (const d of s.destinations ?? []) {
        if (!d.realServer) continue;
        this.rsCounters.set(`${director}/${s.virtualServer}/${d.realServer}`, {
          activeConnections: num(d.activeConnections),
          inactiveConnections: num(d.inactiveConnections),
          cps: num(d.counters?.cps),
          bpsIn: num(d.counters?.bpsIn),
          bpsOut: num(d.counters?.bpsOut),
        });
      }
    }
    this.changed();
  }

  private setHealth(h: HealthState): void {
    this.health.set(`${h.director}/${h.virtualServer}/${h.realServer}`, h);
    let m = this.healthByVs.get(h.virtualServer);
    if (!m) this.healthByVs.set(h.virtualServer, (m = new Map()));
    m.set(`${h.director}/${h.realServer}`, h);
  }

  private sample(vs: string, director: string, at: number, c: Counters | undefined): void {
    let byDirector = this.history.get(vs);
    if (!byDirector) this.history.set(vs, (byDirector = new Map()));
    const samples = byDirector.get(director) ?? [];
    samples.push({ at, connections: num(c?.connections), cps: num(c?.cps) });
    while (samples.length > 0 && samples[0].at < at - HISTORY_MS) samples.shift();
    byDirector.set(director, samples);
  }

  private log(at: string | undefined, type: string, text: string): void {
    this.events.unshift({ at: at ?? new Date(this.now()).toISOString(), type, text });
    if (this.events.length > MAX_EVENTS) this.events.length = MAX_EVENTS;
  }

  apply(e: LiveEvent): void {
    switch (e.type) {
      case 'revision':
        this.revision = Math.max(this.revision, e.revision);
        for (const c of e.changes ?? []) this.changes.push({ revision: e.revision, resource: c.resource, name: c.name, realServer: c.realServer, action: c.action });
        if (this.changes.length > MAX_CHANGES) this.changes.splice(0, this.changes.length - MAX_CHANGES);
        for (const c of e.changes ?? [])
          this.log(e.at, 'revision', `r${e.revision}: ${c.by} ${c.action}d ${c.resource} ${c.realServer ? `${c.name}/${c.realServer}` : c.name}`);
        break;
      case 'agent': {
        const a = this.agents.get(e.director) ?? { connected: false };
        if (e.event === 'connected') a.connected = true;
        if (e.event === 'disconnected') a.connected = false;
        if (e.agentVersion) a.agentVersion = e.agentVersion;
        if ((e.event === 'ack' || e.event === 'connected') && e.revision !== undefined) a.appliedRevision = e.revision;
        if (e.event === 'nack') a.nack = { revision: e.revision, at: e.at, ...e.error };
        this.agents.set(e.director, a);
        this.log(e.at, 'agent', `${e.director}: ${e.event}${e.revision !== undefined ? ` r${e.revision}` : ''}${e.error?.detail ? ` (${e.error.detail})` : ''}`);
        break;
      }
      case 'vrrp':
        this.vrrp.set(`${e.group}/${e.director}`, {
          director: e.director,
          group: e.group,
          state: e.state,
          priority: e.priority,
          effectivePriority: e.effectivePriority,
          reason: e.reason,
          since: e.at,
        });
        this.log(e.at, 'vrrp', `${e.director}: ${e.group} ${e.previous ?? '?'} → ${e.state}${e.reason ? ` (${e.reason})` : ''}`);
        break;
      case 'health':
        this.setHealth({
          director: e.director,
          virtualServer: e.virtualServer,
          realServer: e.realServer,
          health: e.health,
          reason: e.reason,
          since: e.since,
        });
        this.log(e.since, 'health', `${e.director}: ${e.virtualServer}/${e.realServer} ${e.previous ?? '?'} → ${e.health}${e.reason ? ` (${e.reason})` : ''}`);
        break;
      case 'counters': {
        const at = Date.parse(e.at) || this.now();
        for (const vs of e.virtualServers ?? []) {
          this.sample(vs.name, e.director, at, vs);
          for (const rs of vs.realServers ?? [])
            this.rsCounters.set(`${e.director}/${vs.name}/${rs.name}`, {
              activeConnections: num(rs.activeConnections),
              inactiveConnections: num(rs.inactiveConnections),
              cps: num(rs.cps),
              bpsIn: num(rs.bpsIn),
              bpsOut: num(rs.bpsOut),
            });
        }
        break;
      }
      case 'resync':
        this.resyncs++;
        this.revision = Math.max(this.revision, e.revision);
        this.log(undefined, 'resync', `resynchronised (${e.reason})`);
        break;
    }
    this.changed();
  }

  /**
   * The virtual servers changed after revision {@code since} (theirs or their real servers'), or null
   * when the changes kept here no longer reach back that far (re-read everything then).
   */
  virtualServersChangedSince(since: number): Set<string> | null {
    if (this.revision <= since) return new Set();
    const first = this.changes[0];
    if (!first || first.revision > since + 1) return null;
    const out = new Set<string>();
    for (const c of this.changes) if (c.revision > since && (c.resource === 'virtual-server' || c.resource === 'real-server')) out.add(c.name);
    return out;
  }

  /** The health states of one real server, one per director that checks it. */
  healthOf(vs: string, rs: string): HealthState[] {
    const out: HealthState[] = [];
    for (const h of this.healthByVs.get(vs)?.values() ?? []) if (h.realServer === rs) out.push(h);
    return out;
  }

  /** Health of a whole virtual server: DOWN when any real server is down somewhere, null unknown. */
  vsSummary(vs: string): HealthState['health'] | null {
    const m = this.healthByVs.get(vs);
    if (!m || m.size === 0) return null;
    let up = true;
    for (const h of m.values()) {
      if (h.health === 'DOWN') return 'DOWN';
      if (h.health !== 'UP') up = false;
    }
    return up ? 'UP' : 'UNKNOWN';
  }

  /** UP, DOWN (on some director), UNKNOWN, or null when no director reports it. */
  summaryOf(vs: string, rs: string): HealthState['health'] | null {
    const hs = this.healthOf(vs, rs);
    if (hs.length === 0) return null;
    if (hs.some((h) => h.health === 'DOWN')) return 'DOWN';
    if (hs.every((h) => h.health === 'UP')) return 'UP';
    return 'UNKNOWN';
  }

  /**
   * The real servers given, counted by {@link summaryOf}: one count per real server (not per director
   * that checks it), and those no director reports yet as NONE.
   */
  totals(realServers: Iterable<[vs: string, rs: string]>): { UP: number; DOWN: number; UNKNOWN: number; NONE: number } {
    const t = { UP: 0, DOWN: 0, UNKNOWN: 0, NONE: 0 };
    for (const [vs, rs] of realServers) t[this.summaryOf(vs, rs) ?? 'NONE']++;
    return t;
  }
}
