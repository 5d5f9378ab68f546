// Which directors serve a virtual server and how many have applied its last change, from the lists
// alone (the overview checks the incomplete ones with GET .../status).
import type { Director, VirtualServer, VrrpGroup } from './api/types';

export function servingDirectors(vs: VirtualServer, groups: Map<string, VrrpGroup>): string[] {
  const out = new Set(vs.directors ?? []);
  if (vs.vrrpGroup) for (const m of groups.get(vs.vrrpGroup)?.members ?? []) out.add(m.director);
  return [...out].sort();
}

export function lastRevision(vs: VirtualServer): number {
  let r = vs.metadata?.revision ?? 0;
  for (const rs of vs.realServers ?? []) r = Math.max(r, rs.metadata?.revision ?? 0);
  return r;
}

export interface Rollout {
  name: string;
  directors: string[];
  appliedOn: string[];
  revision: number;
}

export function rollouts(vss: VirtualServer[], groups: VrrpGroup[], applied: (d: string) => number | undefined): Rollout[] {
  const byName = new Map(groups.map((g) => [g.name, g]));
  return vss.map((vs) => {
    const directors = servingDirectors(vs, byName);
    const revision = lastRevision(vs);
    return { name: vs.name, directors, revision, appliedOn: directors.filter((d) => (applied(d) ?? -1) >= revision) };
  });
}

export const appliedRevisionOf = (directors: Director[], live: Map<string, { appliedRevision?: number }>) => {
  const rest = new Map(directors.map((d) => [d.name, d.status?.appliedRevision]));
  return (d: string): number | undefined => live.get(d)?.appliedRevision ?? rest.get(d);
};
