import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

describe('SseParser', () => {
  it('parses messages split across chunks, with ids, types and comments', () => {
    const p = new SseParser();
    expect(p.feed(': keep-alive\n\nid: 7\nevent: health\nda')).toEqual([]);
    expect(p.feed('ta: {"a":1}\n\nid: 8\r\nevent: revision\r\ndata: {"b":2}\r\n\r\n')).toEqual([
      { id: '7', event: 'health', data: '{"a":1}' },
      { id: '8', event: 'revision', data: '{"b":2}' },
    ]);
  });

  it('joins multi-line data and keeps the last id for a message without one', () => {
    const p = new SseParser();
    expect(p.feed('id: 3\ndata: a\ndata: b\n\ndata: c\n\n')).toEqual([
      { id: '3', event: 'message', data: 'a\nb' },
      { id: '3', event: 'message', data: 'c' },
    ]);
  });
});
