import { DEFAULT_SERVICES } from '../../catalog/index.ts';
import { generateLinkName } from '../../domain/index.ts';
import { listCustomServices } from '../../storage/index.ts';

/**
 * A free service link name made from the Service Name, as a connection's link name is made from its
 * name: every default service's and every other custom service's link name counts as taken.
 */
export async function suggestServiceLinkName(name: string, exceptId?: string): Promise<string> {
  const custom = (await listCustomServices()).filter((service) => service.id !== exceptId);
  return generateLinkName(
    name || 'service',
    [...DEFAULT_SERVICES, ...custom].map((service) => service.linkName),
  );
}
