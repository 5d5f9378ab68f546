// The REST client: bearer token in a header (never in a URL), problem+json errors, ETags.
import type { FieldError } from './types';

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.status = problem.status;
    this.problem = problem;
  }
}

export interface Result<T> {
  body: T;
  etag: string | null;
}

export interface WriteOptions {
  ifMatch?: string | null;
  ifNoneMatch?: string;
  contentType?: string;
  accept?: string;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Calls the control plane's API with one token; a 401 anywhere signs the user out. */
export class Api {
  private readonly token: string;
  private readonly onUnauthorized: (p: Problem) => void;
  private readonly fetcher: FetchLike;

  constructor(token: string, onUnauthorized: (p: Problem) => void, fetcher: FetchLike = (i, o) => fetch(i, o)) {
    this.token = token;
    this.onUnauthorized = onUnauthorized;
    this.fetcher = fetcher;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { Authorization: `Bearer ${this.token}`, ...extra };
  }

  async get<T>(path: string, accept = 'application/json'): Promise<Result<T>> {
    return this.call<T>('GET', path, undefined, { accept });
  }

  async text(path: string, accept: string): Promise<string> {
    const r = await this.raw('GET', path, undefined, { accept });
    return r.text();
  }

  async send<T>(method: string, path: string, body: unknown, o: WriteOptions = {}): Promise<Result<T>> {
    return this.call<T>(method, path, body, o);
  }

  /** Every page of a list, appended in order; onPage sees each page as it arrives. */
  async all<T>(path: string, onPage?: (items: T[]) => void): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const url = `${path}${sep}limit=1000${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`;
      const { body } = await this.get<{ items: T[]; nextPageToken?: string }>(url);
      out.push(...body.items);
      onPage?.(out.slice());
      token = body.nextPageToken;
    } while (token);
    return out;
  }

  private async raw(method: string, path: string, body: unknown, o: WriteOptions): Promise<Response> {
    const h: Record<string, string> = this.headers({ Accept: o.accept ?? 'application/json' });
    let payload: string | undefined;
    if (body !== undefined) {
      h['Content-Type'] = o.contentType ?? 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    if (o.ifMatch) h['If-Match'] = o.ifMatch;
    if (o.ifNoneMatch) h['If-None-Match'] = o.ifNoneMatch;
    let r: Response;
    try {
      r = await this.fetcher(path, { method, headers: h, body: payload });
    } catch {
      throw new ApiError({ title: 'The control plane does not answer', status: 0, detail: 'The request could not be sent: is the control plane running?' });
    }
    if (!r.ok) {
      const problem = await readProblem(r);
      if (r.status === 401) this.onUnauthorized(problem);
      throw new ApiError(problem);
    }
    return r;
  }

  private async call<T>(method: string, path: string, body: unknown, o: WriteOptions): Promise<Result<T>> {
    const r = await this.raw(method, path, body, o);
    const etag = r.headers.get('ETag');
    if (r.status === 204) return { body: undefined as T, etag };
    const text = await r.text();
    return { body: (text ? JSON.parse(text) : undefined) as T, etag };
  }
}

async function readProblem(r: Response): Promise<Problem> {
  try {
    const p = (await r.json()) as Partial<Problem>;
    return { title: p.title ?? r.statusText, status: r.status, detail: p.detail, errors: p.errors, type: p.type };
  } catch {
    return { title: r.statusText || `HTTP ${r.status}`, status: r.status };
  }
}

/** A path segment, escaped. */
export const seg = (s: string): string => encodeURIComponent(s);
