import { Link } from 'react-router-dom';
import type { Director, FleetStatus, VirtualServer, VrrpGroup } from '../api/types';
import { seg } from '../api/client';
import { useLive, useSession } from '../session';
import { useLoad } from '../useLoad';
import { ErrorBox, Pill, ago } from '../components/ui';

export function Overview() {
  const { api } = useSession();
  const live = useLive();
  const data = useLoad(async () => {
    // the fleet's state in one answer (what `fulcrum ctl status` shows); the lists add what it leaves out:
    // addresses, versions and refusals of directors, configured priorities, real servers for the totals
    const [directors, groups, vss, fleet] = await Promise.all([
      api.all<Director>('/api/v1/directors'),
      api.all<VrrpGroup>('/api/v1/vrrp-groups'),
      api.all<VirtualServer>('/api/v1/virtual-servers'),
      api.get<FleetStatus>('/api/v1/status'),
    ]);
    const statuses = fleet.body.vrrpGroups.map((g) => g.status);
    const incomplete = fleet.body.virtualServers.incomplete.map((r) => ({ name: r.name, ...r.status }));
    const realServers = vss.flatMap((v) => (v.realServers ?? []).map((r): [string, string] => [v.name, r.name]));
    return { directors, groups, statuses, vsCount: fleet.body.virtualServers.total, realServers, revision: fleet.body.revision, incomplete };
  }, [api, live.revision, live.resyncs]);

  const d = data.data;
  const totals = live.totals(d?.realServers ?? []);
  const current = Math.max(d?.revision ?? 0, live.revision);
  return (
    <section>
      <h1>Overview</h1>
      <ErrorBox error={data.error} />
      {!d ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <div className="tiles">
            <div className="tile">
              <span className="big">{current}</span> revision
            </div>
            <div className="tile">
              <span className="big">{d.directors.filter((x) => live.agents.get(x.name)?.connected ?? x.status?.connected).length}</span> of {d.directors.length} directors connected
            </div>
            <div className="tile">
              <span className="big">{d.vsCount}</span> virtual servers
            </div>
            <div className="tile" data-testid="health-totals">
              <span className="big health-up-text">{totals.UP}</span> up · <span className="big health-down-text">{totals.DOWN}</span> down ·{' '}
              <span className="big">{totals.UNKNOWN}</span> unknown
              {totals.NONE ? <span className="muted"> · {totals.NONE} not reported</span> : null}
            </div>
          </div>

          <h2>Directors</h2>
          {d.directors.length === 0 ? (
            <p className="muted">
              No directors yet. <Link to="/directors/new">Add one</Link>.
            </p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>director</th>
                  <th>agent</th>
                  <th>version</th>
                  <th>applied</th>
                  <th>last refusal (NACK)</th>
                </tr>
              </thead>
              <tbody>
                {d.directors.map((x) => {
                  const a = live.agents.get(x.name);
                  const connected = a?.connected ?? x.status?.connected ?? false;
                  const applied = a?.appliedRevision ?? x.status?.appliedRevision;
                  const nack = a?.nack;
                  const restNack = x.status?.lastNack;
                  return (
                    <tr key={x.name}>
                      <td>
                        {x.name} <span className="muted">{x.managementAddress}</span>
                      </td>
                      <td>{connected ? <Pill kind="ok">connected</Pill> : <Pill kind="bad">disconnected</Pill>}</td>
                      <td>{a?.agentVersion ?? x.status?.agentVersion ?? '—'}</td>
                      <td>
                        {applied === undefined ? '—' : `r${applied}`}{' '}
                        {applied !== undefined && applied < current ? <span className="muted">(current r{current})</span> : applied !== undefined ? <Pill kind="ok">current</Pill> : null}
                      </td>
                      <td>
                        {nack ? (
                          <span className="bad-text">
                            r{nack.revision} {nack.resource} <code>{nack.pointer}</code> {nack.detail}
                          </span>
                        ) : restNack ? (
                          <span className="bad-text">
                            r{restNack.revision}{' '}
                            {(restNack.errors ?? []).map((e, i) => (
                              <span key={i}>
                                {e.object} <code>{e.field}</code> {e.message}
                              </span>
                            ))}
                          </span>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}

          <h2>VRRP groups</h2>
          {d.statuses.length === 0 ? (
            <p className="muted">No VRRP groups.</p>
          ) : (
            <div className="groups">
              {d.statuses.map((g) => {
                const configured = new Map((d.groups.find((x) => x.name === g.group)?.members ?? []).map((m) => [m.director, m.priority]));
                const members = g.members.map((m) => ({ ...m, priority: m.priority ?? configured.get(m.director), ...live.vrrp.get(`${g.group}/${m.director}`) }));
                const masters = members.filter((m) => m.state === 'MASTER');
                const split = g.splitBrain || masters.length > 1;
                return (
                  <div key={g.group} className={`card group${split ? ' alarm' : ''}`}>
                    <h3>
                      {g.group} {split ? <Pill kind="bad">split brain: {masters.map((m) => m.director).join(', ')} are all MASTER</Pill> : null}
                    </h3>
                    <p>
                      master: <strong>{masters[0]?.director ?? 'none'}</strong>
                    </p>
                    <table>
                      <tbody>
                        {members.map((m) => (
                          <tr key={m.director}>
                            <td>{m.director}</td>
                            <td>
                              <Pill kind={`vrrp-${(m.state ?? 'none').toLowerCase()}`}>{m.state ?? 'no report'}</Pill>
                            </td>
                            <td>
                              priority {m.effectivePriority ?? m.priority ?? '—'}
                              {m.priority !== undefined && m.effectivePriority !== undefined && m.priority !== m.effectivePriority ? <span className="muted"> (configured {m.priority})</span> : null}
                            </td>
                            <td className="muted">{m.reason}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                );
              })}
            </div>
          )}

          <h2>Rollouts not complete</h2>
          {d.incomplete.length === 0 ? (
            <p className="muted">Every virtual server's last change is applied on all its directors.</p>
          ) : (
            <ul>
              {d.incomplete.map((r) => (
                <li key={r.name}>
                  <Link to={`/virtual-servers/${seg(r.name)}`}>{r.name}</Link>: applied on {r.applied} of {r.directors}
                  {r.pending.length ? <span className="muted"> (waiting for {r.pending.join(', ')})</span> : null}
                  {r.lastError ? (
                    <span className="bad-text">
                      {' '}
                      refused by {r.lastError.director}: <code>{r.lastError.field}</code> {r.lastError.message}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}

          <h2>Latest events</h2>
          {live.events.length === 0 ? (
            <p className="muted">No events since this page opened.</p>
          ) : (
            <ul className="events">
              {live.events.slice(0, 15).map((e, i) => (
                <li key={i}>
                  <span className="muted">{ago(e.at)}</span> <Pill kind={`ev-${e.type}`}>{e.type}</Pill> {e.text}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
