import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ConfirmButton, ErrorBox, Field } from './ui';
import { ApiError } from '../api/client';

afterEach(cleanup);

describe('ui pieces', () => {
  it('asks once more before a destructive action', () => {
    const done = vi.fn();
    render(
      <ConfirmButton confirm="Revoke ci" onConfirm={done}>
        Revoke
      </ConfirmButton>,
    );
    fireEvent.click(screen.getByText('Revoke'));
    expect(done).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('Revoke ci'));
    expect(done).toHaveBeenCalledOnce();
  });

  it('shows a field error at its field and a problem with every field', () => {
    render(
      <>
        <Field label="address" error="is not an IP address">
          <input />
        </Field>
        <ErrorBox error={new ApiError({ title: 'Bad Request', status: 400, detail: 'invalid', errors: [{ field: '/address', message: 'is not an IP address' }] })} />
      </>,
    );
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['is not an IP address', 'Bad Request — invalid/address is not an IP address']);
  });
});
