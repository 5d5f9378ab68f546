// API tokens and directors' enrollment tokens (admin): a new secret is shown once, with a copy button.
import { useState } from 'react';
import { ApiError, seg } from '../api/client';
import { fieldErrors } from '../formhelp';
import type { ApiToken, Director, EnrollmentToken } from '../api/types';
import { useSession } from '../session';
import { useLoad } from '../useLoad';
import { ConfirmButton, ErrorBox, Field } from '../components/ui';

function Secret({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret card" role="status">
      <p>
        <strong>{label}</strong> — copy it now: it is shown only once.
      </p>
      <code data-testid="secret">{secret}</code>{' '}
      <button
        type="button"
        onClick={() =>
          navigator.clipboard?.writeText(secret).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? 'Copied' : 'Copy'}
      </button>{' '}
      <button type="button" className="link" onClick={onDone}>
        Done
      </button>
    </div>
  );
}

export function Tokens() {
  const { api, isAdmin } = useSession();
  const tokens = useLoad(() => api.get<{ items: ApiToken[] }>('/api/v1/tokens').then((r) => r.body.items), [api]);
  const directors = useLoad(() => api.all<Director>('/api/v1/directors'), [api]);
  const [director, setDirector] = useState('');
  const enrollment = useLoad(
    () => (director ? api.get<{ items: EnrollmentToken[] }>(`/api/v1/directors/${seg(director)}/enrollment-tokens`).then((r) => r.body.items) : Promise.resolve([])),
    [api, director],
  );
  const [form, setForm] = useState({ name: '', role: 'viewer', description: '' });
  const [secret, setSecret] = useState<{ label: string; secret: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [fieldError, setFieldError] = useState<Record<string, string>>({});

  if (!isAdmin) return <p>Only admins manage tokens.</p>;
  const create = async () => {
    setError(null);
    setFieldError({});
    try {
      const { body } = await api.send<{ name: string; secret: string }>('POST', '/api/v1/tokens', { name: form.name.trim(), role: form.role });
      setSecret({ label: `API token ${body.name}`, secret: body.secret });
      setForm({ ...form, name: '' });
      tokens.reload();
    } catch (e) {
      // a field the server names (a bad or taken name) is shown at it
      if (e instanceof ApiError) setFieldError(fieldErrors(e.problem.errors));
      setError(e);
    }
  };
  const issue = async () => {
    setError(null);
    try {
      const { body } = await api.send<{ id: number; secret: string }>('POST', `/api/v1/directors/${seg(director)}/enrollment-tokens`, form.description ? { description: form.description } : {});
      setSecret({ label: `Enrollment token ${body.id} of ${director}`, secret: body.secret });
      enrollment.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section>
      <h1>Tokens</h1>
      {secret ? <Secret {...secret} onDone={() => setSecret(null)} /> : null}
      <ErrorBox error={error ?? tokens.error} />
      <h2>API tokens</h2>
      <table>
        <thead>
          <tr>
            <th>name</th>
            <th>role</th>
            <th>created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(tokens.data ?? []).map((t) => (
            <tr key={t.name} data-testid={`token-${t.name}`}>
              <td>{t.name}</td>
              <td>
                <span className={`badge role-${t.role}`}>{t.role}</span>
              </td>
              <td>{t.createdAt ? new Date(t.createdAt).toLocaleString() : ''}</td>
              <td>
                <ConfirmButton className="danger" confirm={`Revoke ${t.name}`} onConfirm={() => api.send('DELETE', `/api/v1/tokens/${seg(t.name)}`, undefined).then(tokens.reload, setError)}>
                  Revoke
                </ConfirmButton>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="form row"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <Field label="new token's name" error={fieldError['/name']}>
          <input name="tokenName" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        </Field>
        <Field label="role">
          <select name="tokenRole" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            <option>viewer</option>
            <option>operator</option>
            <option>admin</option>
          </select>
        </Field>
        <button type="submit" className="primary">
          Create token
        </button>
      </form>

      <h2>Enrollment tokens of a director</h2>
      <div className="form row">
        <Field label="director">
          <select name="director" value={director} onChange={(e) => setDirector(e.target.value)}>
            <option value="">—</option>
            {(directors.data ?? []).map((d) => (
              <option key={d.name}>{d.name}</option>
            ))}
          </select>
        </Field>
        <Field label="description">
          <input name="enrollmentDescription" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
        </Field>
        <button type="button" className="primary" disabled={!director} onClick={() => void issue()}>
          Issue enrollment token
        </button>
      </div>
      {director ? (
        <table>
          <thead>
            <tr>
              <th>id</th>
              <th>description</th>
              <th>created</th>
              <th>by</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(enrollment.data ?? []).map((t) => (
              <tr key={t.id}>
                <td>{t.id}</td>
                <td>{t.description}</td>
                <td>{new Date(t.createdAt).toLocaleString()}</td>
                <td>{t.createdBy}</td>
                <td>
                  {t.revokedAt ? (
                    <span className="muted">revoked {new Date(t.revokedAt).toLocaleString()}</span>
                  ) : (
                    <ConfirmButton confirm="Revoke it" onConfirm={() => api.send('DELETE', `/api/v1/directors/${seg(director)}/enrollment-tokens/${t.id}`, undefined).then(enrollment.reload, setError)}>
                      Revoke
                    </ConfirmButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
