// Create or edit a virtual server with its real servers and health check: preview (plan) first,
// then save; the server's field errors appear at their fields.
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, seg } from '../api/client';
import type { Director, HealthCheck, Plan, RealServer, VirtualServer, VrrpGroup } from '../api/types';
import { useSession } from '../session';
import { useLoad } from '../useLoad';
import { ErrorBox, Field, labelsText, parseLabels } from '../components/ui';
import { PlanView } from '../components/PlanView';
import { compact, fieldErrors, optNumber, otherErrors, planOne } from '../formhelp';
import { RealServerRows, SHOWN_CHECK_FIELDS, overrideOf, parseCodes, rowFrom } from './RealServerRows';
import type { RsRow } from './RealServerRows';

interface State {
  name: string;
  description: string;
  address: string;
  port: string;
  protocol: string;
  scheduler: string;
  forwarding: string;
  servedBy: 'directors' | 'vrrpGroup';
  directors: string[];
  vrrpGroup: string;
  labels: string;
  check: string;
  interval: string;
  timeout: string;
  fall: string;
  rise: string;
  httpPath: string;
  statusCodes: string;
  realServers: RsRow[];
}

const EMPTY: State = {
  name: '',
  description: '',
  address: '',
  port: '80',
  protocol: 'tcp',
  scheduler: 'wlc',
  forwarding: 'nat',
  servedBy: 'directors',
  directors: [],
  vrrpGroup: '',
  labels: '',
  check: 'tcp',
  interval: '',
  timeout: '',
  fall: '',
  rise: '',
  httpPath: '/',
  statusCodes: '', // blank: the API's default, any 2xx (as keepalived)
  realServers: [],
};

const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh', 'twos'];

export function fromResource(vs: VirtualServer): State {
  const h = vs.healthCheck ?? {};
  return {
    name: vs.name,
    description: vs.description ?? '',
    address: vs.address ?? '',
    port: vs.port === undefined ? '' : String(vs.port),
    protocol: vs.protocol ?? 'tcp',
    scheduler: vs.scheduler ?? 'wlc',
    forwarding: vs.forwarding ?? 'nat',
    servedBy: vs.vrrpGroup ? 'vrrpGroup' : 'directors',
    directors: vs.directors ?? [],
    vrrpGroup: vs.vrrpGroup ?? '',
    labels: labelsText(vs.labels),
    check: h.type ?? 'none',
    interval: h.intervalSeconds === undefined ? '' : String(h.intervalSeconds),
    timeout: h.timeoutSeconds === undefined ? '' : String(h.timeoutSeconds),
    fall: h.fall === undefined ? '' : String(h.fall),
    rise: h.rise === undefined ? '' : String(h.rise),
    httpPath: h.http?.urls?.[0]?.path ?? '/',
    statusCodes: (h.http?.urls?.[0]?.statusCodes ?? []).join(', '),
    realServers: (vs.realServers ?? []).map(rowFrom),
  };
}

/** The request body: the form's fields over what the resource had (fields the form does not show are kept). */
export function toResource(s: State, original?: VirtualServer): VirtualServer {
  const service = { type: s.check, httpPath: s.httpPath, statusCodes: s.statusCodes };
  const { metadata: _m, realServers: _r, ...kept } = original ?? ({} as VirtualServer); // eslint-disable-line @typescript-eslint/no-unused-vars
  let healthCheck: HealthCheck | undefined;
  if (s.check !== 'none' || original?.healthCheck) {
    healthCheck = { ...(original?.healthCheck ?? {}), type: s.check as HealthCheck['type'] };
    healthCheck.intervalSeconds = optNumber(s.interval);
    healthCheck.timeoutSeconds = optNumber(s.timeout);
    healthCheck.fall = optNumber(s.fall);
    healthCheck.rise = optNumber(s.rise);
    if (s.check === 'http' || s.check === 'https') {
      healthCheck.http = { ...(original?.healthCheck?.http ?? {}), urls: [compact({ path: s.httpPath, statusCodes: parseCodes(s.statusCodes) })] };
    } else delete healthCheck.http;
    healthCheck = compact(healthCheck);
  }
  const vs: VirtualServer = {
    ...kept,
    name: s.name.trim(),
    description: s.description || undefined,
    labels: parseLabels(s.labels),
    address: s.address.trim(),
    port: optNumber(s.port),
    protocol: s.protocol as VirtualServer['protocol'],
    scheduler: s.scheduler,
    forwarding: s.forwarding as VirtualServer['forwarding'],
    healthCheck,
    vrrpGroup: s.servedBy === 'vrrpGroup' && s.vrrpGroup ? s.vrrpGroup : undefined,
    directors: s.servedBy === 'directors' && s.directors.length ? s.directors : undefined,
    realServers: s.realServers.map((r) => {
      const { metadata: _rm, ...rest } = r.original ?? ({} as RealServer); // eslint-disable-line @typescript-eslint/no-unused-vars
      return {
        ...rest,
        name: r.name.trim(),
        address: r.address.trim(),
        port: optNumber(r.port),
        weight: optNumber(r.weight),
        adminState: r.adminState as RealServer['adminState'],
        healthCheck: overrideOf(r, service),
      };
    }),
  };
  return compact(vs);
}

