/** The runner API's refusals: `{ "error": { "code", "message" } }` with this HTTP status. */
export const RUNNER_ERRORS = {
  RUNNER_BAD_REQUEST: 400,
  RUNNER_BAD_WORKFLOW: 400,
  RUNNER_UNPAIRED: 401,
  RUNNER_PAIRING_REFUSED: 401,
  RUNNER_ORIGIN_REFUSED: 403,
  RUNNER_NOT_FOUND: 404,
  RUNNER_METHOD_NOT_ALLOWED: 405,
  RUNNER_TOO_LARGE: 413,
  RUNNER_HOST_REFUSED: 421,
  RUNNER_INTERNAL: 500,
} as const;

export type RunnerErrorCode = keyof typeof RUNNER_ERRORS;

export class RunnerError extends Error {
  constructor(
    readonly code: RunnerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RunnerError';
  }

  get status(): number {
    return RUNNER_ERRORS[this.code];
  }
}
