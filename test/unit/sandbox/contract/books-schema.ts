/**
 * Zoho Books v3 answers as Books' API documentation describes them (https://www.zoho.com/books/api/v3/contacts,
 * .../organizations, .../errors), written independently of the sandbox's code. Every documented attribute is
 * required with its documented type; ids are numeric text (the docs' examples print bare numbers, real answers
 * and Zoho's own clients use text, which `getString` in the Java wrapper requires). Extra attributes pass.
 */
import { z } from 'zod';

export const NumericText = z.string().regex(/^\d+$/, 'an id as numeric text');
/** Books time stamps: `2013-08-05T12:06:10+0530`. */
const BooksTime = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$/);
const Amount = z.number();
const Flag = z.boolean();
const Text = z.string();

const Address = z.object({
  attention: Text,
  address: Text,
  street2: Text,
  state_code: Text,
  city: Text,
  state: Text,
  zip: Text,
  country: Text,
  fax: Text,
  phone: Text,
});

export const ContactPerson = z.object({
  contact_person_id: NumericText,
  salutation: Text,
  first_name: Text,
  last_name: Text,
  email: Text,
  phone: Text,
  mobile: Text,
  designation: Text,
  department: Text,
  skype: Text,
  is_primary_contact: Flag,
  enable_portal: Flag,
});

const TEMPLATE_KINDS = [
  'invoice',
  'estimate',
  'creditnote',
  'purchaseorder',
  'salesorder',
  'retainerinvoice',
  'paymentthankyou',
  'retainerinvoice_paymentthankyou',
];
/** The 16 documented template ids; Zoho's Java client also reads a `_name` for the invoice, estimate and credit-note ones. */
const DefaultTemplates = z.object(
  Object.fromEntries([
    ...TEMPLATE_KINDS.flatMap((k) => [
      [`${k}_template_id`, NumericText],
      [`${k}_email_template_id`, NumericText],
    ]),
    ...['invoice', 'estimate', 'creditnote'].flatMap((k) => [
      [`${k}_template_name`, Text],
      [`${k}_email_template_name`, Text],
    ]),
  ]),
);

/** The contact object: general attributes and those documented for the United States edition. */
export const Contact = z.object({
  contact_id: NumericText,
  contact_name: Text,
  company_name: Text,
  has_transaction: Flag,
  contact_type: z.enum(['customer', 'vendor']),
  customer_sub_type: z.enum(['business', 'individual']),
  credit_limit: Amount,
  is_portal_enabled: Flag,
  language_code: Text,
  is_taxable: Flag,
  tax_id: Text,
  tax_percentage: Amount,
  tax_authority_id: Text,
  tax_authority_name: Text,
  tax_exemption_id: Text,
  tax_exemption_code: Text,
  track_1099: Flag,
  tax_id_type: Text,
  tax_id_value: Text,
  is_linked_with_zohocrm: Flag,
  is_crm_customer: Flag,
  website: Text,
  owner_id: Text,
  primary_contact_id: Text,
  payment_terms: z.number().int(),
  payment_terms_label: Text,
  currency_id: NumericText,
  currency_code: Text,
  currency_symbol: Text,
  opening_balances: z.array(z.object({ location_id: Text, exchange_rate: Amount, opening_balance_amount: Amount })),
  location_id: Text,
  location_name: Text,
  outstanding_receivable_amount: Amount,
  outstanding_receivable_amount_bcy: Amount,
  outstanding_payable_amount: Amount,
  outstanding_payable_amount_bcy: Amount,
  unused_credits_receivable_amount: Amount,
  unused_credits_receivable_amount_bcy: Amount,
  unused_credits_payable_amount: Amount,
  unused_credits_payable_amount_bcy: Amount,
  status: z.enum(['active', 'inactive']),
  payment_reminder_enabled: Flag,
  custom_fields: z.array(z.object({ index: z.number().int(), value: Text, label: Text })),
  billing_address: Address,
  shipping_address: Address,
  facebook: Text,
  twitter: Text,
  contact_persons: z.array(ContactPerson),
  default_templates: DefaultTemplates,
  notes: Text,
  created_time: BooksTime,
  last_modified_time: BooksTime,
});

/** One row of "List contacts": the documented example's attributes plus those Zoho's Java client reads. */
export const ContactRow = z.object({
  contact_id: NumericText,
  contact_name: Text,
  company_name: Text,
  contact_type: z.enum(['customer', 'vendor']),
  status: z.enum(['active', 'inactive']),
  payment_terms: z.number().int(),
  payment_terms_label: Text,
  currency_id: NumericText,
  currency_code: Text,
  outstanding_receivable_amount: Amount,
  outstanding_payable_amount: Amount,
  unused_credits_receivable_amount: Amount,
  unused_credits_payable_amount: Amount,
  first_name: Text,
  last_name: Text,
  email: Text,
  phone: Text,
  mobile: Text,
  created_time: BooksTime,
  last_modified_time: BooksTime,
});

const PageContext = z.object({
  page: z.number().int(),
  per_page: z.number().int(),
  has_more_page: Flag,
  report_name: Text,
  applied_filter: Text,
  sort_column: Text,
  sort_order: z.enum(['A', 'D']),
});

const Success = { code: z.literal(0), message: Text };

export const ContactAnswer = z.object({ ...Success, contact: Contact });
export const ContactList = z.object({ ...Success, contacts: z.array(ContactRow), page_context: PageContext });
export const Deleted = z.object({ code: z.literal(0), message: z.literal('The contact has been deleted.') });

/** "List organizations" rows, with the plan attributes Zoho's Java client reads. */
const OrganizationRow = z.object({
  organization_id: NumericText,
  name: Text,
  contact_name: Text,
  email: Text,
  is_default_org: Flag,
  plan_type: z.number().int(),
  plan_name: Text,
  plan_period: Text,
  tax_group_enabled: Flag,
  language_code: Text,
  fiscal_year_start_month: z.number().int().min(0).max(11),
  account_created_date: z.string().regex(/^\d{4}-\d\d-\d\d$/),
  account_created_date_formatted: Text,
  time_zone: Text,
  is_org_active: Flag,
  currency_id: NumericText,
  currency_code: Text,
  currency_symbol: Text,
  currency_format: Text,
  price_precision: z.number().int(),
});

/** "Get an organization": the full object. */
const Organization = OrganizationRow.extend({
  is_logo_uploaded: Text,
  user_role: Text,
  user_status: Text,
  date_format: Text,
  field_separator: Text,
  industry_type: Text,
  industry_size: Text,
  company_id_label: Text,
  company_id_value: Text,
  tax_id_label: Text,
  tax_id_value: Text,
  address: z.object({ street_address1: Text, street_address2: Text, city: Text, state: Text, country: Text, zip: Text }),
  org_address: Text,
  remit_to_address: Text,
  phone: Text,
  fax: Text,
  website: Text,
  tax_basis: z.enum(['accrual', 'cash']),
});

export const OrganizationList = z.object({ ...Success, organizations: z.array(OrganizationRow).min(1) });
export const OrganizationAnswer = z.object({ ...Success, organization: Organization });

/** Books errors: `{code, message}`, a non-zero integer code (Books "Errors" page). */
export const BooksError = z.object({ code: z.number().int().positive(), message: z.string().min(1) }).strict();