export function VirtualServerForm() {
  const { name } = useParams();
  const editing = name !== undefined;
  const { api } = useSession();
  const navigate = useNavigate();
  const refs = useLoad(async () => {
    const [directors, groups] = await Promise.all([api.all<Director>('/api/v1/directors'), api.all<VrrpGroup>('/api/v1/vrrp-groups')]);
    const current = editing ? await api.get<VirtualServer>(`/api/v1/virtual-servers/${seg(name)}`) : null;
    return { directors, groups, current };
  }, [api, name]);
  const [s, setS] = useState<State>(EMPTY);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const original = refs.data?.current?.body;
  useEffect(() => {
    if (original) setS(fromResource(original));
  }, [original]);

  const set = (patch: Partial<State>) => {
    setS((x) => ({ ...x, ...patch }));
    setPlan(null);
  };

  const preview = async () => {
    setBusy(true);
    setError(null);
    try {
      const p = await planOne(api, 'virtualServers', toResource(s, original));
      setPlan(p);
      setErrors(fieldErrors(p.errors, 'virtualServers'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = toResource(s, original);
      if (editing) await api.send('PUT', `/api/v1/virtual-servers/${seg(name)}`, body, { ifMatch: refs.data?.current?.etag });
      else await api.send('POST', '/api/v1/virtual-servers', body);
      navigate(`/virtual-servers/${seg(body.name)}`);
    } catch (e) {
      setPlan(null);
      if (e instanceof ApiError) setErrors(fieldErrors(e.problem.errors));
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const shown = new Set(['/name', '/address', '/port', '/description', '/labels', '/scheduler', '/forwarding', '/protocol', '/directors', '/vrrpGroup']);
  const isShown = (f: string) => shown.has(f) || f.startsWith('/healthCheck') || SHOWN_CHECK_FIELDS.test(f);
  const err = (f: string): string | undefined => errors[f];
  const hcErr = (f: string) => errors[`/healthCheck/${f}`] ?? (f === 'type' ? errors['/healthCheck'] : undefined);

  if (!refs.data) return <ErrorBox error={refs.error} />;
  const field = (label: string, key: keyof State, f: string, input?: ReactNode) => (
    <Field label={label} error={err(f)}>
      {input ?? <input name={key} value={s[key] as string} onChange={(e) => set({ [key]: e.target.value } as Partial<State>)} />}
    </Field>
  );

  return (
    <section>
      <h1>{editing ? `Edit ${name}` : 'New virtual server'}</h1>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void (plan && !plan.refused ? save() : preview());
        }}
      >
        <fieldset>
          <legend>Service</legend>
          <div className="row">
            {field('name', 'name', '/name', <input name="name" value={s.name} disabled={editing} onChange={(e) => set({ name: e.target.value })} required />)}
            {field('address', 'address', '/address')}
            {field('port', 'port', '/port')}
            {field(
              'protocol',
              'protocol',
              '/protocol',
              <select name="protocol" value={s.protocol} onChange={(e) => set({ protocol: e.target.value })}>
                <option>tcp</option>
                <option>udp</option>
                <option>sctp</option>
              </select>,
            )}
          </div>
          <div className="row">
            {field(
              'scheduler',
              'scheduler',
              '/scheduler',
              <select name="scheduler" value={s.scheduler} onChange={(e) => set({ scheduler: e.target.value })}>
                {SCHEDULERS.map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>,
            )}
            {field(
              'forwarding',
              'forwarding',
              '/forwarding',
              <select name="forwarding" value={s.forwarding} onChange={(e) => set({ forwarding: e.target.value })}>
                <option value="nat">nat (masquerading)</option>
                <option value="dr">dr (direct routing)</option>
                <option value="tun">tun (tunnelling)</option>
                <option value="fullnat">fullnat (masquerading + source NAT)</option>
              </select>,
            )}
            {field('labels (key=value, …)', 'labels', '/labels')}
          </div>
          {field('description', 'description', '/description')}
        </fieldset>
        <fieldset>
          <legend>Served by</legend>
          <label className="radio">
            <input type="radio" checked={s.servedBy === 'directors'} onChange={() => set({ servedBy: 'directors' })} /> directors
          </label>
          <label className="radio">
            <input type="radio" checked={s.servedBy === 'vrrpGroup'} onChange={() => set({ servedBy: 'vrrpGroup' })} /> the VRRP group that carries its address
          </label>
          {s.servedBy === 'directors' ? (
            <Field label="directors" error={err('/directors')}>
              <span className="checks">
                {refs.data.directors.length === 0 ? <span className="muted">no directors yet</span> : null}
                {refs.data.directors.map((d) => (
                  <label key={d.name} className="check">
                    <input
                      type="checkbox"
                      name={`director-${d.name}`}
                      checked={s.directors.includes(d.name)}
                      onChange={(e) => set({ directors: e.target.checked ? [...s.directors, d.name] : s.directors.filter((x) => x !== d.name) })}
                    />{' '}
                    {d.name}
                  </label>
                ))}
              </span>
            </Field>
          ) : (
            <Field label="VRRP group" error={err('/vrrpGroup')}>
              <select name="vrrpGroup" value={s.vrrpGroup} onChange={(e) => set({ vrrpGroup: e.target.value })}>
                <option value="">—</option>
                {refs.data.groups.map((g) => (
                  <option key={g.name}>{g.name}</option>
                ))}
              </select>
            </Field>
          )}
        </fieldset>
        <fieldset>
          <legend>Health check</legend>
          <div className="row">
            <Field label="type" error={hcErr('type')}>
              <select name="check" value={s.check} onChange={(e) => set({ check: e.target.value })}>
                {['none', 'tcp', 'http', 'https', 'smtp', 'dns', 'udp', 'misc'].map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
            </Field>
            <Field label="interval (s)" error={hcErr('intervalSeconds')}>
              <input name="interval" placeholder="5" value={s.interval} onChange={(e) => set({ interval: e.target.value })} />
            </Field>
            <Field label="timeout (s)" error={hcErr('timeoutSeconds')}>
              <input name="timeout" placeholder="5" value={s.timeout} onChange={(e) => set({ timeout: e.target.value })} />
            </Field>
            <Field label="fall" error={hcErr('fall')}>
              <input name="fall" placeholder="1" value={s.fall} onChange={(e) => set({ fall: e.target.value })} />
            </Field>
            <Field label="rise" error={hcErr('rise')}>
              <input name="rise" placeholder="1" value={s.rise} onChange={(e) => set({ rise: e.target.value })} />
            </Field>
          </div>
          {s.check === 'http' || s.check === 'https' ? (
            <div className="row">
              <Field label="URL path" error={errors['/healthCheck/http/urls/0/path']}>
                <input name="httpPath" value={s.httpPath} onChange={(e) => set({ httpPath: e.target.value })} />
              </Field>
              <Field label="status codes" error={errors['/healthCheck/http/urls/0/statusCodes']}>
                <input name="statusCodes" placeholder="any 2xx" value={s.statusCodes} onChange={(e) => set({ statusCodes: e.target.value })} />
              </Field>
            </div>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>Real servers</legend>
          <RealServerRows
            rows={s.realServers}
            service={{ type: s.check, httpPath: s.httpPath, statusCodes: s.statusCodes }}
            errors={errors}
            onChange={(realServers: RsRow[]) => set({ realServers })}
          />
        </fieldset>
        {otherErrors(errors, isShown).map(([f, m]) => (
          <div key={f} className="error">
            <code>{f}</code> {m}
          </div>
        ))}
        <ErrorBox error={error} />
        {plan ? <PlanView plan={plan} /> : null}
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {plan && !plan.refused ? 'Save' : 'Preview'}
          </button>
          <button type="button" className="link" onClick={() => navigate(-1)}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
