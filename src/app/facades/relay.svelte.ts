import {
  approveForRelay,
  DEFAULT_RELAY_URL,
  forgetRelay,
  goesViaRelay,
  isLoopbackRelayUrl,
  pairRelay,
  relayOriginsOf,
  relayStatus,
  relayUrlProblem,
  type RelayStatus,
} from '../../auth/index.ts';
import type { Service } from '../../domain/index.ts';
import { listCustomServices } from '../../storage/index.ts';

export { DEFAULT_RELAY_URL, isLoopbackRelayUrl, relayUrlProblem, relayOriginsOf, type RelayStatus };

/** The relay status the pages show; one shared value, refreshed after each change. */
class RelayView {
  status = $state.raw<RelayStatus | null>(null);
  /** The outcome of the last Pair/Forget/approval, kept here so it outlives the page that asked. */
  outcome = $state.raw<{ ok: boolean; text: string } | null>(null);
  private loading: Promise<RelayStatus> | null = null;

  load(): Promise<RelayStatus> {
    this.loading ??= this.refresh();
    return this.loading;
  }

  async refresh(): Promise<RelayStatus> {
    this.status = await relayStatus();
    return this.status;
  }

  set(status: RelayStatus): RelayStatus {
    this.status = status;
    return status;
  }
}

export const relay = new RelayView();

/** Whether requests of this service go through the paired relay (false while nothing is paired). */
export function carriedByRelay(service: Pick<Service, 'id' | 'kind' | 'reach'>, status: RelayStatus | null): boolean {
  return goesViaRelay(service, status?.paired ? status.approvedServiceIds : null);
}

async function approvalsFor(serviceIds: readonly string[]) {
  const services = (await listCustomServices()).filter((s) => serviceIds.includes(s.id));
  return services.map((service) => ({ serviceId: service.id, origins: relayOriginsOf(service) }));
}

export async function pair(url: string, code: string): Promise<RelayStatus> {
  return relay.set(await pairRelay(url.trim(), code.trim(), await approvalsFor(relay.status?.approvedServiceIds ?? [])));
}

export async function forget(): Promise<RelayStatus> {
  return relay.set(await forgetRelay());
}

export async function approve(serviceIds: readonly string[]): Promise<RelayStatus> {
  return relay.set(await approveForRelay(await approvalsFor(serviceIds)));
}

export const customServices = listCustomServices;

/** Drops the one-time code from the address once it has been used (it must not stay in history). */
export { replaceAddress as leavePairingLink } from '../router.svelte.ts';
