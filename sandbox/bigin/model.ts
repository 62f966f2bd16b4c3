import { biginTime } from '../clock.ts';
import { SANDBOX_USER } from '../context.ts';
import { json, type Reply } from '../http/types.ts';

export type BiginRecord = Record<string, unknown> & { id: string };

type FieldType = 'text' | 'email' | 'phone' | 'textarea' | 'boolean' | 'lookup';

interface FieldDef {
  type: FieldType;
  max?: number;
  /** For lookups: the module the id must exist in. */
  lookup?: string;
}

export interface ModuleDef {
  apiName: string;
  /** The `{module}` part of `ZohoBigin.modules.{module}.{OP}`. */
  scopeKey: string;
  /** The field that names a record (shown in lookups) and is mandatory on create. */
  nameField: string;
  fields: Record<string, FieldDef>;
}

const text = (max: number): FieldDef => ({ type: 'text', max });

/** The two modules the sandbox serves; "Accounts" is shown as Companies in Bigin (Bigin modules API docs). */
export const MODULES: Record<string, ModuleDef> = {
  contacts: {
    apiName: 'Contacts',
    scopeKey: 'contacts',
    nameField: 'Last_Name',
    fields: {
      First_Name: text(40),
      Last_Name: text(80),
      Email: { type: 'email' },
      Secondary_Email: { type: 'email' },
      Phone: { type: 'phone' },
      Mobile: { type: 'phone' },
      Title: text(100),
      Description: { type: 'textarea', max: 32000 },
      Email_Opt_Out: { type: 'boolean' },
      Account_Name: { type: 'lookup', lookup: 'accounts' },
      Mailing_Street: text(250),
      Mailing_City: text(100),
      Mailing_State: text(100),
      Mailing_Zip: text(30),
      Mailing_Country: text(100),
    },
  },
  accounts: {
    apiName: 'Accounts',
    scopeKey: 'accounts',
    nameField: 'Account_Name',
    fields: {
      Account_Name: text(200),
      Phone: { type: 'phone' },
      Website: text(255),
      Description: { type: 'textarea', max: 32000 },
      Billing_Street: text(250),
      Billing_City: text(100),
      Billing_State: text(100),
      Billing_Code: text(30),
      Billing_Country: text(100),
    },
  },
};

export function moduleByName(name: string): ModuleDef | undefined {
  return MODULES[name.toLowerCase()];
}

/** CRM-family error envelope (Bigin v2 status-codes page). */
export interface BiginError {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'error';
}

export const biginError = (code: string, message: string, details: Record<string, unknown> = {}): BiginError => ({
  code,
  details,
  message,
  status: 'error',
});

export const biginFailure = (status: number, code: string, message: string, details: Record<string, unknown> = {}): Reply =>
  json(status, biginError(code, message, details));

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9+()\-.\s]{1,30}$/;

export type LookupName = (module: string, id: string) => string | undefined;

/**
 * Validates one input record for insert (`creating`) or update; returns the normalised values
 * (empty strings become null, lookups become `{name, id}`) or a per-record error.
 */
