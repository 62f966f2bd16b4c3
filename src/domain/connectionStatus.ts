/**
 * Why a connection cannot send, worded once: the engine (checking a run's connections) and the app (about to
 * send one request) give the same code and the same sentence for the same state.
 */
import { AppError } from './errors.ts';

type Status = 'not_connected' | 'connected' | 'reauth_required' | 'error';

/** The error for a link name with no connection (`status` undefined) or one that may not send; null when it may. */
export function connectionStatusError(linkName: string, status: Status | undefined): AppError | null {
  switch (status) {
    case undefined:
      return new AppError(
        'CONN_NOT_FOUND',
        `No connection has the link name "${linkName}". Create it on the Connections page or pick another connection in the function's settings.`,
        { linkName },
      );
    case 'not_connected':
    case 'error':
      return new AppError('CONN_NOT_CONNECTED', `Connection "${linkName}" is not connected. Open Connections and click Connect.`, { linkName });
    case 'reauth_required':
      return new AppError(
        'CONN_REAUTH_REQUIRED',
        `Reconnect required: connection "${linkName}" lost its authorization. Open Connections and click Reconnect.`,
        {
          linkName,
        },
      );
    case 'connected':
      return null;
  }
}
