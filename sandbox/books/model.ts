import { booksTime } from '../clock.ts';

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
}

export type Address = Record<string, string>;

export interface BooksContact {
  contact_id: string;
  contact_name: string;
  company_name: string;
  contact_type: 'customer' | 'vendor';
  customer_sub_type: 'business' | 'individual';
  status: 'active' | 'inactive';
  website: string;
  language_code: string;
  notes: string;
  currency_code: string;
  payment_terms: number;
  payment_terms_label: string;
  outstanding_receivable_amount: number;
  unused_credits_receivable_amount: number;
  billing_address: Address;
  shipping_address: Address;
  contact_persons: ContactPerson[];
  primary_contact_id: string;
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

export function parseContactInput(input: unknown): ContactInput | BooksFailure {
  if (!isObject(input)) return invalidValue('JSONString', 'expected a JSON object');
  const name = input.contact_name;
  if (typeof name !== 'string' || name.trim() === '') {
    return { status: 400, code: 4, message: 'contact_name is required: please enter a contact name.' };
  }
  if (name.length > 200) return invalidValue('contact_name', 'longer than 200 characters');
  const fields: ContactInput['fields'] = {};
  for (const [key, max] of [
    ['company_name', 200],
    ['website', 200],
    ['language_code', 10],
    ['notes', 1000],
    ['payment_terms_label', 100],
  ] as const) {
    const v = optionalText(input, key, max);
    if (typeof v === 'object') return v;
    if (v !== undefined) fields[key] = v;
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
  for (const key of ['billing_address', 'shipping_address'] as const) {
    const v = address(input, key);
    if (v && 'status' in v) return v as unknown as BooksFailure;
    if (v) fields[key] = v;
  }
  const result: ContactInput = { contact_name: name.trim(), fields };
  if (input.contact_persons !== undefined) {
    if (!Array.isArray(input.contact_persons)) return invalidValue('contact_persons', 'expected a list');
    const persons: NonNullable<ContactInput['persons']> = [];
    for (const [i, raw] of input.contact_persons.entries()) {
      if (!isObject(raw)) return invalidValue(`contact_persons[${i}]`, 'expected an object');
      const person: NonNullable<ContactInput['persons']>[number] = {};
      for (const key of PERSON_TEXT) {
        const v = optionalText(raw, key, 100);
        if (typeof v === 'object') return v;
        if (v !== undefined) person[key] = v;
      }
      if (person.email && !EMAIL.test(person.email)) return invalidValue('email', `"${person.email}" is not an email address`);
      if (raw.is_primary_contact !== undefined) {
        // Books: "Allowed value is true only".
        if (raw.is_primary_contact !== true && raw.is_primary_contact !== 'true') return invalidValue('is_primary_contact', 'only true is allowed');
        person.is_primary_contact = true;
      }
      if (raw.contact_person_id !== undefined) person.contact_person_id = String(raw.contact_person_id);
      persons.push(person);
    }
    if (persons.filter((p) => p.is_primary_contact).length > 1) {
      return invalidValue('is_primary_contact', 'only one contact person can be primary');
    }
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
  };
}

export function blankContact(id: string, name: string, atMs: number): BooksContact {
  const empty: Address = Object.fromEntries(ADDRESS_KEYS.map((k) => [k, '']));
  return {
    contact_id: id,
    contact_name: name,
    company_name: '',
    contact_type: 'customer',
    customer_sub_type: 'business',
    status: 'active',
    website: '',
    language_code: 'en',
    notes: '',
    currency_code: 'USD',
    payment_terms: 0,
    payment_terms_label: 'Due on Receipt',
    outstanding_receivable_amount: 0,
    unused_credits_receivable_amount: 0,
    billing_address: empty,
    shipping_address: { ...empty },
    contact_persons: [],
    primary_contact_id: '',
    created_time: booksTime(atMs),
    last_modified_time: booksTime(atMs),
  };
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

/** A list row: summary fields, with name/email/phone from the primary contact person (Books list docs). */
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
    first_name: p?.first_name ?? '',
    last_name: p?.last_name ?? '',
    email: p?.email ?? '',
    phone: p?.phone ?? '',
    mobile: p?.mobile ?? '',
    currency_code: c.currency_code,
    outstanding_receivable_amount: c.outstanding_receivable_amount,
    unused_credits_receivable_amount: c.unused_credits_receivable_amount,
    payment_terms: c.payment_terms,
    payment_terms_label: c.payment_terms_label,
    created_time: c.created_time,
    last_modified_time: c.last_modified_time,
  };
}

export function fullContact(c: BooksContact): Record<string, unknown> {
  return { ...listRow(c), ...c };
}
