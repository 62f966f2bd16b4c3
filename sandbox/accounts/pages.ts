import { esc } from '../http/html.ts';

export interface ConsentView {
  txn: string;
  clientName: string;
  clientId: string;
  redirectOrigin: string;
  user: { name: string; email: string };
  organizations: string[];
  scopes: { value: string; label: string }[];
  offline: boolean;
}

export function page(title: string, main: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/_sandbox/assets/sandbox.css">
</head>
<body>
<header class="bar"><strong>Zoho sandbox</strong> <span class="muted">local imitation, not Zoho</span></header>
<main>
${main}
</main>
</body>
</html>
`;
}

export function consentPage(view: ConsentView): string {
  const scopes = view.scopes.map((s) => `<li><span class="label">${esc(s.label)}</span> <code>${esc(s.value)}</code></li>`).join('\n');
  const orgs = view.organizations.map((o) => `<li>${esc(o)}</li>`).join('');
  return page(
    `Authorize ${view.clientName}`,
    `<section class="card consent">
<h1>${esc(view.clientName)} would like to access your data</h1>
<p>Signed in as <strong data-testid="signed-in-user">${esc(view.user.name)}</strong> (${esc(view.user.email)})</p>
<p>Application: <strong>${esc(view.clientName)}</strong> <code>${esc(view.clientId)}</code>, returning to <code>${esc(view.redirectOrigin)}</code></p>
<h2>Organization</h2>
<ul class="orgs">${orgs}</ul>
<h2>Requested permissions</h2>
<ul class="scopes">
${scopes}
</ul>
${view.offline ? '<p class="note">Offline access: the application may keep working with your data while you are away.</p>' : ''}
<form method="post" action="/oauth/v2/auth/consent" class="actions">
<input type="hidden" name="txn" value="${esc(view.txn)}">
<button type="submit" name="decision" value="accept" class="primary">Accept</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
</section>`,
  );
}

export function errorPage(title: string, message: string): string {
  return page(title, `<section class="card error"><h1>${esc(title)}</h1><p role="alert">${esc(message)}</p></section>`);
}
