/**
 * The local Zoho imitation. Its origin comes from the build (`VITE_SANDBOX_ORIGIN`) so a deployment
 * or a test run can point the "Sandbox (local)" data centre elsewhere; `import.meta.env` is absent
 * when this module runs under plain Node (the sandbox server, scripts), hence the optional chain.
 */
export const SANDBOX_ORIGIN: string = (import.meta.env?.VITE_SANDBOX_ORIGIN as string | undefined) ?? 'http://localhost:4010';

/** The client id the sandbox's consent page accepts; the connect form prefills it for this data centre. */
export const SANDBOX_CLIENT_ID = 'workflow-builder';

export const SANDBOX_DATA_CENTER_ID = 'sandbox';

export const SANDBOX_DATA_CENTER_LABEL = 'Sandbox (local)';
