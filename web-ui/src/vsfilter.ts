// Filtering and sorting the virtual servers list (pure: the list calls it on every keystroke).
import type { VirtualServer } from './api/types';

export type HealthFilter = 'any' | 'UP' | 'DOWN' | 'UNKNOWN' | 'none';
export type SortKey = 'name' | 'address' | 'realServers' | 'health';

export interface Row {
  vs: VirtualServer;
  /** lower-cased name, address:port and labels, matched by the text filter */
  text: string;
  labels: string[];
  health: 'UP' | 'DOWN' | 'UNKNOWN' | null;
}

export function toRow(vs: VirtualServer, health: Row['health']): Row {
  const labels = Object.entries(vs.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  const addr = vs.address ? `${vs.address}:${vs.port ?? 0}` : `fwmark ${vs.fwmark ?? ''}`;
  return { vs, text: `${vs.name} ${addr} ${labels.join(' ')}`.toLowerCase(), labels, health };
}

export interface Query {
  text: string;
  label: string;
  health: HealthFilter;
  sort: SortKey;
  descending: boolean;
}

const HEALTH_ORDER = { DOWN: 0, UNKNOWN: 1, UP: 2 } as const;

export function filterRows(rows: Row[], q: Query): Row[] {
  const words = q.text.toLowerCase().split(/\s+/).filter(Boolean);
  const label = q.label.trim();
  const out = rows.filter((r) => {
    for (const w of words) if (!r.text.includes(w)) return false;
    if (label && !r.labels.some((l) => (label.includes('=') ? l === label : l.startsWith(`${label}=`)))) return false;
    if (q.health === 'any') return true;
    if (q.health === 'none') return r.health === null;
    return r.health === q.health;
  });
  const cmp = (a: Row, b: Row): number => {
    switch (q.sort) {
      case 'address':
        return (a.vs.address ?? '').localeCompare(b.vs.address ?? '', undefined, { numeric: true }) || (a.vs.port ?? 0) - (b.vs.port ?? 0);
      case 'realServers':
        return (a.vs.realServers?.length ?? 0) - (b.vs.realServers?.length ?? 0);
      case 'health':
        return (a.health === null ? 3 : HEALTH_ORDER[a.health]) - (b.health === null ? 3 : HEALTH_ORDER[b.health]);
      default:
        return a.vs.name < b.vs.name ? -1 : a.vs.name > b.vs.name ? 1 : 0;
    }
  };
  out.sort((a, b) => (q.descending ? -cmp(a, b) : cmp(a, b)) || (a.vs.name < b.vs.name ? -1 : 1));
  return out;
}
