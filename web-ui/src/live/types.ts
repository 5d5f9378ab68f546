// The events of GET /api/v1/events (docs/events.md).

export interface RevisionEvent {
  type: 'revision';
  revision: number;
  at: string;
  changes: { resource: string; name: string; realServer: string | null; action: string; by: string }[];
}

export interface AgentEvent {
  type: 'agent';
  director: string;
  event: 'connected' | 'disconnected' | 'ack' | 'nack';
  revision?: number;
  agentVersion?: string;
  at: string;
  error?: { detail?: string; resource?: string; pointer?: string };
}

export interface VrrpEvent {
  type: 'vrrp';
  director: string;
  group: string;
  state: string;
  previous?: string;
  priority?: number;
  effectivePriority?: number;
  reason?: string;
  at: string;
}

export interface HealthEvent {
  type: 'health';
  director: string;
  virtualServer: string;
  realServer: string;
  health: 'UP' | 'DOWN' | 'UNKNOWN';
  previous?: string;
  reason?: string;
  since: string;
}

export interface RealServerCounters {
  name: string;
  activeConnections?: number;
  inactiveConnections?: number;
  cps?: number;
  bpsIn?: number;
  bpsOut?: number;
}

export interface CountersEvent {
  type: 'counters';
  director: string;
  at: string;
  virtualServers: {
    name: string;
    connections?: number;
    cps?: number;
    ppsIn?: number;
    ppsOut?: number;
    bpsIn?: number;
    bpsOut?: number;
    realServers?: RealServerCounters[];
  }[];
}

export interface ResyncEvent {
  type: 'resync';
  reason: string;
  revision: number;
}

export type LiveEvent = RevisionEvent | AgentEvent | VrrpEvent | HealthEvent | CountersEvent | ResyncEvent;
