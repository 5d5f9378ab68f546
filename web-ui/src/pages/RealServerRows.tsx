// The real servers of the virtual server form, each with its own health-check override: the fields it
// sets replace the virtual server's check (merged field by field, as HealthCheck.overriddenBy does);
// what it leaves blank is the service's.
import type { HealthCheck, HttpUrl, RealServer } from '../api/types';
import { Field } from '../components/ui';
import { compact, optNumber } from '../formhelp';

export interface RsRow {
  name: string;
  address: string;
  port: string;
  weight: string;
  adminState: string;
  /** the override fields ('' = the virtual server's) */
  ckPort: string;
  ckInterval: string;
  ckTimeout: string;
  ckRetries: string;
  ckPath: string;
  ckCodes: string;
  ckVhost: string;
  /** the override's fields are on screen */
  ckOpen: boolean;
  original?: RealServer;
}

/** What the rows need to know of the virtual server's own check (placeholders, the http fields). */
export interface ServiceCheck {
  type: string;
  httpPath: string;
  statusCodes: string;
}

const str = (n: number | undefined): string => (n === undefined ? '' : String(n));

/** "200, 300-399" as the API takes it: codes as numbers, ranges as strings; undefined when empty. */
export function parseCodes(s: string): HttpUrl['statusCodes'] {
  const out = s
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((c) => (/^\d+$/.test(c) ? Number(c) : c));
  return out.length ? out : undefined;
}

export function newRow(n: number): RsRow {
  return { name: `rs${n}`, address: '', port: '', weight: '1', adminState: 'enabled', ckPort: '', ckInterval: '', ckTimeout: '', ckRetries: '', ckPath: '', ckCodes: '', ckVhost: '', ckOpen: false };
}

export function rowFrom(rs: RealServer): RsRow {
  const h = rs.healthCheck ?? {};
  const url = h.http?.urls?.[0];
  return {
    name: rs.name,
    address: rs.address,
    port: str(rs.port),
    weight: rs.weight === undefined ? '1' : String(rs.weight),
    adminState: rs.adminState ?? 'enabled',
    ckPort: str(h.port),
    ckInterval: str(h.intervalSeconds),
    ckTimeout: str(h.timeoutSeconds),
    ckRetries: str(h.retries),
    ckPath: url?.path ?? '',
    ckCodes: (url?.statusCodes ?? []).join(', '),
    ckVhost: h.http?.virtualHost ?? '',
    ckOpen: rs.healthCheck !== undefined,
    original: rs,
  };
}

const isHttp = (t: string | undefined) => t === 'http' || t === 'https';

/**
 * The real server's check override: the row's fields over the override it had (fields the form does not
 * show are kept); undefined when it overrides nothing. The URL list replaces the service's as a whole, so
 * a path or status codes set here take the other from the service.
 */
export function overrideOf(r: RsRow, service: ServiceCheck): HealthCheck | undefined {
  const h: HealthCheck = { ...(r.original?.healthCheck ?? {}) };
  h.port = optNumber(r.ckPort);
  h.intervalSeconds = optNumber(r.ckInterval);
  h.timeoutSeconds = optNumber(r.ckTimeout);
  h.retries = optNumber(r.ckRetries);
  if (isHttp(h.type ?? service.type)) {
    const http = { ...(h.http ?? {}) };
    const path = r.ckPath.trim();
    const codes = parseCodes(r.ckCodes);
    http.urls = path || codes ? [compact({ path: path || service.httpPath, statusCodes: codes ?? parseCodes(service.statusCodes) })] : undefined;
    http.virtualHost = r.ckVhost.trim() || undefined;
    const kept = compact(http);
    h.http = Object.keys(kept).length ? kept : undefined;
  } else delete h.http;
  const out = compact(h);
  return Object.keys(out).length ? out : undefined;
}

/** The override's fields the rows show errors at (the rest go to the form's list of other errors). */
export const SHOWN_CHECK_FIELDS = /^\/realServers\/\d+\/(name|address|port|weight|adminState|healthCheck\/(port|intervalSeconds|timeoutSeconds|retries|http\/virtualHost|http\/urls\/0\/(path|statusCodes(\/\d+)?)))$/;

export function RealServerRows({
  rows,
  service,
  errors,
  onChange,
}: {
  rows: RsRow[];
  service: ServiceCheck;
  errors: Record<string, string>;
  onChange: (rows: RsRow[]) => void;
}) {
  const setRow = (i: number, patch: Partial<RsRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <>
      {rows.map((r, i) => {
        const err = (f: string) => errors[`/realServers/${i}/${f}`];
        const ck = (f: string) => err(`healthCheck/${f}`);
        const codesErr = Object.entries(errors).find(([f]) => f.startsWith(`/realServers/${i}/healthCheck/http/urls/0/statusCodes`))?.[1];
        const checkErrors = Object.keys(errors).some((f) => f.startsWith(`/realServers/${i}/healthCheck/`));
        const open = r.ckOpen || checkErrors;
        const overrides = overrideOf(r, service) !== undefined;
        const input = (label: string, key: keyof RsRow, placeholder: string, error?: string) => (
          <Field label={label} error={error}>
            <input name={`rs-${i}-${key}`} placeholder={placeholder} value={r[key] as string} onChange={(e) => setRow(i, { [key]: e.target.value })} />
          </Field>
        );
        return (
          <div className="rs-block" key={i} data-testid={`rs-row-${i}`}>
            <div className="row rs-row">
              {input('name', 'name', '', err('name'))}
              {input('address', 'address', '', err('address'))}
              {input('port', 'port', "the service's", err('port'))}
              {input('weight', 'weight', '', err('weight'))}
              <Field label="admin state" error={err('adminState')}>
                <select name={`rs-${i}-adminState`} value={r.adminState} onChange={(e) => setRow(i, { adminState: e.target.value })}>
                  <option>enabled</option>
                  <option>draining</option>
                  <option>disabled</option>
                </select>
              </Field>
              <button type="button" className="link" aria-expanded={open} aria-controls={`rs-${i}-check`} onClick={() => setRow(i, { ckOpen: !open })}>
                {open ? '▾' : '▸'} {overrides ? 'own check (overrides)' : 'override check'}
              </button>
              <button type="button" className="link" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                remove
              </button>
            </div>
            {open ? (
              <div className="row rs-check" id={`rs-${i}-check`} role="group" aria-label={`${r.name || `real server ${i + 1}`}'s health check`}>
                <span className="muted rs-check-note">{`${service.type === 'none' ? 'no check' : `${service.type} check`}; blank: the service's`}</span>
                {input('check port', 'ckPort', "the server's", ck('port'))}
                {input('interval (s)', 'ckInterval', "the service's", ck('intervalSeconds'))}
                {input('timeout (s)', 'ckTimeout', "the service's", ck('timeoutSeconds'))}
                {input('retries', 'ckRetries', "the service's", ck('retries'))}
                {isHttp(r.original?.healthCheck?.type ?? service.type) ? (
                  <>
                    {input('URL path', 'ckPath', service.httpPath, ck('http/urls/0/path'))}
                    {input('status codes', 'ckCodes', service.statusCodes || 'any 2xx', codesErr)}
                    {input('virtual host', 'ckVhost', "the service's", ck('http/virtualHost'))}
                  </>
                ) : null}
              </div>
            ) : null}
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...rows, newRow(rows.length + 1)])}>
        Add a real server
      </button>
    </>
  );
}
