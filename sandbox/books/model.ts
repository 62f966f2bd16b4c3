import { booksTime } from '../clock.ts';

/** A contact person as Books documents it (Contacts and Contact Persons API pages); ids are numeric text. */
export interface ContactPerson {
  contact_person_id: string;
  salutation: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  mobile: string;
  designation: string;
  department: string;
  skype: string;
  is_primary_contact: boolean;
  enable_portal: boolean;
  is_added_in_portal: boolean;
  can_invite: boolean;
}

export type Address = Record<string, string>;

/**
 * The full contact object of Books' Contacts API, the general and United States attributes (the sandbox
 * organization is a US one; attributes documented for other editions only, such as `gst_no`, are left out).
 */
export interface BooksContact {
  contact_id: string;
  contact_name: string;
  company_name: string;
  has_transaction: boolean;
  contact_type: 'customer' | 'vendor';
  customer_sub_type: 'business' | 'individual';
  credit_limit: number;
  is_portal_enabled: boolean;
  language_code: string;
  is_taxable: boolean;
  tax_id: string;
  tax_percentage: number;
  tax_authority_id: string;
  tax_authority_name: string;
  tax_exemption_id: string;
  tax_exemption_code: string;
  track_1099: boolean;
  tax_id_type: string;
  tax_id_value: string;
  is_linked_with_zohocrm: boolean;
  is_crm_customer: boolean;
  website: string;
  owner_id: string;
  primary_contact_id: string;
  payment_terms: number;
  payment_terms_label: string;
  currency_id: string;
  currency_code: string;
  currency_symbol: string;
  opening_balances: { location_id: string; exchange_rate: number; opening_balance_amount: number }[];
  location_id: string;
  location_name: string;
  outstanding_receivable_amount: number;
  outstanding_receivable_amount_bcy: number;
  outstanding_payable_amount: number;
  outstanding_payable_amount_bcy: number;
  unused_credits_receivable_amount: number;
  unused_credits_receivable_amount_bcy: number;
  unused_credits_payable_amount: number;
  unused_credits_payable_amount_bcy: number;
  status: 'active' | 'inactive';
  payment_reminder_enabled: boolean;
  custom_fields: { index: number; value: string; label: string }[];
  billing_address: Address;
  shipping_address: Address;
  facebook: string;
  twitter: string;
  contact_persons: ContactPerson[];
  default_templates: Record<string, string>;
  notes: string;
  created_time: string;
  last_modified_time: string;
}

/** Books error body `{code, message}` (Books API "Errors" page) with its HTTP status. */
export interface BooksFailure {
  status: number;
  code: number;
  message: string;
}

export const invalidValue = (field: string, why?: string): BooksFailure => ({
  status: 400,
  code: 4,
  message: `Invalid value passed for ${field}${why ? `: ${why}` : ''}`,
});

const ADDRESS_KEYS = ['attention', 'address', 'street2', 'state_code', 'city', 'state', 'zip', 'country', 'fax', 'phone'];
const PERSON_TEXT = ['salutation', 'first_name', 'last_name', 'email', 'phone', 'mobile', 'designation', 'department', 'skype'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Input = Record<string, unknown>;

const isObject = (v: unknown): v is Input => typeof v === 'object' && v !== null && !Array.isArray(v);

function optionalText(input: Input, key: string, max: number): string | BooksFailure | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') return invalidValue(key, 'expected a string');
  const s = String(v);
  return s.length > max ? invalidValue(key, `longer than ${max} characters`) : s;
}

function address(input: Input, key: string): Address | BooksFailure | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) return invalidValue(key, 'expected an object');
  const out: Address = {};
  for (const k of ADDRESS_KEYS) out[k] = typeof v[k] === 'string' || typeof v[k] === 'number' ? String(v[k]) : '';
  return out;
}

