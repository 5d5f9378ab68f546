// The REST resources of openapi.yaml the dashboard uses (only the fields it reads or writes).

export type Role = 'viewer' | 'operator' | 'admin';
export type Labels = Record<string, string>;

export interface Metadata {
  version: number;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface Nack {
  revision?: number;
  at?: string;
  errors?: { object?: string; field?: string; message?: string }[];
}

export interface DirectorStatus {
  connected: boolean;
  lastSeen?: string;
  appliedRevision?: number;
  agentVersion?: string;
  lastNack?: Nack;
}

export interface Director {
  name: string;
  managementAddress: string;
  description?: string;
  labels?: Labels;
  /** The director's own addresses FULLNAT virtual servers take as the source (docs/fullnat.md). */
  fullnatAddresses?: string[];
  status?: DirectorStatus;
  metadata?: Metadata;
}

export interface HttpUrl {
  path: string;
  statusCodes?: (number | string)[];
}

export interface HealthCheck {
  type?: 'none' | 'tcp' | 'http' | 'https' | 'smtp' | 'dns' | 'udp' | 'misc';
  intervalSeconds?: number;
  timeoutSeconds?: number;
  fall?: number;
  rise?: number;
  retries?: number;
  port?: number;
  http?: { urls?: HttpUrl[]; virtualHost?: string };
}

export type AdminState = 'enabled' | 'draining' | 'disabled';

export interface RealServer {
  name: string;
  description?: string;
  labels?: Labels;
  address: string;
  port?: number;
  weight?: number;
  adminState?: AdminState;
  healthCheck?: HealthCheck;
  metadata?: Metadata;
  [other: string]: unknown;
}

export interface VirtualServer {
  name: string;
  description?: string;
  labels?: Labels;
  address?: string;
  port?: number;
  protocol?: 'tcp' | 'udp' | 'sctp';
  fwmark?: number;
  scheduler?: string;
  forwarding?: 'nat' | 'dr' | 'tun' | 'fullnat';
  healthCheck?: HealthCheck;
  vrrpGroup?: string;
  directors?: string[];
  realServers?: RealServer[];
  metadata?: Metadata;
  [other: string]: unknown;
}

export interface VrrpMember {
  director: string;
  priority: number;
  initialState?: 'master' | 'backup';
}

export interface VrrpGroup {
  name: string;
  description?: string;
  labels?: Labels;
  vrid: number;
  interface: string;
  version?: 2 | 3;
  advertIntervalSeconds?: number;
  virtualAddresses: { address: string }[];
  members: VrrpMember[];
  preempt?: boolean;
  metadata?: Metadata;
  [other: string]: unknown;
}

export interface VrrpMemberStatus {
  director: string;
  connected: boolean;
  state?: 'INIT' | 'BACKUP' | 'MASTER' | 'FAULT';
  priority?: number;
  effectivePriority?: number;
  since?: string;
  reason?: string;
}

export interface VrrpGroupStatus {
  group: string;
  splitBrain: boolean;
  members: VrrpMemberStatus[];
}

export interface RolloutStatus {
  revision: number;
  directors: number;
  applied: number;
  appliedOn: string[];
  pending: string[];
  lastError?: { director?: string; revision?: number; at?: string; object?: string; field?: string; message?: string };
}

/** GET /api/v1/status (openapi.yaml FleetStatus). */
export interface FleetStatus {
  revision: number;
  directors: { name: string; connected: boolean; appliedRevision?: number | null }[];
  vrrpGroups: { name: string; vrid: number; status: VrrpGroupStatus }[];
  virtualServers: { total: number; incomplete: { name: string; status: RolloutStatus }[] };
}

/** fulcrum.agent.v1.Status as protobuf's JSON printer writes it (64-bit numbers are strings). */
export interface AgentReport {
  services?: {
    virtualServer?: string;
    counters?: Counters;
    destinations?: {
      realServer?: string;
      activeConnections?: number;
      inactiveConnections?: number;
      weight?: number;
      counters?: Counters;
    }[];
  }[];
  vrrp?: { group?: string; state?: string; priority?: number; effectivePriority?: number; sinceUnixMillis?: string; reason?: string }[];
  health?: { virtualServer?: string; realServer?: string; health?: string; reason?: string; sinceUnixMillis?: string }[];
}

export interface Counters {
  connections?: number | string;
  cps?: number | string;
  ppsIn?: number | string;
  ppsOut?: number | string;
  bpsIn?: number | string;
  bpsOut?: number | string;
}

export interface DirectorStatusReport extends DirectorStatus {
  report?: AgentReport | null;
}

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export interface AuditRecord {
  revision: number;
  time: string;
  actor: string;
  action: 'create' | 'update' | 'delete';
  kind: string;
  resource: string;
  before?: unknown;
  after?: unknown;
  apply?: string;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface FieldDiff {
  path: string;
  before?: unknown;
  after?: unknown;
  secret?: boolean;
}

export interface PlanChange {
  kind: string;
  virtualServer?: string;
  name: string;
  action: 'create' | 'update' | 'delete' | 'unchanged' | 'keep';
  at?: string;
  diff?: FieldDiff[];
  directors: string[];
}

export interface Plan {
  basedOnRevision?: number;
  refused: boolean;
  writes: boolean;
  counts: { create: number; update: number; delete: number; unchanged: number; keep: number };
  changes: PlanChange[];
  errors: FieldError[];
  warnings: FieldError[];
}

export interface ApiToken {
  name: string;
  role: Role;
  createdAt?: string;
}

export interface EnrollmentToken {
  id: number;
  director: string;
  description?: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
}

export interface Caller {
  name: string;
  role: Role;
}
