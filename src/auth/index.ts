export { startAuthorization, completeAuthorization, type AuthorizationResult } from './authorize.ts';
export { disconnect, getAccessToken, REFRESH_MARGIN_MS } from './tokens.ts';
export { checkRequest, mapToDataCenter, type CheckedRequest } from './checked.ts';
export { sendChecked, type SentResponse } from './send.ts';
export { saveCredentials, savedCredentialFields, saveServiceSecret, UNCHANGED, type CredentialInput } from './credentials.ts';
export { hasClientSecret, deleteClientSecret, wipeConnectionSecrets } from './secrets.ts';
export { deletePendingFor, PENDING_TTL_MS } from './pending.ts';
export { resolveService, serviceContextOf, type ServiceContext } from './services.ts';
export { vaultMode, onVaultModeChange, vaultKey, type VaultMode } from './vault.ts';
export { configureAuth } from './deps.ts';
export {
  pairRelay,
  relayStatus,
  forgetRelay,
  approveForRelay,
  relayOriginsOf,
  relayUrlProblem,
  isLoopbackRelayUrl,
  type RelayStatus,
  type ApprovedService,
} from './relay.ts';
export { DEFAULT_RELAY_URL, goesViaRelay } from './relayTransport.ts';
