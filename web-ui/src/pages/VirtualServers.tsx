// The virtual servers: every page loaded (progressively), filtered and sorted in the browser, drawn
// as a window of rows so that 10,000 of them stay quick.
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { VirtualServer } from '../api/types';
import { ApiError, seg } from '../api/client';
import { useLive, useSession } from '../session';
import { useLoad } from '../useLoad';
import { ErrorBox, Health, labelsText } from '../components/ui';
import { filterRows, toRow } from '../vsfilter';
import type { HealthFilter, Query, SortKey } from '../vsfilter';

const ROW = 40;

/** The list with re-read virtual servers replaced, new ones added, deleted ones (null) removed. */
export function patch(list: VirtualServer[], got: readonly (readonly [string, VirtualServer | null | undefined])[]): VirtualServer[] {
  const byName = new Map(list.map((v) => [v.name, v]));
  for (const [name, vs] of got) {
    if (vs === null) byName.delete(name);
    else if (vs) byName.set(name, vs);
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
const VIEW = 600;

export function VirtualServers() {
  const { api, canWrite } = useSession();
  const live = useLive();
  const navigate = useNavigate();
  const [partial, setPartial] = useState<VirtualServer[] | null>(null);
  const [items, setItems] = useState<VirtualServer[] | null>(null);
  const seen = useRef(0);
  const loaded = useLoad(() => {
    seen.current = live.revision;
    return api.all<VirtualServer>('/api/v1/virtual-servers', setPartial);
  }, [api, live.resyncs]);
  useEffect(() => setItems(loaded.data ?? null), [loaded.data]);
  // a new revision: re-read only the virtual servers it changed (all of them if too many, or unknown)
  useEffect(() => {
    if (!items || live.revision <= seen.current) return;
    const names = live.virtualServersChangedSince(seen.current);
    seen.current = live.revision;
    if (names === null || names.size > 100) return loaded.reload();
    if (names.size === 0) return;
    void Promise.all(
      [...names].map((n) =>
        api.get<VirtualServer>(`/api/v1/virtual-servers/${seg(n)}`).then(
          (r) => [n, r.body] as const,
          (e: unknown) => [n, e instanceof ApiError && e.status === 404 ? null : undefined] as const,
        ),
      ),
    ).then((got) => setItems((cur) => (cur ? patch(cur, got) : cur)));
  }, [live.revision, items, api, live, loaded]);
  const all = items ?? partial ?? [];
  const [q, setQ] = useState<Query>({ text: '', label: '', health: 'any', sort: 'name', descending: false });
  const query = useDeferredValue(q);
  const [scroll, setScroll] = useState(0);

  const rows = useMemo(() => all.map((vs) => toRow(vs, live.vsSummary(vs.name))), [all, live, live.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const shown = useMemo(() => filterRows(rows, query), [rows, query]);
  const first = Math.max(0, Math.floor(scroll / ROW) - 5);
  const last = Math.min(shown.length, first + Math.ceil(VIEW / ROW) + 10);

  const sortBy = (k: SortKey) => setQ((x) => ({ ...x, sort: k, descending: x.sort === k ? !x.descending : false }));
  const arrow = (k: SortKey) => (q.sort === k ? (q.descending ? ' ▼' : ' ▲') : '');

  return (
    <section>
      <div className="heading">
        <h1>Virtual servers</h1>
        {canWrite ? (
          <Link className="button primary" to="/virtual-servers/new">
            New virtual server
          </Link>
        ) : null}
      </div>
      <ErrorBox error={loaded.error} />
      <div className="filters">
        <input aria-label="filter" placeholder="Filter by name or address" value={q.text} onChange={(e) => setQ({ ...q, text: e.target.value })} />
        <input aria-label="label" placeholder="label (key=value)" value={q.label} onChange={(e) => setQ({ ...q, label: e.target.value })} />
        <select aria-label="health" value={q.health} onChange={(e) => setQ({ ...q, health: e.target.value as HealthFilter })}>
          <option value="any">any health</option>
          <option value="UP">all up</option>
          <option value="DOWN">some down</option>
          <option value="UNKNOWN">unknown</option>
          <option value="none">no report</option>
        </select>
        <span className="muted" data-testid="count">
          {shown.length} of {all.length}
          {loaded.loading ? ' (loading…)' : ''}
        </span>
      </div>
      <div className="vtable" role="table" aria-rowcount={shown.length}>
        <div className="vrow vhead" role="row">
          <button type="button" role="columnheader" onClick={() => sortBy('name')}>
            name{arrow('name')}
          </button>
          <button type="button" role="columnheader" onClick={() => sortBy('address')}>
            address{arrow('address')}
          </button>
          <span role="columnheader">scheduler</span>
          <button type="button" role="columnheader" onClick={() => sortBy('realServers')}>
            real servers{arrow('realServers')}
          </button>
          <button type="button" role="columnheader" onClick={() => sortBy('health')}>
            health{arrow('health')}
          </button>
          <span role="columnheader">labels</span>
        </div>
        <div className="vbody" onScroll={(e) => setScroll(e.currentTarget.scrollTop)} style={{ height: Math.min(VIEW, Math.max(ROW, shown.length * ROW)) }}>
          <div style={{ height: shown.length * ROW, position: 'relative' }}>
            {shown.slice(first, last).map((r, i) => (
              <div
                key={r.vs.name}
                className="vrow"
                role="row"
                style={{ top: (first + i) * ROW }}
                onClick={() => navigate(`/virtual-servers/${seg(r.vs.name)}`)}
              >
                <span role="cell">
                  <Link to={`/virtual-servers/${seg(r.vs.name)}`}>{r.vs.name}</Link>
                </span>
                <span role="cell">{r.vs.address ? `${r.vs.address}:${r.vs.port ?? 0}/${r.vs.protocol ?? 'tcp'}` : `fwmark ${r.vs.fwmark}`}</span>
                <span role="cell">
                  {r.vs.scheduler ?? 'wlc'} · {r.vs.forwarding ?? 'nat'}
                </span>
                <span role="cell">{r.vs.realServers?.length ?? 0}</span>
                <span role="cell">
                  <Health health={r.health} />
                </span>
                <span role="cell" className="muted">
                  {labelsText(r.vs.labels)}
                </span>
              </div>
            ))}
          </div>
        </div>
      </div>
      {!loaded.loading && all.length === 0 ? <p className="muted">No virtual servers yet.</p> : null}
    </section>
  );
}
