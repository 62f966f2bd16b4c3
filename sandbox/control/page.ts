import type { BiginRecord } from '../bigin/model.ts';
import type { BooksContact } from '../books/model.ts';
import type { BooksOrg } from '../books/organization.ts';
import { esc } from '../http/html.ts';
import { page } from '../accounts/pages.ts';
import type { SandboxSettings } from '../settings.ts';
import { BIGIN_ORG } from '../store/seed.ts';

export interface HomeView {
  origin: string;
  booksOrgs: BooksOrg[];
  biginContacts: readonly BiginRecord[];
  biginCompanies: readonly BiginRecord[];
  booksContacts: readonly BooksContact[];
  editing?: BiginRecord;
  message?: { kind: 'ok' | 'error'; text: string };
  form?: Record<string, string>;
  settings: SandboxSettings;
}

const FORM_FIELDS: [string, string, string][] = [
  ['First_Name', 'First name', 'text'],
  ['Last_Name', 'Last name (required)', 'text'],
  ['Email', 'Email', 'email'],
  ['Phone', 'Phone', 'tel'],
  ['Mobile', 'Mobile', 'tel'],
  ['Title', 'Title', 'text'],
];

const cell = (v: unknown): string => `<td>${esc(v ?? '')}</td>`;
const lookupName = (v: unknown): string => (v && typeof v === 'object' ? String((v as { name?: unknown }).name ?? '') : '');

function contactForm(view: HomeView): string {
  const editing = view.editing;
  const value = (field: string): string => view.form?.[field] ?? (editing && typeof editing[field] === 'string' ? (editing[field] as string) : '');
  const currentCompany = view.form?.Account_Name ?? (editing ? String((editing.Account_Name as { id?: string } | null)?.id ?? '') : '');
  const inputs = FORM_FIELDS.map(
    ([field, label, type]) =>
      `<label>${esc(label)} <input name="${field}" type="${type}" value="${esc(value(field))}"${field === 'Last_Name' ? ' required' : ''}></label>`,
  ).join('\n');
  const companies = [
    `<option value="">(none)</option>`,
    ...view.biginCompanies.map((c) => `<option value="${esc(c.id)}"${c.id === currentCompany ? ' selected' : ''}>${esc(c.Account_Name)}</option>`),
  ].join('');
  const action = editing ? `/_sandbox/bigin/contacts/${esc(editing.id)}` : '/_sandbox/bigin/contacts';
  return `<section class="card" id="contact-form">
<h2>${editing ? `Edit Bigin contact ${esc(editing.id)}` : 'Create a Bigin contact'}</h2>
<form method="post" action="${action}" class="grid">
${inputs}
<label>Company <select name="Account_Name">${companies}</select></label>
<div class="actions"><button type="submit" class="primary">${editing ? 'Save changes' : 'Create contact'}</button>${editing ? ' <a href="/">Cancel</a>' : ''}</div>
</form>
</section>`;
}

export function homePage(view: HomeView): string {
  const message = view.message
    ? `<p class="flash ${view.message.kind}" role="${view.message.kind === 'error' ? 'alert' : 'status'}">${esc(view.message.text)}</p>`
    : '';
  const orgs = [
    `<li>Bigin: <strong>${esc(BIGIN_ORG.company_name)}</strong> (org id ${esc(BIGIN_ORG.id)})</li>`,
    ...view.booksOrgs.map((o) => `<li>Zoho Books: <strong>${esc(o.name)}</strong> (organization_id <code>${esc(o.organization_id)}</code>)</li>`),
  ].join('');
  const bigin = view.biginContacts
    .map(
      (c) =>
        `<tr data-id="${esc(c.id)}">${cell(c.id)}${cell(c.Full_Name)}${cell(c.Email)}${cell(c.Phone)}${cell(lookupName(c.Account_Name))}${cell(c.Modified_Time)}<td><a href="/?edit=${esc(c.id)}#contact-form">Edit</a></td></tr>`,
    )
    .join('\n');
  const books = view.booksContacts
    .map((c) => {
      const emails = c.contact_persons.map((p) => (p.is_primary_contact ? `${p.email} (primary)` : p.email)).filter((e) => e !== '');
      return `<tr data-id="${esc(c.contact_id)}">${cell(c.contact_id)}${cell(c.contact_name)}${cell(emails.join(', '))}${cell(c.notes)}${cell(c.last_modified_time)}</tr>`;
    })
    .join('\n');
  const s = view.settings;
  return page(
    'Zoho sandbox',
    `<h1>Zoho sandbox</h1>
<p class="muted">Imitates Zoho Accounts, Bigin v2 and Books v3 at <code>${esc(view.origin)}</code>. Data here is local and made up.</p>
${message}
<section class="card"><h2>Organizations</h2><ul>${orgs}</ul></section>
${contactForm(view)}
<section class="card"><h2>Bigin contacts (${view.biginContacts.length})</h2>
<table><thead><tr><th>id</th><th>Name</th><th>Email</th><th>Phone</th><th>Company</th><th>Modified</th><th></th></tr></thead>
<tbody>
${bigin}
</tbody></table></section>
<section class="card"><h2>Books contacts (${view.booksContacts.length})</h2>
<table><thead><tr><th>contact_id</th><th>Name</th><th>Contact-person emails</th><th>Notes</th><th>Modified</th></tr></thead>
<tbody>
${books}
</tbody></table></section>
<section class="card"><h2>Switches</h2>
<ul>
<li>Access-token life: ${s.accessTokenTtlSeconds} s; refresh-token rotation: ${s.rotateRefreshTokens ? 'on' : 'off'}</li>
<li>Books rate limit: ${s.booksRateLimitEnabled ? `${s.booksRateLimit.limit} per ${s.booksRateLimit.windowMs} ms, ${s.booksDailyLimit} per day` : 'off'}</li>
<li>Books <code>search_text</code>: ${s.booksSearchStrict ? 'strict (name and notes)' : 'lenient (also contact-person email)'}</li>
</ul>
<p class="muted">Change them with <code>POST /_sandbox/settings</code>; see docs/sandbox.md.</p></section>`,
  );
}

export const STYLESHEET = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f4f6fa; }
.bar { background: #1d4ed8; color: #fff; padding: .6rem 1rem; }
.bar .muted { color: #dbe4ff; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
.card { background: #fff; border: 1px solid #d8dee9; border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
.muted { color: #5b6475; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; border-bottom: 1px solid #e5e9f0; padding: .3rem .4rem; vertical-align: top; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .6rem 1rem; }
label { display: flex; flex-direction: column; gap: .2rem; font-weight: 600; font-size: 14px; }
input, select { font: inherit; padding: .35rem .5rem; border: 1px solid #aab3c2; border-radius: 6px; font-weight: 400; }
.actions { display: flex; gap: .75rem; align-items: center; margin-top: .75rem; }
button { font: inherit; padding: .45rem 1.1rem; border-radius: 6px; border: 1px solid #8b95a7; background: #fff; cursor: pointer; }
button.primary { background: #1d4ed8; color: #fff; border-color: #1d4ed8; }
.scopes .label { font-weight: 600; }
.flash { padding: .5rem .75rem; border-radius: 6px; }
.flash.ok { background: #e6f6ea; }
.flash.error, .error p { background: #fdecec; }
code { font-size: 13px; }
`;
