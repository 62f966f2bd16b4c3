/** What each built-in function needs from its node besides connections (roles live in the domain). */
import type { BUILTIN_FUNCTIONS } from '../../domain/index.ts';

export interface BuiltinParam {
  key: string;
  label: string;
  pattern: RegExp;
  hint: string;
}

export const BUILTIN_PARAMS: Record<(typeof BUILTIN_FUNCTIONS)[number], BuiltinParam[]> = {
  sync_contact_to_books: [
    // Books organization ids are numeric strings (https://www.zoho.com/books/api/v3/organizations/).
    { key: 'organizationId', label: 'Organization ID', pattern: /^\d{1,30}$/, hint: 'digits only, e.g. 10234695' },
  ],
};