export function validateRecord(
  def: ModuleDef,
  input: unknown,
  index: number,
  creating: boolean,
  lookupName: LookupName,
): { ok: true; values: Record<string, unknown> } | { ok: false; error: BiginError } {
  const path = (field: string): string => `$.data[${index}].${field}`;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: biginError('INVALID_DATA', 'invalid data', { expected_data_type: 'jsonobject', json_path: `$.data[${index}]` }) };
  }
  const values: Record<string, unknown> = {};
  for (const [field, raw] of Object.entries(input as Record<string, unknown>)) {
    const spec = def.fields[field];
    if (!spec) continue;
    const invalid = (expected: string): { ok: false; error: BiginError } => ({
      ok: false,
      error: biginError('INVALID_DATA', 'invalid data', { api_name: field, json_path: path(field), expected_data_type: expected }),
    });
    if (raw === null || raw === '') {
      values[field] = spec.type === 'boolean' ? false : null;
      continue;
    }
    switch (spec.type) {
      case 'boolean':
        if (typeof raw !== 'boolean') return invalid('boolean');
        values[field] = raw;
        break;
      case 'lookup': {
        const id = typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>).id : raw;
        if (typeof id !== 'string' && typeof id !== 'number') return invalid('lookup');
        const name = lookupName(spec.lookup ?? '', String(id));
        if (name === undefined) return invalid('lookup');
        values[field] = { name, id: String(id) };
        break;
      }
      default: {
        if (typeof raw !== 'string' && typeof raw !== 'number') return invalid(spec.type === 'textarea' ? 'textarea' : spec.type);
        const value = String(raw).trim();
        if (spec.type === 'email' && !EMAIL.test(value)) return invalid('email');
        if (spec.type === 'phone' && !PHONE.test(value)) return invalid('phone');
        if (spec.max !== undefined && value.length > spec.max) {
          return {
            ok: false,
            error: biginError('INVALID_DATA', 'invalid data', { api_name: field, json_path: path(field), maximum_length: spec.max }),
          };
        }
        values[field] = value;
      }
    }
  }
  const name = values[def.nameField];
  if ((creating && (name === undefined || name === null)) || (!creating && name === null)) {
    return {
      ok: false,
      error: biginError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: def.nameField, json_path: path(def.nameField) }),
    };
  }
  return { ok: true, values };
}

const actor = { name: SANDBOX_USER.name, id: SANDBOX_USER.id, email: SANDBOX_USER.email };

/**
 * Record-level system fields of the CRM family's Get Records answer (CRM v2 "Get Records" sample): an
 * approved, editable record with no approval or review pending, not in a merge, blueprint or orchestration.
 */
const SYSTEM_STATE = {
  $approval: { delegate: false, approve: false, reject: false, resubmit: false },
  $approval_state: 'approved',
  $approved: true,
  $editable: true,
  $in_merge: false,
  $process_flow: false,
  $orchestration: false,
  $review: null,
  $review_process: { approve: false, reject: false, resubmit: false },
  $state: 'save',
};

export function newRecord(def: ModuleDef, id: string, values: Record<string, unknown>, atMs: number): BiginRecord {
  const record: BiginRecord = { id };
  for (const [field, spec] of Object.entries(def.fields)) record[field] = spec.type === 'boolean' ? false : null;
  Object.assign(record, values, {
    Owner: actor,
    Created_By: actor,
    Modified_By: actor,
    Created_Time: biginTime(atMs),
    Modified_Time: biginTime(atMs),
    Last_Activity_Time: null,
    Tag: [],
    ...SYSTEM_STATE,
  });
  return withDerived(def, record);
}

export function applyUpdate(def: ModuleDef, record: BiginRecord, values: Record<string, unknown>, atMs: number): BiginRecord {
  return withDerived(def, { ...record, ...values, Modified_By: actor, Modified_Time: biginTime(atMs) });
}

/**
 * A stored record with every system field: rows written before a field existed get its value. Fills the
 * freshly parsed record in place; a spread copy of every record made listing 10,000 of them take seconds.
 */
export function completeRecord(record: BiginRecord): BiginRecord {
  for (const [field, value] of Object.entries(SYSTEM_STATE)) {
    if (!(field in record)) record[field] = structuredClone(value);
  }
  return record;
}

function withDerived(def: ModuleDef, record: BiginRecord): BiginRecord {
  if (def.apiName === 'Contacts') {
    record.Full_Name = [record.First_Name, record.Last_Name].filter((v) => typeof v === 'string' && v !== '').join(' ');
  }
  return record;
}

export function recordSummary(record: BiginRecord): Record<string, unknown> {
  return {
    Modified_Time: record.Modified_Time,
    Modified_By: { name: SANDBOX_USER.name, id: SANDBOX_USER.id },
    Created_Time: record.Created_Time,
    id: record.id,
    Created_By: { name: SANDBOX_USER.name, id: SANDBOX_USER.id },
  };
}
