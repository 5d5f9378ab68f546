import { describe, expect, it } from 'vitest';
import { EventStream } from './stream';
import type { LiveEvent } from './types';

function body(...chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const x of chunks) c.enqueue(enc.encode(x));
      c.close();
    },
  });
}

describe('EventStream', () => {
  it('sends the token as a header, resumes with Last-Event-ID, and after a resync from its revision', async () => {
    const requests: { url: string; headers: Record<string, string> }[] = [];
    const responses = [
      new Response(body('id: 1\nevent: health\ndata: {"type":"health","director":"d1","virtualServer":"web","realServer":"rs1","health":"DOWN","since":"x"}\n\n')),
      new Response(body('id: 9\nevent: resync\ndata: {"type":"resync","reason":"client fell behind","revision":57}\n\n')),
      new Response(body('')),
      new Response(null, { status: 401 }),
    ];
    const events: LiveEvent[] = [];
    let unauthorized = false;
    const s = new EventStream({
      token: 'secret-token',
      onEvent: (e) => events.push(e),
      onUnauthorized: () => (unauthorized = true),
      fetcher: async (url, init) => {
        requests.push({ url, headers: init.headers as Record<string, string> });
        return responses.shift() as Response;
      },
      sleep: async () => undefined,
    });
    await s.start();
    expect(events.map((e) => e.type)).toEqual(['health', 'resync']);
    expect(requests[0].url).toBe('/api/v1/events');
    expect(requests[0].headers.Authorization).toBe('Bearer secret-token');
    expect(requests[0].headers['Last-Event-ID']).toBeUndefined();
    // the token never goes into a URL
    for (const r of requests) expect(r.url).not.toContain('secret-token');
    // reconnect after the drop: from the last id
    expect(requests[1].headers['Last-Event-ID']).toBe('1');
    // after the resync: from the revision, not from an id the server no longer holds
    expect(requests[2].url).toBe('/api/v1/events?since=57');
    expect(requests[2].headers['Last-Event-ID']).toBeUndefined();
    expect(unauthorized).toBe(true);
  });
});
