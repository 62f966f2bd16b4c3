import { SANDBOX_CURRENCY } from './model.ts';

/**
 * A Books organization as the Organizations API documents it (list and get), plus the plan attributes
 * Zoho's own Java client reads from the list. Ids are numeric text; counts and months are numbers.
 */
export interface BooksOrg {
  organization_id: string;
  name: string;
  /** Documented as text ("Boolean to check if logo of the organisation if available"). */
  is_logo_uploaded: string;
  user_role: string;
  user_status: string;
  contact_name: string;
  email: string;
  is_default_org: boolean;
  plan_type: number;
  plan_name: string;
  plan_period: string;
  tax_group_enabled: boolean;
  language_code: string;
  fiscal_year_start_month: number;
  account_created_date: string;
  account_created_date_formatted: string;
  time_zone: string;
  date_format: string;
  field_separator: string;
  industry_type: string;
  industry_size: string;
  company_id_label: string;
  company_id_value: string;
  tax_id_label: string;
  tax_id_value: string;
  currency_id: string;
  currency_code: string;
  currency_symbol: string;
  currency_format: string;
  price_precision: number;
  address: { street_address1: string; street_address2: string; city: string; state: string; country: string; zip: string };
  org_address: string;
  remit_to_address: string;
  phone: string;
  fax: string;
  website: string;
  tax_basis: 'accrual' | 'cash';
  is_org_active: boolean;
}

/** Values for attributes a stored organization lacks (a data file written before they existed). */
const DEFAULTS: Omit<BooksOrg, 'organization_id' | 'name'> = {
  is_logo_uploaded: 'false',
  user_role: 'admin',
  user_status: 'active',
  contact_name: '',
  email: '',
  is_default_org: false,
  plan_type: 0,
  plan_name: 'Free',
  plan_period: '',
  tax_group_enabled: true,
  language_code: 'en',
  fiscal_year_start_month: 0,
  account_created_date: '',
  account_created_date_formatted: '',
  time_zone: 'Etc/UTC',
  date_format: 'MM/dd/yyyy',
  field_separator: '/',
  industry_type: '',
  industry_size: '',
  company_id_label: 'Company ID',
  company_id_value: '',
  tax_id_label: 'Tax ID',
  tax_id_value: '',
  ...SANDBOX_CURRENCY,
  currency_format: '###,##0.00',
  price_precision: 2,
  address: { street_address1: '', street_address2: '', city: '', state: '', country: '', zip: '' },
  org_address: '',
  remit_to_address: '',
  phone: '',
  fax: '',
  website: '',
  tax_basis: 'accrual',
  is_org_active: true,
};

export function completeOrganization(stored: Partial<BooksOrg> & { organization_id: string; name: string }): BooksOrg {
  return { ...DEFAULTS, ...stored, address: { ...DEFAULTS.address, ...stored.address } };
}
