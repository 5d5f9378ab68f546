// Follows GET /api/v1/events with a streaming fetch (EventSource cannot send the Authorization
// header), resuming with Last-Event-ID after a drop and from the resync revision after a gap.
import { SseParser } from './sse';
import type { LiveEvent } from './types';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'unavailable' | 'stopped';

export interface StreamOptions {
  token: string;
  onEvent: (e: LiveEvent) => void;
  onState?: (s: StreamState) => void;
  onUnauthorized?: () => void;
  fetcher?: (url: string, init: RequestInit) => Promise<Response>;
  /** Waits between attempts (tests pass one that does not wait). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  url?: string;
}

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

export class EventStream {
  private readonly o: StreamOptions;
  private readonly abort = new AbortController();
  /** The id of the last event seen: sent as Last-Event-ID when reconnecting. */
  lastEventId: string | null = null;
  /** After a resync: reconnect from this revision instead of an id. */
  sinceRevision: number | null = null;
  attempts = 0;

  constructor(o: StreamOptions) {
    this.o = o;
  }

  start(): Promise<void> {
    return this.run();
  }

  stop(): void {
    this.abort.abort();
    this.o.onState?.('stopped');
  }

  private async run(): Promise<void> {
    const sleep = this.o.sleep ?? defaultSleep;
    const fetcher = this.o.fetcher ?? ((u, i) => fetch(u, i));
    while (!this.abort.signal.aborted) {
      this.o.onState?.(this.attempts === 0 ? 'connecting' : 'reconnecting');
      let wait = Math.min(1000 * 2 ** Math.min(this.attempts, 4), 10_000);
      try {
        const headers: Record<string, string> = { Authorization: `Bearer ${this.o.token}`, Accept: 'text/event-stream' };
        let url = this.o.url ?? '/api/v1/events';
        if (this.sinceRevision !== null) url += `?since=${this.sinceRevision}`;
        else if (this.lastEventId !== null) headers['Last-Event-ID'] = this.lastEventId;
        const r = await fetcher(url, { headers, signal: this.abort.signal, cache: 'no-store' });
        if (r.status === 401) {
          this.o.onUnauthorized?.();
          this.o.onState?.('stopped');
          return;
        }
        if (!r.ok || !r.body) {
          // e.g. a control plane without the endpoint: try again now and then
          this.o.onState?.('unavailable');
          wait = 30_000;
        } else {
          this.sinceRevision = null;
          this.attempts = 0;
          this.o.onState?.('live');
          await this.read(r.body);
        }
      } catch {
        if (this.abort.signal.aborted) return;
      }
      this.attempts++;
      if (this.abort.signal.aborted) return;
      await sleep(wait, this.abort.signal);
    }
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const m of parser.feed(decoder.decode(value, { stream: true }))) {
        if (m.id !== null) {
          // a numbered event: a reconnect resumes from it, not from a resync's revision seen earlier
          this.lastEventId = m.id;
          this.sinceRevision = null;
        }
        let e: LiveEvent;
        try {
          e = JSON.parse(m.data) as LiveEvent;
        } catch {
          continue;
        }
        if (e.type === 'resync') {
          // the server no longer holds what we missed: re-read state, follow on from its revision
          this.lastEventId = null;
          this.sinceRevision = e.revision;
        }
        this.o.onEvent(e);
      }
    }
  }
}
