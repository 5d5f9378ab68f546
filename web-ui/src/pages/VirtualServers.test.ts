import { describe, expect, it } from 'vitest';
import { patch } from './VirtualServers';

describe('patch', () => {
  it('replaces, adds and removes the re-read virtual servers, in name order', () => {
    const list = [{ name: 'a', port: 1 }, { name: 'c', port: 3 }, { name: 'd', port: 4 }];
    const out = patch(list, [
      ['c', { name: 'c', port: 33 }],
      ['b', { name: 'b', port: 2 }],
      ['d', null],
      ['a', undefined], // a failed read keeps what was there
    ]);
    expect(out).toEqual([{ name: 'a', port: 1 }, { name: 'b', port: 2 }, { name: 'c', port: 33 }]);
  });
});