/** The fields a create or update may set; top-level keys Books does not document (e.g. `email`) are ignored. */
export interface ContactInput {
  contact_name: string;
  fields: Partial<Omit<BooksContact, 'contact_persons' | 'contact_id' | 'primary_contact_id' | 'created_time' | 'last_modified_time'>>;
  persons?: (Partial<ContactPerson> & { contact_person_id?: string })[];
}

/** The organization's only currency (the seed's USD): `currency_id` must name it. */
export const SANDBOX_CURRENCY = { currency_id: '4600000000000097', currency_code: 'USD', currency_symbol: '$' } as const;

/** Documented text arguments of create and update, with their maximum lengths (Books Contacts API). */
const TEXT_ARGS = [
  ['company_name', 200],
  ['website', 200],
  ['language_code', 10],
  ['notes', 1000],
  ['payment_terms_label', 100],
  ['owner_id', 30],
  ['facebook', 100],
  ['twitter', 100],
  ['tax_id', 30],
  ['tax_authority_id', 30],
  ['tax_authority_name', 100],
  ['tax_exemption_id', 30],
  ['tax_exemption_code', 100],
  ['tax_id_type', 10],
  ['tax_id_value', 50],
] as const;
const BOOLEAN_ARGS = ['is_portal_enabled', 'is_taxable', 'track_1099'] as const;

/** Books accepts `true`/`false` and their text forms (a JSONString often carries text). */
function booleanArg(raw: unknown): boolean | undefined {
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  return undefined;
}

function parseFields(input: Input): ContactInput['fields'] | BooksFailure {
  const fields: ContactInput['fields'] = {};
  for (const [key, max] of TEXT_ARGS) {
    const v = optionalText(input, key, max);
    if (typeof v === 'object') return v;
    if (v !== undefined) fields[key] = v;
  }
  for (const key of BOOLEAN_ARGS) {
    if (input[key] === undefined) continue;
    const v = booleanArg(input[key]);
    if (v === undefined) return invalidValue(key, 'expected true or false');
    fields[key] = v;
  }
  if (input.contact_type !== undefined) {
    if (input.contact_type !== 'customer' && input.contact_type !== 'vendor') return invalidValue('contact_type');
    fields.contact_type = input.contact_type;
  }
  if (input.customer_sub_type !== undefined) {
    if (input.customer_sub_type !== 'business' && input.customer_sub_type !== 'individual') return invalidValue('customer_sub_type');
    fields.customer_sub_type = input.customer_sub_type;
  }
  if (input.payment_terms !== undefined) {
    const n = Number(input.payment_terms);
    if (!Number.isInteger(n) || n < 0) return invalidValue('payment_terms');
    fields.payment_terms = n;
  }
  if (input.credit_limit !== undefined) {
    const n = Number(input.credit_limit);
    if (!Number.isFinite(n) || n < 0) return invalidValue('credit_limit', 'expected an amount of 0 or more');
    fields.credit_limit = n;
  }
  if (input.currency_id !== undefined && String(input.currency_id) !== SANDBOX_CURRENCY.currency_id) {
    return { status: 400, code: 9004, message: 'This currency does not exist. Please choose a valid currency.' };
  }
  for (const key of ['billing_address', 'shipping_address'] as const) {
    const v = address(input, key);
    if (v && 'status' in v) return v as unknown as BooksFailure;
    if (v) fields[key] = v;
  }
  return fields;
}

