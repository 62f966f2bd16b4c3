/**
 * The "Sync contact to Zoho Books (Deluge)" template: our own script for the Bigin → Books flow
 * (fetch the Bigin contact, find the Books contact by email, update it or create it), written with
 * the integration tasks so it needs no hand-built URLs. `connection: ""` picks the function's Bigin
 * or Books connection by the service that owns each request.
 */
import { BUILTIN_ROLES, type FunctionConfig } from '../../domain/index.ts';

export const DELUGE_SYNC_TEMPLATE_NAME = 'Sync contact to Zoho Books (Deluge)';

/** Line of `organizationId = "…";`, named in the script's own reminder. */
const ORG_LINE = 4;

export function delugeSyncScript(organizationId = ''): string {
  return `// Sync the trigger contact to Zoho Books: update the Books contact with the same
// email, or create one. Argument: contact (the trigger record).
// Your Books organization ID (Books → Settings → Organization Profile):
organizationId = "${organizationId.replace(/[^0-9]/g, '')}";
if(organizationId == "")
{
	info "Set organizationId on line ${ORG_LINE} to your Books organization ID, then run again.";
	return "not synced: no organization ID";
}
fetched = zoho.bigin.getRecordById("Contacts", contact.get("Contacts.ID"), Map(), "");
rows = ifnull(fetched.get("data"), List());
if(rows.isEmpty())
{
	info "Bigin has no contact " + contact.get("Contacts.ID");
	return "not synced: contact not found";
}
person = rows.get(0);
email = ifnull(person.get("Email"), "").trim();
if(email == "")
{
	info "The contact has no email, so there is nothing to match in Books.";
	return "not synced: no email";
}
name = ifnull(person.get("Full_Name"), email);
primary = {"last_name": ifnull(person.get("Last_Name"), name), "email": email, "is_primary_contact": true};
books = {"contact_name": name};
for each field in {"Phone", "Mobile"}
{
	value = person.get(field);
	if(value != null)
	{
		books.put(field.toLowerCase(), value);
		primary.put(field.toLowerCase(), value);
	}
}
persons = List();
persons.add(primary);
books.put("contact_persons", persons);
found = zoho.books.getRecords("Contacts", organizationId, {"email": email}, "");
matches = ifnull(found.get("contacts"), List());
if(matches.size() > 0)
{
	booksId = matches.get(0).get("contact_id");
	saved = zoho.books.updateRecord("Contacts", organizationId, booksId, books, "");
	info "Updated Books contact " + booksId + ": " + saved.get("message");
}
else
{
	saved = zoho.books.createRecord("Contacts", organizationId, books, "");
	info "Created Books contact: " + saved.get("message");
}
return saved;
`;
}

/** The function node's configuration after "Use template": script, `contact` ← record, both roles. */
export function delugeSyncFunctionConfig(current: FunctionConfig, organizationId = ''): FunctionConfig {
  const roles = BUILTIN_ROLES.sync_contact_to_books ?? [];
  const connections: Record<string, string> = {};
  for (const { role } of roles) connections[role] = current.connections[role] ?? '';
  return {
    ...current,
    name: current.name.trim() === '' ? DELUGE_SYNC_TEMPLATE_NAME : current.name,
    kind: 'deluge',
    script: delugeSyncScript(organizationId),
    connections,
    arguments: [{ name: 'contact', type: 'map', from: 'record' }],
  };
}
