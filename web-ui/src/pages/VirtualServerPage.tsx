// One virtual server: settings, rollout, its real servers with live health and counters per
// director, a 15-minute chart, and the actions (drain, disable, enable, weight) as If-Match writes.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, seg } from '../api/client';
import type { RealServer, RolloutStatus, VirtualServer } from '../api/types';
import { useLive, useSession } from '../session';
import { useLoad } from '../useLoad';
import { Chart } from '../components/Chart';
import { DiffTable } from '../components/DiffTable';
import { ConfirmButton, ErrorBox, Health, Pill, ago, labelsText, rate } from '../components/ui';

interface Conflict {
  rs: string;
  mine: RealServer;
  theirs: RealServer | null;
}

const body = (rs: RealServer): RealServer => {
  const { metadata: _metadata, ...rest } = rs; // eslint-disable-line @typescript-eslint/no-unused-vars
  return rest;
};

export function VirtualServerPage() {
  const { name = '' } = useParams();
  const { api, canWrite } = useSession();
  const live = useLive();
  const navigate = useNavigate();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [editing, setEditing] = useState<{ rs: string; weight: string; base: RealServer } | null>(null);
  const [busy, setBusy] = useState(false);
  // re-read when a revision touches this virtual server, and after a resync
  const touching = live.revision;
  const data = useLoad(async () => {
    const [vs, status, reals] = await Promise.all([
      api.get<VirtualServer>(`/api/v1/virtual-servers/${seg(name)}`),
      api.get<RolloutStatus>(`/api/v1/virtual-servers/${seg(name)}/status`).then((r) => r.body, () => null),
      // the real servers' own versions (their ETags), which the virtual server's body leaves out
      api.all<RealServer>(`/api/v1/virtual-servers/${seg(name)}/real-servers`).catch(() => [] as RealServer[]),
    ]);
    const meta = new Map(reals.map((r) => [r.name, r.metadata]));
    const realServers = (vs.body.realServers ?? []).map((r) => ({ ...r, metadata: meta.get(r.name) ?? r.metadata }));
    return { vs: { ...vs.body, realServers }, etag: vs.etag, status };
  }, [api, name, touching, live.resyncs]);

  const vs = data.data?.vs;

  /** A write to one real server with If-Match: its version when the edit began (rs as read then). */
  const write = async (rs: RealServer, change: Partial<RealServer>) => {
    setBusy(true);
    setActionError(null);
    const mine = { ...body(rs), ...change };
    try {
      await api.send('PUT', `/api/v1/virtual-servers/${seg(name)}/real-servers/${seg(rs.name)}`, mine, {
        ifMatch: rs.metadata ? `"${rs.metadata.version}"` : null,
      });
      setEditing(null);
      data.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        const theirs = await api
          .get<RealServer>(`/api/v1/virtual-servers/${seg(name)}/real-servers/${seg(rs.name)}`)
          .then((r) => r.body)
          .catch(() => null);
        setEditing(null);
        setConflict({ rs: rs.name, mine: rs, theirs });
      } else setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  if (data.error instanceof ApiError && data.error.status === 404)
    return (
      <section>
        <h1>{name}</h1>
        <p>No virtual server of that name. <Link to="/virtual-servers">All virtual servers</Link></p>
      </section>
    );
  if (!vs)
    return (
      <section>
        <h1>{name}</h1>
        <ErrorBox error={data.error} />
        <p className="muted">Loading…</p>
      </section>
    );
  const status = data.data?.status;
  return (
    <section>
      <div className="heading">
        <h1>
          {vs.name} <span className="muted">{vs.address ? `${vs.address}:${vs.port ?? 0}/${vs.protocol ?? 'tcp'}` : `fwmark ${vs.fwmark}`}</span>
        </h1>
        {canWrite ? (
          <div className="actions">
            <Link className="button" to={`/virtual-servers/${seg(vs.name)}/edit`}>
              Edit
            </Link>
            <ConfirmButton
              className="danger"
              confirm={`Delete ${vs.name}`}
              onConfirm={() =>
                api
                  .send('DELETE', `/api/v1/virtual-servers/${seg(vs.name)}`, undefined, { ifMatch: data.data?.etag })
                  .then(() => navigate('/virtual-servers'), setActionError)
              }
            >
              Delete
            </ConfirmButton>
          </div>
        ) : null}
      </div>
      {vs.description ? <p>{vs.description}</p> : null}
      <dl className="settings">
        <dt>scheduler</dt>
        <dd>{vs.scheduler ?? 'wlc'}</dd>
        <dt>forwarding</dt>
        <dd>{vs.forwarding ?? 'nat'}</dd>
        <dt>served by</dt>
        <dd>
          {vs.vrrpGroup ? (
            `VRRP group ${vs.vrrpGroup}`
          ) : vs.directors?.length ? (
            vs.directors.join(', ')
          ) : (
            <span className="bad-text">none yet: edit it to name directors or a VRRP group, or it is programmed nowhere</span>
          )}
        </dd>
        <dt>health check</dt>
        <dd>
          {vs.healthCheck?.type ?? 'none'}
          {vs.healthCheck?.http?.urls?.length ? ` ${vs.healthCheck.http.urls.map((u) => u.path).join(', ')}` : ''}
        </dd>
        <dt>labels</dt>
        <dd>{labelsText(vs.labels) || '—'}</dd>
        <dt>rollout</dt>
        <dd data-testid="rollout">
          {status ? (
            <>
              applied on {status.applied} of {status.directors} (r{status.revision})
              {status.pending.length ? <span className="muted"> — waiting for {status.pending.join(', ')}</span> : null}
            </>
          ) : (
            '—'
          )}
        </dd>
      </dl>

      {conflict ? (
        <div className="conflict card" role="alert">
          <h3>{conflict.rs} was changed meanwhile</h3>
          <p>Someone changed this real server after this page read it; nothing was written. What changed:</p>
          <DiffTable before={body(conflict.mine)} after={conflict.theirs ? body(conflict.theirs) : null} />
          <button
            type="button"
            className="primary"
            onClick={() => {
              setConflict(null);
              data.reload();
            }}
          >
            Reload
          </button>
        </div>
      ) : null}
      <ErrorBox error={actionError} />

      <h2>Real servers</h2>
      <table className="real-servers">
        <thead>
          <tr>
            <th>real server</th>
            <th>health</th>
            <th>weight</th>
            <th>admin state</th>
            <th>connections (active / inactive) and rates, per director</th>
            {canWrite ? <th>actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {(vs.realServers ?? []).map((rs) => {
            const health = live.healthOf(vs.name, rs.name);
            return (
              <tr key={rs.name} data-testid={`rs-${rs.name}`}>
                <td>
                  <strong>{rs.name}</strong> <span className="muted">{`${rs.address}:${rs.port ?? vs.port ?? 0}`}</span>
                </td>
                <td data-testid="health">
                  {health.length === 0 ? (
                    <Health health={null} />
                  ) : (
                    health.map((h) => (
                      <div key={h.director}>
                        <Health health={h.health} /> <span className="muted">{h.director}</span> {h.reason ? <span>{h.reason}</span> : null}{' '}
                        <span className="muted">{h.since ? `since ${ago(h.since)}` : ''}</span>
                      </div>
                    ))
                  )}
                </td>
                <td>
                  {editing?.rs === rs.name ? (
                    <form
                      className="inline"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void write(editing.base, { weight: Number(editing.weight) });
                      }}
                    >
                      <input aria-label="weight" type="number" min={0} max={65535} value={editing.weight} onChange={(e) => setEditing({ ...editing, weight: e.target.value })} />
                      <button type="submit" className="primary" disabled={busy}>
                        Save
                      </button>
                      <button type="button" className="link" onClick={() => setEditing(null)}>
                        Cancel
                      </button>
                    </form>
                  ) : (
                    <>
                      {rs.weight ?? 1}{' '}
                      {canWrite ? (
                        <button type="button" className="link" onClick={() => setEditing({ rs: rs.name, weight: String(rs.weight ?? 1), base: rs })}>
                          edit
                        </button>
                      ) : null}
                    </>
                  )}
                </td>
                <td>
                  <Pill kind={`admin-${rs.adminState ?? 'enabled'}`}>{rs.adminState ?? 'enabled'}</Pill>
                </td>
                <td>
                  {[...live.rsCounters.entries()]
                    .filter(([k]) => k.endsWith(`/${vs.name}/${rs.name}`))
                    .map(([k, c]) => (
                      <div key={k}>
                        <span className="muted">{k.split('/')[0]}</span> {c.activeConnections} / {c.inactiveConnections} · {rate(c.cps, 'conn/s')} · in {rate(c.bpsIn, 'B/s')} · out {rate(c.bpsOut, 'B/s')}
                      </div>
                    ))}
                </td>
                {canWrite ? (
                  <td className="actions">
                    {rs.adminState !== 'draining' ? (
                      <button type="button" disabled={busy} onClick={() => void write(rs, { adminState: 'draining' })}>
                        Drain
                      </button>
                    ) : null}
                    {rs.adminState !== 'disabled' ? (
                      <button type="button" disabled={busy} onClick={() => void write(rs, { adminState: 'disabled' })}>
                        Disable
                      </button>
                    ) : null}
                    {(rs.adminState ?? 'enabled') !== 'enabled' ? (
                      <button type="button" disabled={busy} onClick={() => void write(rs, { adminState: 'enabled' })}>
                        Enable
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {(vs.realServers ?? []).length === 0 ? <p className="muted">No real servers.</p> : null}

      <h2>Traffic</h2>
      <Chart series={live.history.get(vs.name)} />
    </section>
  );
}
