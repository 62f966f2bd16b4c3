import { describe, expect, it } from 'vitest';
import { mapArguments, recordMap } from '../../../src/engine/functions/arguments.ts';
import { parseDeluge, runDeluge, type DelugeHost } from '../../../src/engine/deluge/index.ts';

const record = { id: '4150868000000225013', Email: 'jane@example.com', Account_Name: { name: 'Acme', id: '9' } };

describe('the record map offered to a script', () => {
  it('holds plain keys and <Module>.<Field> keys, the id as <Module>.ID', () => {
    expect(recordMap(record, 'Contacts')).toEqual({
      ...record,
      'Contacts.ID': '4150868000000225013',
      'Contacts.Email': 'jane@example.com',
      'Contacts.Account_Name': { name: 'Acme', id: '9' },
    });
  });

  it('without a module it is a copy of the record', () => {
    const copy = recordMap(record, undefined);
    expect(copy).toEqual(record);
    expect(copy).not.toBe(record);
  });

  it("arguments take the record map, a field, or a lookup's name, by declared type", () => {
    const args = mapArguments(
      [
        { name: 'contact', type: 'map', from: 'record' },
        { name: 'email', type: 'text', from: 'Email' },
        { name: 'account', type: 'text', from: 'Account_Name' },
        { name: 'count', type: 'number', from: 'Email' },
      ],
      record,
      'Contacts',
    );
    expect(args).toEqual({ contact: recordMap(record, 'Contacts'), email: 'jane@example.com', account: 'Acme', count: null });
  });

  it('contact.get("Contacts.ID") and contact.get("id") both read the id in a script', async () => {
    const lines: string[] = [];
    const host: DelugeHost = { request: () => Promise.reject(new Error('no requests')), info: (_l, t) => lines.push(t), now: () => new Date(0) };
    const { program, errors } = parseDeluge('info contact.get("Contacts.ID") == contact.get("id");\ninfo contact.get("Contacts.Email");');
    expect(errors).toEqual([]);
    const result = await runDeluge(program, { host, args: mapArguments([{ name: 'contact', type: 'map', from: 'record' }], record, 'Contacts') });
    expect(result.ok).toBe(true);
    expect(lines).toEqual(['true', 'jane@example.com']);
  });
});
