import { diff, show } from './diff';

export function DiffTable({ before, after }: { before: unknown; after: unknown }) {
  const changes = diff(before, after);
  if (changes.length === 0) return <p className="muted">No field changed.</p>;
  return (
    <table className="diff">
      <thead>
        <tr>
          <th>field</th>
          <th>before</th>
          <th>after</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.path} className={`diff-${c.kind}`}>
            <td>
              <code>{c.path}</code>
            </td>
            <td className="before">{show(c.before)}</td>
            <td className="after">{show(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
