import type { Plan } from '../api/types';
import { show } from './diff';

/** A plan (POST /api/v1/config/plan): each change, its changed fields, and the directors it reaches. */
export function PlanView({ plan }: { plan: Plan }) {
  const changes = plan.changes.filter((c) => c.action !== 'unchanged' && c.action !== 'keep');
  return (
    <div className="plan card" data-testid="plan">
      <h3>
        Preview{plan.basedOnRevision !== undefined ? ` (on revision ${plan.basedOnRevision})` : ''}: {plan.counts.create} to create, {plan.counts.update} to update, {plan.counts.delete} to delete
      </h3>
      {plan.refused ? <p className="bad-text">Refused: nothing would be written.</p> : null}
      {!plan.refused && !plan.writes ? <p className="muted">Nothing changes.</p> : null}
      {changes.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>action</th>
              <th>resource</th>
              <th>fields</th>
              <th>reaches directors</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c, i) => (
              <tr key={i} className={`plan-${c.action}`}>
                <td>{c.action}</td>
                <td>
                  {c.kind} <strong>{c.virtualServer ? `${c.virtualServer}/${c.name}` : c.name}</strong>
                </td>
                <td>
                  {(c.diff ?? []).map((d) => (
                    <div key={d.path}>
                      <code>{d.path}</code> {show(d.before)} → {show(d.after)}
                    </div>
                  ))}
                </td>
                <td>{c.directors.length ? c.directors.join(', ') : <span className="muted">none</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {[...plan.errors, ...plan.warnings].map((e, i) => (
        <div key={i} className={i < plan.errors.length ? 'bad-text' : 'warn-text'}>
          <code>{e.field}</code> {e.message}
        </div>
      ))}
    </div>
  );
}
