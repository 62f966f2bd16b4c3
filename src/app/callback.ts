import { completeAuthorization } from '../auth/index.ts';
import { AppError } from '../domain/index.ts';
import { notices } from './notice.svelte.ts';
import { currentUrl, replaceAddress } from './router.svelte.ts';

/**
 * Finishes an OAuth callback: the address loses `code`/`state` at once (RFC 9700 §4.2.4), then the
 * result is shown on the connection's page.
 */
export async function completeCallback(): Promise<void> {
  const url = currentUrl();
  replaceAddress('#/connections');
  try {
    const result = await completeAuthorization(url);
    notices.show({ tone: 'ok', message: `Connected: "${result.name}" (link name ${result.linkName}) is ready to use.` });
    replaceAddress(`#/connections/view/${encodeURIComponent(result.connectionId)}`);
  } catch (error) {
    // Only AppError messages are written for people (and free of secrets); anything else gets a plain sentence.
    if (error instanceof AppError) notices.show({ tone: 'danger', message: error.message, code: error.code });
    else notices.show({ tone: 'danger', message: 'The sign-in could not be completed. Start again with Connect.' });
    const connectionId = error instanceof AppError ? error.details?.connectionId : undefined;
    if (typeof connectionId === 'string') replaceAddress(`#/connections/view/${encodeURIComponent(connectionId)}`);
  }
}
