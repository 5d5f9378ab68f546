// The configuration document: export (YAML or JSON); import one, see its plan, apply exactly that
// plan (If-Match: the revision it was made on).
import { useState } from 'react';
import { ApiError } from '../api/client';
import type { Plan } from '../api/types';
import { useSession } from '../session';
import { ErrorBox } from '../components/ui';
import { PlanView } from '../components/PlanView';

const isJson = (text: string) => /^\s*[{[]/.test(text);

export function Configuration() {
  const { api, canWrite } = useSession();
  const [exported, setExported] = useState<{ text: string; format: string } | null>(null);
  const [doc, setDoc] = useState('');
  const [prune, setPrune] = useState(false);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [applied, setApplied] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const exportAs = async (format: 'yaml' | 'json') => {
    setError(null);
    try {
      const text = await api.text('/api/v1/config', `application/${format}`);
      setExported({ text: format === 'json' ? JSON.stringify(JSON.parse(text), null, 2) : text, format });
    } catch (e) {
      setError(e);
    }
  };
  const download = () => {
    if (!exported) return;
    const url = URL.createObjectURL(new Blob([exported.text], { type: `application/${exported.format}` }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `fulcrum.${exported.format}`;
    a.click();
    URL.revokeObjectURL(url);
  };
  const contentType = () => (isJson(doc) ? 'application/json' : 'application/yaml');
  const planIt = async () => {
    setError(null);
    setApplied(null);
    try {
      const { body } = await api.send<Plan>('POST', `/api/v1/config/plan?prune=${prune}`, doc, { contentType: contentType() });
      setPlan(body);
    } catch (e) {
      setPlan(null);
      setError(e);
    }
  };
  const apply = async () => {
    if (!plan) return;
    setError(null);
    try {
      const { body } = await api.send<{ revision: number }>('PUT', `/api/v1/config?prune=${prune}`, doc, { contentType: contentType(), ifMatch: `"${plan.basedOnRevision}"` });
      setApplied(`Applied: the configuration is now at revision ${body.revision}.`);
      setPlan(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) setError(new Error('The configuration changed since this plan was made: plan again.'));
      else setError(e);
      setPlan(null);
    }
  };
  return (
    <section>
      <h1>Configuration</h1>
      <ErrorBox error={error} />
      <h2>Export</h2>
      <div className="buttons">
        <button type="button" onClick={() => void exportAs('yaml')}>
          Export YAML
        </button>
        <button type="button" onClick={() => void exportAs('json')}>
          Export JSON
        </button>
        {exported ? (
          <button type="button" onClick={download}>
            Download fulcrum.{exported.format}
          </button>
        ) : null}
      </div>
      {exported ? <pre className="document" data-testid="exported">{exported.text}</pre> : null}
      <h2>Import</h2>
      <p className="muted">Paste a configuration document (YAML or JSON, as exported); see its plan, then apply exactly that plan.</p>
      <input
        type="file"
        aria-label="document file"
        accept=".yaml,.yml,.json"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void f.text().then((t) => {
            setDoc(t);
            setPlan(null);
          });
        }}
      />
      <textarea
        aria-label="document"
        rows={12}
        value={doc}
        onChange={(e) => {
          setDoc(e.target.value);
          setPlan(null);
        }}
      />
      <label className="check">
        <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} /> prune (delete what the document leaves out)
      </label>
      <div className="buttons">
        <button type="button" disabled={!doc.trim()} onClick={() => void planIt()}>
          Plan
        </button>
        {canWrite && plan && !plan.refused && plan.writes ? (
          <button type="button" className="primary" onClick={() => void apply()}>
            Apply this plan
          </button>
        ) : null}
      </div>
      {applied ? <p className="ok-text">{applied}</p> : null}
      {plan ? <PlanView plan={plan} /> : null}
    </section>
  );
}