function parsePersons(list: unknown): NonNullable<ContactInput['persons']> | BooksFailure {
  if (!Array.isArray(list)) return invalidValue('contact_persons', 'expected a list');
  const persons: NonNullable<ContactInput['persons']> = [];
  for (const [i, raw] of list.entries()) {
    if (!isObject(raw)) return invalidValue(`contact_persons[${i}]`, 'expected an object');
    const person: NonNullable<ContactInput['persons']>[number] = {};
    for (const key of PERSON_TEXT) {
      const v = optionalText(raw, key, 100);
      if (typeof v === 'object') return v;
      if (v !== undefined) person[key] = v;
    }
    if (person.email && !EMAIL.test(person.email)) return invalidValue('email', `"${person.email}" is not an email address`);
    for (const key of ['is_primary_contact', 'enable_portal'] as const) {
      if (raw[key] === undefined) continue;
      const v = booleanArg(raw[key]);
      if (v === undefined) return invalidValue(key, 'expected true or false');
      person[key] = v;
    }
    if (raw.contact_person_id !== undefined) person.contact_person_id = String(raw.contact_person_id);
    persons.push(person);
  }
  // Books has one primary person per contact.
  if (persons.filter((p) => p.is_primary_contact === true).length > 1) {
    return invalidValue('is_primary_contact', 'only one contact person can be primary');
  }
  return persons;
}

export function parseContactInput(input: unknown): ContactInput | BooksFailure {
  if (!isObject(input)) return invalidValue('JSONString', 'expected a JSON object');
  const name = input.contact_name;
  if (typeof name !== 'string' || name.trim() === '') {
    return { status: 400, code: 4, message: 'contact_name is required: please enter a contact name.' };
  }
  if (name.length > 200) return invalidValue('contact_name', 'longer than 200 characters');
  const fields = parseFields(input);
  if ('code' in fields) return fields as BooksFailure;
  const result: ContactInput = { contact_name: name.trim(), fields };
  if (input.contact_persons !== undefined) {
    const persons = parsePersons(input.contact_persons);
    if ('code' in persons) return persons;
    result.persons = persons;
  }
  return result;
}

export function blankPerson(id: string): ContactPerson {
  return {
    contact_person_id: id,
    salutation: '',
    first_name: '',
    last_name: '',
    email: '',
    phone: '',
    mobile: '',
    designation: '',
    department: '',
    skype: '',
    is_primary_contact: false,
    enable_portal: false,
    is_added_in_portal: false,
    can_invite: true,
  };
}

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

/**
 * `default_templates`: the documented `*_template_id` and `*_email_template_id` keys, each with the
 * `*_name` Zoho's Java client reads, pointing at the organization's standard templates.
 */
export const DEFAULT_TEMPLATES: Record<string, string> = Object.fromEntries(
  TEMPLATE_KINDS.flatMap((kind, i) => [
    [`${kind}_template_id`, String(4600000000900001 + i)],
    [`${kind}_template_name`, 'Standard'],
    [`${kind}_email_template_id`, String(4600000000900101 + i)],
    [`${kind}_email_template_name`, 'Default'],
  ]),
);

const emptyAddress = (): Address => Object.fromEntries(ADDRESS_KEYS.map((k) => [k, '']));

export function blankContact(id: string, name: string, atMs: number): BooksContact {
  return {
    contact_id: id,
    contact_name: name,
    company_name: '',
    has_transaction: false,
    contact_type: 'customer',
    customer_sub_type: 'business',
    credit_limit: 0,
    is_portal_enabled: false,
    language_code: 'en',
    is_taxable: false,
    tax_id: '',
    tax_percentage: 0,
    tax_authority_id: '',
    tax_authority_name: '',
    tax_exemption_id: '',
    tax_exemption_code: '',
    track_1099: false,
    tax_id_type: '',
    tax_id_value: '',
    is_linked_with_zohocrm: false,
    is_crm_customer: false,
    website: '',
    owner_id: '',
    primary_contact_id: '',
    payment_terms: 0,
    payment_terms_label: 'Due on Receipt',
    ...SANDBOX_CURRENCY,
    opening_balances: [],
    location_id: '',
    location_name: '',
    outstanding_receivable_amount: 0,
    outstanding_receivable_amount_bcy: 0,
    outstanding_payable_amount: 0,
    outstanding_payable_amount_bcy: 0,
    unused_credits_receivable_amount: 0,
    unused_credits_receivable_amount_bcy: 0,
    unused_credits_payable_amount: 0,
    unused_credits_payable_amount_bcy: 0,
    status: 'active',
    payment_reminder_enabled: true,
    custom_fields: [],
    billing_address: emptyAddress(),
    shipping_address: emptyAddress(),
    facebook: '',
    twitter: '',
    contact_persons: [],
    default_templates: { ...DEFAULT_TEMPLATES },
    notes: '',
    created_time: booksTime(atMs),
    last_modified_time: booksTime(atMs),
  };
}

