import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, seg } from '../api/client';
import type { Director, Plan } from '../api/types';
import { useLive, useSession } from '../session';
import { useLoad } from '../useLoad';
import { ConfirmButton, ErrorBox, Field, Pill, ago, labelsText, parseLabels } from '../components/ui';
import { PlanView } from '../components/PlanView';
import { fieldErrors, planOne } from '../formhelp';

export function Directors() {
  const { api, canWrite } = useSession();
  const live = useLive();
  const [error, setError] = useState<unknown>(null);
  const list = useLoad(() => api.all<Director>('/api/v1/directors'), [api, live.revision, live.resyncs]);
  return (
    <section>
      <div className="heading">
        <h1>Directors</h1>
        {canWrite ? (
          <Link className="button primary" to="/directors/new">
            New director
          </Link>
        ) : null}
      </div>
      <ErrorBox error={list.error ?? error} />
      <table>
        <thead>
          <tr>
            <th>name</th>
            <th>management address</th>
            <th>agent</th>
            <th>applied</th>
            <th>labels</th>
            {canWrite ? <th /> : null}
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((d) => {
            const a = live.agents.get(d.name);
            const connected = a?.connected ?? d.status?.connected;
            return (
              <tr key={d.name}>
                <td>{d.name}</td>
                <td>
                  {d.managementAddress}
                  {d.fullnatAddresses?.length ? (
                    <div className="muted" data-testid={`fullnat-${d.name}`}>
                      FULLNAT from {d.fullnatAddresses.join(', ')}
                    </div>
                  ) : null}
                </td>
                <td>
                  {connected ? <Pill kind="ok">connected</Pill> : <Pill kind="bad">disconnected</Pill>} {a?.agentVersion ?? d.status?.agentVersion ?? ''}{' '}
                  <span className="muted">{d.status?.lastSeen ? `seen ${ago(d.status.lastSeen)}` : ''}</span>
                </td>
                <td>{(a?.appliedRevision ?? d.status?.appliedRevision) !== undefined ? `r${a?.appliedRevision ?? d.status?.appliedRevision}` : '—'}</td>
                <td className="muted">{labelsText(d.labels)}</td>
                {canWrite ? (
                  <td className="actions">
                    <Link className="button" to={`/directors/${seg(d.name)}/edit`}>
                      Edit
                    </Link>
                    <ConfirmButton
                      confirm={`Delete ${d.name}`}
                      onConfirm={() => api.send('DELETE', `/api/v1/directors/${seg(d.name)}`, undefined, { ifMatch: `"${d.metadata?.version ?? 0}"` }).then(list.reload, setError)}
                    >
                      Delete
                    </ConfirmButton>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {list.data?.length === 0 ? <p className="muted">No directors yet.</p> : null}
    </section>
  );
}

export function DirectorForm() {
  const { name } = useParams();
  const editing = name !== undefined;
  const { api } = useSession();
  const navigate = useNavigate();
  const current = useLoad(async () => (editing ? api.get<Director>(`/api/v1/directors/${seg(name)}`) : null), [api, name]);
  const [s, setS] = useState({ name: '', managementAddress: '', description: '', labels: '', fullnat: '' });
  const [plan, setPlan] = useState<Plan | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const original = current.data?.body;
  useEffect(() => {
    if (original)
      setS({
        name: original.name,
        managementAddress: original.managementAddress,
        description: original.description ?? '',
        labels: labelsText(original.labels),
        fullnat: (original.fullnatAddresses ?? []).join(', '),
      });
  }, [original]);
  const set = (p: Partial<typeof s>) => {
    setS({ ...s, ...p });
    setPlan(null);
  };
  /** The request body: the form's fields over what the director had (fields the form does not show are kept). */
  const resource = (): Director => {
    const { metadata: _m, status: _s, description: _d, labels: _l, fullnatAddresses: _f, ...kept } = original ?? ({} as Director); // eslint-disable-line @typescript-eslint/no-unused-vars
    const d: Director = { ...kept, name: s.name.trim(), managementAddress: s.managementAddress.trim() };
    if (s.description) d.description = s.description;
    const l = parseLabels(s.labels);
    if (l) d.labels = l;
    const fullnat = s.fullnat.split(',').map((a) => a.trim()).filter((a) => a !== '');
    if (fullnat.length) d.fullnatAddresses = fullnat;
    return d;
  };
  const submit = async () => {
    setError(null);
    try {
      if (!plan || plan.refused) {
        const p = await planOne(api, 'directors', resource());
        setPlan(p);
        setErrors(fieldErrors(p.errors, 'directors'));
        return;
      }
      if (editing) await api.send('PUT', `/api/v1/directors/${seg(name)}`, resource(), { ifMatch: current.data?.etag });
      else await api.send('POST', '/api/v1/directors', resource());
      navigate('/directors');
    } catch (e) {
      setPlan(null);
      if (e instanceof ApiError) setErrors(fieldErrors(e.problem.errors));
      setError(e);
    }
  };
  // a director that cannot be read (none of that name) is said, not shown as an empty form
  if (editing && !current.data) return <ErrorBox error={current.error} />;
  return (
    <section>
      <h1>{editing ? `Edit director ${name}` : 'New director'}</h1>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="row">
          <Field label="name" error={errors['/name']}>
            <input name="name" value={s.name} disabled={editing} onChange={(e) => set({ name: e.target.value })} required />
          </Field>
          <Field label="management address" error={errors['/managementAddress']}>
            <input name="managementAddress" value={s.managementAddress} onChange={(e) => set({ managementAddress: e.target.value })} />
          </Field>
          <Field label="labels (key=value, …)" error={errors['/labels']}>
            <input name="labels" value={s.labels} onChange={(e) => set({ labels: e.target.value })} />
          </Field>
        </div>
        <Field label="description" error={errors['/description']}>
          <input name="description" value={s.description} onChange={(e) => set({ description: e.target.value })} />
        </Field>
        <Field label="FULLNAT source addresses (its own, comma-separated)" error={errors['/fullnatAddresses'] ?? Object.entries(errors).find(([k]) => k.startsWith('/fullnatAddresses/'))?.[1]}>
          <input name="fullnatAddresses" value={s.fullnat} placeholder="none" onChange={(e) => set({ fullnat: e.target.value })} />
        </Field>
        <ErrorBox error={error} />
        {plan ? <PlanView plan={plan} /> : null}
        <div className="buttons">
          <button type="submit" className="primary">
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
