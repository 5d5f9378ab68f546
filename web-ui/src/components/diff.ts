// Before/after of two JSON values as a list of changed leaves (JSON pointers), for the audit page and
// the 412 "changed meanwhile" view.

export interface Change {
  path: string;
  before?: unknown;
  after?: unknown;
  kind: 'added' | 'removed' | 'changed';
}

function flatten(v: unknown, path: string, out: Map<string, unknown>): void {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) out.set(path || '/', v);
    for (const [k, x] of entries) flatten(x, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  } else if (v !== undefined) {
    out.set(path || '/', v);
  }
}

/** The changed leaves, in path order; bookkeeping (metadata) left out unless asked. */
export function diff(before: unknown, after: unknown, withMetadata = false): Change[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before ?? undefined, '', a);
  flatten(after ?? undefined, '', b);
  const out: Change[] = [];
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const k of keys) {
    if (!withMetadata && (k.startsWith('/metadata') || k.includes('/metadata/'))) continue;
    const x = a.get(k);
    const y = b.get(k);
    if (!a.has(k)) out.push({ path: k, after: y, kind: 'added' });
    else if (!b.has(k)) out.push({ path: k, before: x, kind: 'removed' });
    else if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ path: k, before: x, after: y, kind: 'changed' });
  }
  return out;
}

export const show = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
