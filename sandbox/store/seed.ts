import type { Clock } from '../clock.ts';
import { BiginRepo } from '../bigin/repo.ts';
import { MODULES } from '../bigin/model.ts';
import { completeOrganization, type BooksOrg } from '../books/organization.ts';
import { BooksRepo } from '../books/repo.ts';
import type { Db } from './db.ts';
import { forgetCachedRows } from './row-cache.ts';

export const BOOKS_ORG_ID = '10234695';
export const BIGIN_ORG = {
  id: '6421000000000001',
  company_name: 'Greenleaf Garden Supplies (sandbox)',
  primary_email: 'sam.sandbox@example.com',
  time_zone: 'UTC',
  currency: 'USD',
  country: 'United States',
};

const BOOKS_ORG: BooksOrg = completeOrganization({
  organization_id: BOOKS_ORG_ID,
  name: 'Greenleaf Garden Supplies Books (sandbox)',
  contact_name: 'Sam Sandbox',
  email: 'sam.sandbox@example.com',
  is_default_org: true,
  plan_type: 0,
  plan_name: 'Free',
  plan_period: 'monthly',
  language_code: 'en',
  fiscal_year_start_month: 0,
  account_created_date: '2025-01-06',
  account_created_date_formatted: '01/06/2025',
  time_zone: 'Etc/UTC',
  industry_type: 'Retail',
  industry_size: '1-10',
  address: { street_address1: '12 Greenleaf Lane', street_address2: '', city: 'Portland', state: 'Oregon', country: 'U.S.A', zip: '97201' },
  org_address: '12 Greenleaf Lane, Portland, Oregon 97201, U.S.A',
  remit_to_address: '',
  phone: '+1 555 0100',
  website: 'greenleaf.example',
});

/** Seed timestamps start here, one hour apart, so every reset gives byte-identical data. */
const SEED_START_MS = Date.UTC(2025, 0, 6, 9, 0, 0);

const COMPANIES = ['Fernhill Nursery', 'Blue Heron Landscaping', 'Oakridge Builders', 'Mossy Stone Cafe', 'Tidewater Farms'];

/** [first, last, email or '' (some contacts have none, as the article's workflow rule checks), phone, company index or -1]. */
const CONTACTS: [string, string, string, string, number][] = [
  ['Amelia', 'Hart', 'amelia.hart@fernhill.example', '+1 555 0101', 0],
  ['Bruno', 'Costa', 'bruno.costa@blueheron.example', '+1 555 0102', 1],
  ['Chloe', 'Nakamura', 'chloe.n@oakridge.example', '+1 555 0103', 2],
  ['Dev', 'Patel', '', '+1 555 0104', 3],
  ['Elena', 'Rossi', 'elena.rossi@tidewater.example', '', 4],
  ['Farid', 'Haddad', 'farid@mossystone.example', '+1 555 0106', 3],
  ['Grace', "O'Neill", 'grace.oneill@example.com', '+1 555 0107', -1],
  ['Hiro', 'Tanaka', '', '', -1],
  ['Ines', 'Moreau', 'ines.moreau@fernhill.example', '+33 1 555 0109', 0],
  ['Jonas', 'Berg', 'jonas.berg@example.org', '+46 8 555 0110', -1],
  ['Kavya', 'Iyer', 'kavya.iyer@blueheron.example', '+91 80 5550 111', 1],
  ['Liam', 'Walsh', '', '+353 1 555 0112', 2],
  ['Maya', 'Goldberg', 'maya.goldberg@example.com', '+1 555 0113', -1],
  ['Nikolai', 'Petrov', 'n.petrov@tidewater.example', '+1 555 0114', 4],
  ['Olivia', 'Brown', 'olivia.brown@oakridge.example', '+1 555 0115', 2],
  ['Pablo', 'Fernández', 'pablo.fernandez@example.es', '+34 91 555 0116', -1],
  ['Quinn', 'Adeyemi', '', '+234 1 555 0117', -1],
  ['Rosa', 'Lindqvist', 'rosa.lindqvist@fernhill.example', '+1 555 0118', 0],
  ['Samir', 'Khan', 'samir.khan@mossystone.example', '+1 555 0119', 3],
  ['Tara', 'Nguyen', 'tara.nguyen@example.com', '+1 555 0120', -1],
  ['Umar', 'Farouk', 'umar.farouk@blueheron.example', '', 1],
  ['Vera', 'Novak', '', '+420 2 555 0122', -1],
  ['Wen', 'Li', 'wen.li@tidewater.example', '+1 555 0123', 4],
  ['Ximena', 'Ruiz', 'ximena.ruiz@example.mx', '+52 55 555 0124', -1],
  ['', 'Young', 'young@oakridge.example', '+1 555 0125', 2],
];

