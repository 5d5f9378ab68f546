import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, seg } from '../api/client';
import type { Director, Plan, VrrpGroup, VrrpGroupStatus } from '../api/types';
import { useLive, useSession } from '../session';
import { useLoad } from '../useLoad';
import { ConfirmButton, ErrorBox, Field, Pill, labelsText, parseLabels } from '../components/ui';
import { PlanView } from '../components/PlanView';
import { compact, fieldErrors, optNumber, planOne } from '../formhelp';

export function VrrpGroups() {
  const { api, canWrite } = useSession();
  const live = useLive();
  const [error, setError] = useState<unknown>(null);
  const list = useLoad(async () => {
    const groups = await api.all<VrrpGroup>('/api/v1/vrrp-groups');
    const status = await Promise.all(groups.map((g) => api.get<VrrpGroupStatus>(`/api/v1/vrrp-groups/${seg(g.name)}/status`).then((r) => r.body)));
    return groups.map((g, i) => ({ g, st: status[i] }));
  }, [api, live.revision, live.resyncs]);
  return (
    <section>
      <div className="heading">
        <h1>VRRP groups</h1>
        {canWrite ? (
          <Link className="button primary" to="/vrrp-groups/new">
            New VRRP group
          </Link>
        ) : null}
      </div>
      <ErrorBox error={list.error ?? error} />
      <table>
        <thead>
          <tr>
            <th>group</th>
            <th>VRID</th>
            <th>interface</th>
            <th>virtual addresses</th>
            <th>members (state, effective priority)</th>
            <th>labels</th>
            {canWrite ? <th /> : null}
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map(({ g, st }) => (
            <tr key={g.name}>
              <td>
                {g.name} {st.splitBrain ? <Pill kind="bad">split brain</Pill> : null}
              </td>
              <td>{g.vrid}</td>
              <td>{g.interface}</td>
              <td>{g.virtualAddresses.map((a) => a.address).join(', ')}</td>
              <td>
                {st.members.map((m) => {
                  const l = live.vrrp.get(`${g.name}/${m.director}`);
                  const state = l?.state ?? m.state;
                  return (
                    <div key={m.director}>
                      {m.director} <Pill kind={`vrrp-${(state ?? 'none').toLowerCase()}`}>{state ?? 'no report'}</Pill>{' '}
                      {l?.effectivePriority ?? m.effectivePriority ?? m.priority ?? g.members.find((x) => x.director === m.director)?.priority}
                    </div>
                  );
                })}
              </td>
              <td className="muted">{labelsText(g.labels)}</td>
              {canWrite ? (
                <td className="actions">
                  <Link className="button" to={`/vrrp-groups/${seg(g.name)}/edit`}>
                    Edit
                  </Link>
                  <ConfirmButton
                    confirm={`Delete ${g.name}`}
                    onConfirm={() => api.send('DELETE', `/api/v1/vrrp-groups/${seg(g.name)}`, undefined, { ifMatch: `"${g.metadata?.version ?? 0}"` }).then(list.reload, setError)}
                  >
                    Delete
                  </ConfirmButton>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.length === 0 ? <p className="muted">No VRRP groups.</p> : null}
    </section>
  );
}

interface Member {
  director: string;
  priority: string;
}

export function VrrpGroupForm() {
  const { name } = useParams();
  const editing = name !== undefined;
  const { api } = useSession();
  const navigate = useNavigate();
  const refs = useLoad(async () => {
    const directors = await api.all<Director>('/api/v1/directors');
    const current = editing ? await api.get<VrrpGroup>(`/api/v1/vrrp-groups/${seg(name)}`) : null;
    return { directors, current };
  }, [api, name]);
  const [s, setS] = useState({ name: '', vrid: '', interface: 'eth0', version: '2', advert: '', addresses: '', preempt: true, labels: '', members: [] as Member[] });
  const [plan, setPlan] = useState<Plan | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const original = refs.data?.current?.body;
  useEffect(() => {
    if (original)
      setS({
        name: original.name,
        vrid: String(original.vrid),
        interface: original.interface,
        version: String(original.version ?? 2),
        advert: original.advertIntervalSeconds === undefined ? '' : String(original.advertIntervalSeconds),
        addresses: original.virtualAddresses.map((a) => a.address).join(', '),
        preempt: original.preempt ?? true,
        labels: labelsText(original.labels),
        members: original.members.map((m) => ({ director: m.director, priority: String(m.priority) })),
      });
  }, [original]);
  const set = (p: Partial<typeof s>) => {
    setS({ ...s, ...p });
    setPlan(null);
  };
  const resource = (): VrrpGroup => {
    const { metadata: _m, ...kept } = original ?? ({} as VrrpGroup); // eslint-disable-line @typescript-eslint/no-unused-vars
    const g: VrrpGroup = {
      ...kept,
      name: s.name.trim(),
      vrid: Number(s.vrid),
      interface: s.interface.trim(),
      version: Number(s.version) as 2 | 3,
      virtualAddresses: s.addresses
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((a) => ({ ...(original?.virtualAddresses.find((x) => x.address === a) ?? {}), address: a })),
      members: s.members.map((m) => ({ ...(original?.members.find((x) => x.director === m.director) ?? {}), director: m.director, priority: Number(m.priority) })),
      preempt: s.preempt,
      advertIntervalSeconds: optNumber(s.advert),
      labels: parseLabels(s.labels),
    };
    return compact(g);
  };
  const submit = async () => {
    setError(null);
    try {
      if (!plan || plan.refused) {
        const p = await planOne(api, 'vrrpGroups', resource());
        setPlan(p);
        setErrors(fieldErrors(p.errors, 'vrrpGroups'));
        return;
      }
      if (editing) await api.send('PUT', `/api/v1/vrrp-groups/${seg(name)}`, resource(), { ifMatch: refs.data?.current?.etag });
      else await api.send('POST', '/api/v1/vrrp-groups', resource());
      navigate('/vrrp-groups');
    } catch (e) {
      setPlan(null);
      if (e instanceof ApiError) setErrors(fieldErrors(e.problem.errors));
      setError(e);
    }
  };
  if (!refs.data) return <ErrorBox error={refs.error} />;
  const addrErr = Object.entries(errors).find(([f]) => f.startsWith('/virtualAddresses'))?.[1];
  return (
    <section>
      <h1>{editing ? `Edit VRRP group ${name}` : 'New VRRP group'}</h1>
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
          <Field label="VRID (1–255)" error={errors['/vrid']}>
            <input name="vrid" value={s.vrid} onChange={(e) => set({ vrid: e.target.value })} />
          </Field>
          <Field label="interface" error={errors['/interface']}>
            <input name="interface" value={s.interface} onChange={(e) => set({ interface: e.target.value })} />
          </Field>
          <Field label="VRRP version" error={errors['/version']}>
            <select name="version" value={s.version} onChange={(e) => set({ version: e.target.value })}>
              <option value="2">2 (RFC 3768)</option>
              <option value="3">3 (RFC 5798)</option>
            </select>
          </Field>
          <Field label="advert interval (s)" error={errors['/advertIntervalSeconds']}>
            <input name="advert" placeholder="1" value={s.advert} onChange={(e) => set({ advert: e.target.value })} />
          </Field>
        </div>
        <div className="row">
          <Field label="virtual addresses (e.g. 192.168.10.100/24, …)" error={addrErr}>
            <input name="addresses" value={s.addresses} onChange={(e) => set({ addresses: e.target.value })} />
          </Field>
          <Field label="labels (key=value, …)" error={errors['/labels']}>
            <input name="labels" value={s.labels} onChange={(e) => set({ labels: e.target.value })} />
          </Field>
          <label className="check">
            <input type="checkbox" checked={s.preempt} onChange={(e) => set({ preempt: e.target.checked })} /> preempt
          </label>
        </div>
        <fieldset>
          <legend>Members</legend>
          {errors['/members'] ? <span className="field-error">{errors['/members']}</span> : null}
          {s.members.map((m, i) => (
            <div className="row" key={i}>
              <Field label="director" error={errors[`/members/${i}/director`]}>
                <select name={`member-${i}-director`} value={m.director} onChange={(e) => set({ members: s.members.map((x, j) => (j === i ? { ...x, director: e.target.value } : x)) })}>
                  <option value="">—</option>
                  {refs.data?.directors.map((d) => (
                    <option key={d.name}>{d.name}</option>
                  ))}
                </select>
              </Field>
              <Field label="priority (1–255)" error={errors[`/members/${i}/priority`]}>
                <input name={`member-${i}-priority`} value={m.priority} onChange={(e) => set({ members: s.members.map((x, j) => (j === i ? { ...x, priority: e.target.value } : x)) })} />
              </Field>
              <button type="button" className="link" onClick={() => set({ members: s.members.filter((_, j) => j !== i) })}>
                remove
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set({ members: [...s.members, { director: '', priority: String(100 - s.members.length * 10) }] })}>
            Add a member
          </button>
        </fieldset>
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