/**
 * A stored contact with every documented attribute: rows written before an attribute existed get its
 * blank value, so an old data file still answers in the current shape.
 */
export function completeContact(stored: BooksContact): BooksContact {
  fillMissing(stored, CONTACT_DEFAULTS);
  fillMissing(stored.default_templates, TEMPLATE_DEFAULTS);
  for (const p of stored.contact_persons) fillMissing(p, PERSON_DEFAULTS);
  return stored;
}

const CONTACT_DEFAULTS = Object.entries(blankContact('', '', 0));
const TEMPLATE_DEFAULTS = Object.entries(DEFAULT_TEMPLATES);
const PERSON_DEFAULTS = Object.entries(blankPerson(''));

/** Fills a freshly parsed row in place: copying every row made listing 10,000 of them take seconds. */
function fillMissing(target: object, defaults: [string, unknown][]): void {
  const row = target as Record<string, unknown>;
  for (const [key, value] of defaults) {
    if (!(key in row)) row[key] = typeof value === 'object' && value !== null ? structuredClone(value) : value;
  }
}

/** Exactly one primary person when there are persons: the marked one, else the first. */
export function settlePrimary(contact: BooksContact): BooksContact {
  const persons = contact.contact_persons;
  const primary = persons.find((p) => p.is_primary_contact) ?? persons[0];
  for (const p of persons) p.is_primary_contact = p === primary;
  contact.primary_contact_id = primary?.contact_person_id ?? '';
  return contact;
}

function primaryOf(contact: BooksContact): ContactPerson | undefined {
  return contact.contact_persons.find((p) => p.is_primary_contact);
}

/** A list row (Books "List contacts"): summary fields, with name/email/phone from the primary contact person. */
export function listRow(c: BooksContact): Record<string, unknown> {
  const p = primaryOf(c);
  return {
    contact_id: c.contact_id,
    contact_name: c.contact_name,
    customer_name: c.contact_name,
    vendor_name: c.contact_name,
    company_name: c.company_name,
    website: c.website,
    language_code: c.language_code,
    contact_type: c.contact_type,
    status: c.status,
    customer_sub_type: c.customer_sub_type,
    is_linked_with_zohocrm: c.is_linked_with_zohocrm,
    has_transaction: c.has_transaction,
    first_name: p?.first_name ?? '',
    last_name: p?.last_name ?? '',
    email: p?.email ?? '',
    phone: p?.phone ?? '',
    mobile: p?.mobile ?? '',
    currency_id: c.currency_id,
    currency_code: c.currency_code,
    outstanding_receivable_amount: c.outstanding_receivable_amount,
    outstanding_receivable_amount_bcy: c.outstanding_receivable_amount_bcy,
    outstanding_payable_amount: c.outstanding_payable_amount,
    outstanding_payable_amount_bcy: c.outstanding_payable_amount_bcy,
    unused_credits_receivable_amount: c.unused_credits_receivable_amount,
    unused_credits_receivable_amount_bcy: c.unused_credits_receivable_amount_bcy,
    unused_credits_payable_amount: c.unused_credits_payable_amount,
    unused_credits_payable_amount_bcy: c.unused_credits_payable_amount_bcy,
    payment_terms: c.payment_terms,
    payment_terms_label: c.payment_terms_label,
    created_time: c.created_time,
    last_modified_time: c.last_modified_time,
  };
}

export function fullContact(c: BooksContact): Record<string, unknown> {
  return { ...listRow(c), ...c };
}