/**
 * Books contacts. Five share a contact-person email with a Bigin contact (the article's "already a customer"
 * case), one of them on a non-primary person; one matches only through its notes.
 */
const BOOKS_CONTACTS: { name: string; company: string; notes: string; persons: [string, string, string, string][] }[] = [
  { name: 'Amelia Hart', company: 'Fernhill Nursery', notes: '', persons: [['Amelia', 'Hart', 'amelia.hart@fernhill.example', '+1 555 0101']] },
  {
    name: 'Bruno Costa',
    company: 'Blue Heron Landscaping',
    notes: 'Prefers email.',
    persons: [['Bruno', 'Costa', 'bruno.costa@blueheron.example', '+1 555 0102']],
  },
  {
    name: 'Oakridge Builders',
    company: 'Oakridge Builders',
    notes: 'Account managed by Chloe.',
    persons: [
      ['Site', 'Office', 'office@oakridge.example', '+1 555 0200'],
      ['Olivia', 'Brown', 'olivia.brown@oakridge.example', '+1 555 0115'],
    ],
  },
  { name: 'Maya Goldberg', company: '', notes: '', persons: [['Maya', 'Goldberg', 'maya.goldberg@example.com', '+1 555 0113']] },
  { name: 'Tara Nguyen', company: '', notes: 'Met at the spring fair.', persons: [['Tara', 'Nguyen', 'tara.nguyen@example.com', '']] },
  {
    name: 'Harbour Hardware',
    company: 'Harbour Hardware',
    notes: 'Old address: wen.li@tidewater.example',
    persons: [['Ken', 'Doyle', 'ken@harbour.example', '+1 555 0300']],
  },
  { name: 'Sunrise Florists', company: 'Sunrise Florists', notes: '', persons: [] },
];

export function seed(db: Db, clock: Clock): void {
  const at = (i: number): number => SEED_START_MS + i * 3_600_000;
  db.transaction(() => {
    db.exec('DELETE FROM bigin_records; DELETE FROM books_contacts; DELETE FROM books_orgs;');
    db.exec("DELETE FROM meta WHERE key IN ('bigin_next_id', 'books_next_id')");
    const bigin = new BiginRepo(db, clock);
    const accounts = MODULES.accounts!;
    const contacts = MODULES.contacts!;
    const companyIds = COMPANIES.map((name, i) => bigin.insert(accounts, { Account_Name: name }, at(i)).id);
    CONTACTS.forEach(([first, last, email, phone, company], i) => {
      const companyId = company >= 0 ? companyIds[company] : undefined;
      bigin.insert(
        contacts,
        {
          First_Name: first || null,
          Last_Name: last,
          Email: email || null,
          Phone: phone || null,
          Account_Name: companyId ? { name: COMPANIES[company], id: companyId } : null,
        },
        at(10 + i),
      );
    });
    const books = new BooksRepo(db, clock);
    books.putOrg(BOOKS_ORG);
    BOOKS_CONTACTS.forEach((c, i) => {
      books.create(
        BOOKS_ORG_ID,
        {
          contact_name: c.name,
          fields: { company_name: c.company, notes: c.notes },
          persons: c.persons.map(([first_name, last_name, email, phone], j) => ({
            first_name,
            last_name,
            email,
            phone,
            ...(j === 0 ? { is_primary_contact: true } : {}),
          })),
        },
        at(40 + i),
      );
    });
  })();
  forgetCachedRows(db);
}

export function organizationNames(db: Db): string[] {
  const books = db
    .prepare<[], { data: string }>('SELECT data FROM books_orgs ORDER BY organization_id')
    .all()
    .map((r) => {
      const org = JSON.parse(r.data) as BooksOrg;
      return `Zoho Books: ${org.name} (organization_id ${org.organization_id})`;
    });
  return [`Bigin: ${BIGIN_ORG.company_name}`, ...books];
}
