import { describe, expect, it } from 'vitest';
import { fieldErrors } from './formhelp';
import { toResource, fromResource } from './pages/VirtualServerForm';

describe('fieldErrors', () => {
  it('maps pointers of a request body and of a one-resource plan to the same fields', () => {
    expect(fieldErrors([{ field: '/realServers/0/address', message: 'is not an IP address' }])).toEqual({ '/realServers/0/address': 'is not an IP address' });
    expect(fieldErrors([{ field: '/virtualServers/0/address', message: 'bad' }], 'virtualServers')).toEqual({ '/address': 'bad' });
    expect(fieldErrors([{ field: 'pageToken', message: 'x' }])).toEqual({ '/pageToken': 'x' });
  });
});

describe('the virtual server form', () => {
  it('round-trips a resource and keeps the fields it does not show', () => {
    const vs = {
      name: 'web',
      address: '192.168.10.100',
      port: 80,
      scheduler: 'wrr',
      forwarding: 'dr' as const,
      persistence: { timeoutSeconds: 300 },
      directors: ['d1'],
      healthCheck: { type: 'http' as const, http: { urls: [{ path: '/health', statusCodes: [200] }] } },
      realServers: [{ name: 'rs1', address: '10.0.0.1', weight: 3, inhibitOnFailure: true, metadata: { version: 1, revision: 1, createdAt: '', updatedAt: '' } }],
      metadata: { version: 4, revision: 9, createdAt: '', updatedAt: '' },
    };
    const out = toResource(fromResource(vs), vs);
    expect(out.persistence).toEqual({ timeoutSeconds: 300 });
    expect(out.metadata).toBeUndefined();
    expect(out.realServers?.[0]).toEqual({ name: 'rs1', address: '10.0.0.1', weight: 3, inhibitOnFailure: true, adminState: 'enabled' });
    expect(out.healthCheck).toEqual({ type: 'http', http: { urls: [{ path: '/health', statusCodes: [200] }] } });
  });
});
