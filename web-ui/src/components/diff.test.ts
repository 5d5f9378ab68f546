import { describe, expect, it } from 'vitest';
import { diff } from './diff';

describe('diff', () => {
  it('lists changed, added and removed leaves as JSON pointers, without metadata', () => {
    const before = { name: 'rs1', weight: 1, adminState: 'enabled', labels: { a: 'b' }, metadata: { version: 1 } };
    const after = { name: 'rs1', weight: 5, labels: { c: 'd' }, metadata: { version: 2 } };
    expect(diff(before, after)).toEqual([
      { path: '/adminState', before: 'enabled', kind: 'removed' },
      { path: '/labels/a', before: 'b', kind: 'removed' },
      { path: '/labels/c', after: 'd', kind: 'added' },
      { path: '/weight', before: 1, after: 5, kind: 'changed' },
    ]);
  });

  it('shows a create as every field added', () => {
    expect(diff(null, { name: 'web', port: 80 }).map((c) => c.kind)).toEqual(['added', 'added']);
  });
});
