import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SignIn } from './SignIn';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('SignIn', () => {
  it('sends the token only in the Authorization header and says when it is wrong', async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ title: 'Unauthorized', status: 401, detail: 'the token is not valid' }), { status: 401, headers: { 'Content-Type': 'application/problem+json' } });
    });
    const onSignedIn = vi.fn();
    render(<SignIn onSignedIn={onSignedIn} />);
    fireEvent.change(screen.getByLabelText('API token'), { target: { value: 'fulcrum_wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('not valid'));
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(calls[0].url).toBe('/api/v1/whoami');
    expect(calls[0].url).not.toContain('fulcrum_wrong');
    expect((calls[0].init?.headers as Record<string, string>).Authorization).toBe('Bearer fulcrum_wrong');
  });

  it('signs in with a valid token', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ name: 'alice', role: 'viewer' }), { status: 200 }));
    const onSignedIn = vi.fn();
    render(<SignIn onSignedIn={onSignedIn} />);
    fireEvent.change(screen.getByLabelText('API token'), { target: { value: ' t0k ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith('t0k', { name: 'alice', role: 'viewer' }));
  });
});
