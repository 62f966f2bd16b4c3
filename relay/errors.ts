/**
 * Every refusal has its own code and status, so the app can say exactly what to fix and a test can
 * tell one refusal from another. Statuses follow RFC 9110 §15.5.
 */
export const REFUSALS = {
  RELAY_HOST_REFUSED: { status: 421, message: 'This relay answers only its own loopback names (DNS-rebinding guard).' },
  RELAY_ORIGIN_REFUSED: { status: 403, message: 'Requests are accepted only from the configured app origins.' },
  RELAY_NOT_PAIRED: { status: 401, message: 'This app is not paired with the relay: pair it under Settings → Relay.' },
  RELAY_PAIRING_CODE_INVALID: { status: 401, message: 'The pairing code is wrong or was already used: restart the relay for a new one.' },
  RELAY_TARGET_MISSING: { status: 400, message: 'Say where to forward with the X-Relay-Target header (an origin such as https://www.zohoapis.com).' },
  RELAY_TARGET_NOT_ALLOWED: { status: 403, message: 'The target is not an origin of a provider in the catalog that needs a relay.' },
  RELAY_TARGET_NOT_APPROVED: { status: 403, message: 'This custom service was not approved for the relay: approve it under Settings → Relay.' },
  RELAY_REQUEST_TARGET_REFUSED: { status: 400, message: 'Absolute-form request targets, dot segments, backslashes and "//" paths are refused.' },
  RELAY_BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than the relay accepts.' },
  RELAY_BAD_REQUEST: { status: 400, message: 'The request body is not valid for this relay endpoint.' },
  RELAY_REDIRECT_REFUSED: { status: 424, message: 'The provider answered with a redirect, which the relay never follows or passes on.' },
  RELAY_NOT_FOUND: { status: 404, message: 'No such relay endpoint.' },
  RELAY_UPSTREAM_TIMEOUT: { status: 504, message: 'The provider did not answer in time.' },
  RELAY_UPSTREAM_UNREACHABLE: { status: 502, message: 'The provider could not be reached.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type RefusalCode = keyof typeof REFUSALS;

export class Refusal extends Error {
  constructor(readonly code: RefusalCode) {
    super(REFUSALS[code].message);
  }

  get status(): number {
    return REFUSALS[this.code].status;
  }
}
