// Shared by the forms: plan a single resource as a one-resource configuration document, and map the
// server's field errors (JSON pointers) back to the form's fields.
import { Api, ApiError } from './api/client';
import type { FieldError, Plan } from './api/types';

export type Collection = 'directors' | 'vrrpGroups' | 'virtualServers';

/** The plan of writing this one resource (nothing else in the document: prune is off). */
export async function planOne(api: Api, collection: Collection, resource: unknown): Promise<Plan> {
  try {
    const { body } = await api.send<Plan>('POST', '/api/v1/config/plan', { apiVersion: 'fulcrum/v1', [collection]: [resource] });
    return body;
  } catch (e) {
    // a refused document is a 400 whose errors point into it: show them as the plan's errors
    if (e instanceof ApiError && e.status === 400 && e.problem.errors)
      return { refused: true, writes: false, counts: { create: 0, update: 0, delete: 0, unchanged: 0, keep: 0 }, changes: [], errors: e.problem.errors, warnings: [] };
    throw e;
  }
}

/** Field errors keyed by the pointer into the resource ("/address", "/realServers/0/port"). */
export function fieldErrors(errors: FieldError[] | undefined, collection?: Collection): Record<string, string> {
  const out: Record<string, string> = {};
  const prefix = collection ? `/${collection}/0` : '';
  for (const e of errors ?? []) {
    let f = e.field.startsWith('/') ? e.field : `/${e.field}`;
    if (prefix && f.startsWith(prefix)) f = f.slice(prefix.length) || '/';
    out[f] ??= e.message;
  }
  return out;
}

/** Errors not shown at any field of the form. */
export function otherErrors(errors: Record<string, string>, shown: (field: string) => boolean): [string, string][] {
  return Object.entries(errors).filter(([f]) => !shown(f));
}

export const optNumber = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

/** The object without its undefined members (what JSON.stringify would leave out anyway). */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
