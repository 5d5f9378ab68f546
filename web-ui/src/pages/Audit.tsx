// The audit trail: one record per change, newest first, paged; filter by kind, resource and who.
import { useState } from 'react';
import type { AuditRecord, Page } from '../api/types';
import { useLive, useSession } from '../session';
import { useLoad } from '../useLoad';
import { ErrorBox, Pill } from '../components/ui';
import { DiffTable } from '../components/DiffTable';

const PAGE = 25;

export function Audit() {
  const { api } = useSession();
  const live = useLive();
  const [filter, setFilter] = useState({ kind: '', resource: '', actor: '' });
  const [applied, setApplied] = useState(filter);
  // tokens of the pages before this one (to go back), and of this one
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const [open, setOpen] = useState<number | null>(null);
  const token = pages[pages.length - 1];
  const list = useLoad(() => {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (applied.kind) q.set('kind', applied.kind);
    if (applied.resource.trim()) q.set('resource', applied.resource.trim());
    if (applied.actor.trim()) q.set('actor', applied.actor.trim());
    if (token) q.set('pageToken', token);
    return api.get<Page<AuditRecord>>(`/api/v1/audit?${q}`).then((r) => r.body);
  }, [api, applied, token, pages.length === 1 ? live.revision : 0]);

  return (
    <section>
      <h1>Audit</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setPages([undefined]);
          setApplied(filter);
        }}
      >
        <select aria-label="kind" value={filter.kind} onChange={(e) => setFilter({ ...filter, kind: e.target.value })}>
          <option value="">every kind</option>
          {['director', 'vrrp-group', 'virtual-server', 'real-server', 'token', 'enrollment-token'].map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
        <input aria-label="resource" placeholder="resource (a real server: vs/rs)" value={filter.resource} onChange={(e) => setFilter({ ...filter, resource: e.target.value })} />
        <input aria-label="who" placeholder="who (token name)" value={filter.actor} onChange={(e) => setFilter({ ...filter, actor: e.target.value })} />
        <button type="submit">Filter</button>
      </form>
      <ErrorBox error={list.error} />
      <table className="audit">
        <thead>
          <tr>
            <th>revision</th>
            <th>when</th>
            <th>who</th>
            <th>change</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(list.data?.items ?? []).map((a) => (
            <AuditRow key={a.revision} a={a} open={open === a.revision} toggle={() => setOpen(open === a.revision ? null : a.revision)} />
          ))}
        </tbody>
      </table>
      {list.data?.items.length === 0 ? <p className="muted">No records.</p> : null}
      <div className="buttons">
        <button type="button" disabled={pages.length <= 1} onClick={() => setPages(pages.slice(0, -1))}>
          Newer
        </button>
        <span className="muted">page {pages.length}</span>
        <button type="button" disabled={!list.data?.nextPageToken} onClick={() => setPages([...pages, list.data?.nextPageToken])}>
          Older
        </button>
      </div>
    </section>
  );
}

function AuditRow({ a, open, toggle }: { a: AuditRecord; open: boolean; toggle: () => void }) {
  return (
    <>
      <tr data-testid={`audit-${a.revision}`}>
        <td>r{a.revision}</td>
        <td>{new Date(a.time).toLocaleString()}</td>
        <td>{a.actor}</td>
        <td>
          <Pill kind={`action-${a.action}`}>{a.action}</Pill> {a.kind} <strong>{a.resource}</strong>
          {a.apply ? <span className="muted"> (apply {a.apply})</span> : null}
        </td>
        <td>
          <button type="button" className="link" onClick={toggle} aria-expanded={open}>
            {open ? 'hide' : 'diff'}
          </button>
        </td>
      </tr>
      {open ? (
        <tr className="detail">
          <td colSpan={5}>
            <DiffTable before={a.before} after={a.after} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
