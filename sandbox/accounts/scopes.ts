/**
 * Zoho scope syntax is `Service.scope_name.OPERATION`, comma-separated in requests
 * (Zoho Accounts docs, "OAuth scopes"). Matching is case-insensitive, as Zoho writes both
 * `ZohoBooks.fullaccess.all` and `ZohoBigin.modules.ALL`.
 */
export type Operation = 'READ' | 'CREATE' | 'UPDATE' | 'DELETE';

const OPERATIONS = ['ALL', 'READ', 'CREATE', 'UPDATE', 'DELETE'];
const OP_LABEL: Record<string, string> = {
  ALL: 'full access',
  READ: 'read',
  CREATE: 'create',
  UPDATE: 'update',
  DELETE: 'delete',
};
const BIGIN_MODULES: Record<string, string> = {
  contacts: 'Contacts',
  accounts: 'Companies',
  pipelines: 'Pipelines',
  products: 'Products',
  tasks: 'Tasks',
  events: 'Events',
  calls: 'Calls',
  notes: 'Notes',
};
const BOOKS_SCOPES: Record<string, string> = {
  contacts: 'Contacts',
  settings: 'Settings and organizations',
  invoices: 'Invoices',
  estimates: 'Estimates',
  items: 'Items',
};

/** A readable label for a known scope, or null when the sandbox does not know it. */
export function scopeLabel(scope: string): string | null {
  const parts = scope.split('.');
  const [service, second, third, fourth] = parts.map((p) => p.toLowerCase());
  const op = (parts[parts.length - 1] ?? '').toUpperCase();
  if (service === 'zohobigin') {
    if (parts.length === 3 && second === 'modules' && op === 'ALL') return 'Bigin: all modules, full access';
    if (parts.length === 4 && second === 'modules' && third && BIGIN_MODULES[third] && OPERATIONS.includes(op)) {
      return `Bigin: ${BIGIN_MODULES[third]}, ${OP_LABEL[op]}`;
    }
    if (parts.length === 3 && second === 'settings' && op === 'ALL') return 'Bigin: settings, full access';
    if (parts.length === 3 && second === 'users' && (op === 'ALL' || op === 'READ')) return `Bigin: users, ${OP_LABEL[op]}`;
    if (parts.length === 3 && second === 'org' && op === 'READ') return 'Bigin: organization details, read';
    if (parts.length === 3 && second === 'notifications' && (op === 'ALL' || op === 'CREATE')) {
      return `Bigin: notifications, ${OP_LABEL[op]}`;
    }
    if (parts.length === 4 && second === 'settings' && fourth && OPERATIONS.includes(op)) {
      return `Bigin: ${third} settings, ${OP_LABEL[op]}`;
    }
    return null;
  }
  if (service === 'zohobooks') {
    if (parts.length === 3 && second === 'fullaccess' && op === 'ALL') return 'Books: full access to all data';
    if (parts.length === 3 && second && BOOKS_SCOPES[second] && OPERATIONS.includes(op)) {
      return `Books: ${BOOKS_SCOPES[second]}, ${OP_LABEL[op]}`;
    }
    return null;
  }
  return null;
}

/** Splits a Zoho `scope` parameter (comma-separated; spaces tolerated as RFC 6749 §3.3 uses them). */
export function parseScopeParam(value: string): string[] {
  return [...new Set(value.split(/[,\s]+/).filter((s) => s !== ''))];
}

const lower = (scopes: readonly string[]): Set<string> => new Set(scopes.map((s) => s.toLowerCase()));

export function covers(granted: readonly string[], requested: readonly string[]): boolean {
  const have = lower(granted);
  return requested.every((s) => have.has(s.toLowerCase()));
}

/** Bigin module access: `ZohoBigin.modules.ALL`, `ZohoBigin.modules.<module>.ALL` or the exact operation. */
export function biginAllows(granted: readonly string[], module: string, op: Operation): boolean {
  const have = lower(granted);
  const m = module.toLowerCase();
  return have.has('zohobigin.modules.all') || have.has(`zohobigin.modules.${m}.all`) || have.has(`zohobigin.modules.${m}.${op.toLowerCase()}`);
}

export function biginOrgAllowed(granted: readonly string[]): boolean {
  const have = lower(granted);
  return have.has('zohobigin.org.read') || have.has('zohobigin.org.all');
}

/** Books access: `ZohoBooks.fullaccess.all`, `ZohoBooks.<scope>.ALL` or the exact operation. */
export function booksAllows(granted: readonly string[], scope: 'contacts' | 'settings', op: Operation): boolean {
  const have = lower(granted);
  return have.has('zohobooks.fullaccess.all') || have.has(`zohobooks.${scope}.all`) || have.has(`zohobooks.${scope}.${op.toLowerCase()}`);
}
