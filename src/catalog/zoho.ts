import type { DataCenter, ServiceInput } from '../domain/service.ts';
import type { Category } from './categories.ts';
import { preset, scopes } from './define.ts';
import { SANDBOX_DATA_CENTER_ID, SANDBOX_DATA_CENTER_LABEL, SANDBOX_ORIGIN } from './sandbox.ts';

/**
 * Zoho's data centres (Zoho Accounts, https://www.zoho.com/accounts/protocol/oauth/multi-dc.html). `web` is the domain the
 * product hosts live under (books.zoho.eu, analyticsapi.zohocloud.ca …), `api` the zohoapis domain.
 * The UK API domain is not in the sources read and follows the pattern of the others.
 */
const ZOHO_REGIONS = [
  { id: 'us', label: 'United States (zoho.com)', web: 'zoho.com', api: 'zohoapis.com' },
  { id: 'eu', label: 'Europe (zoho.eu)', web: 'zoho.eu', api: 'zohoapis.eu' },
  { id: 'in', label: 'India (zoho.in)', web: 'zoho.in', api: 'zohoapis.in' },
  { id: 'au', label: 'Australia (zoho.com.au)', web: 'zoho.com.au', api: 'zohoapis.com.au' },
  { id: 'jp', label: 'Japan (zoho.jp)', web: 'zoho.jp', api: 'zohoapis.jp' },
  { id: 'ca', label: 'Canada (zohocloud.ca)', web: 'zohocloud.ca', api: 'zohoapis.ca' },
  { id: 'sa', label: 'Saudi Arabia (zoho.sa)', web: 'zoho.sa', api: 'zohoapis.sa' },
  { id: 'cn', label: 'China (zoho.com.cn)', web: 'zoho.com.cn', api: 'zohoapis.com.cn' },
  { id: 'uk', label: 'United Kingdom (zoho.uk)', web: 'zoho.uk', api: 'zohoapis.uk' },
] as const;

type ZohoRegion = (typeof ZOHO_REGIONS)[number];

const US = ZOHO_REGIONS[0];

export const ZOHO_DATA_CENTER_IDS = [...ZOHO_REGIONS.map((r) => r.id), SANDBOX_DATA_CENTER_ID];

interface ZohoProduct {
  linkName: string;
  name: string;
  category: Category;
  description: string;
  /** Product hosts besides www.zohoapis.*, as subdomains of the web domain (`books` → books.zoho.com). */
  productHosts: string[];
  scopes: ReadonlyArray<readonly [string, string]>;
  testRequest: ServiceInput['testRequest'];
  rateLimit?: ServiceInput['rateLimit'];
  docsUrl: string;
}

function hostsOf(region: ZohoRegion, product: ZohoProduct) {
  return {
    accounts: region.id === 'ca' ? 'https://accounts.zohocloud.ca' : `https://accounts.${region.web}`,
    api: `https://www.${region.api}`,
    product: product.productHosts.map((sub) => `https://${sub}.${region.web}`),
  };
}

/** Every US main host the product's URLs may be written against, in a fixed order. */
function usHosts(product: ZohoProduct): string[] {
  const us = hostsOf(US, product);
  return [us.api, ...us.product, us.accounts];
}

function regionDataCenter(region: ZohoRegion, product: ZohoProduct): DataCenter {
  const here = hostsOf(region, product);
  const targets = [here.api, ...here.product, here.accounts];
  const hostMap = Object.fromEntries(usHosts(product).map((host, i) => [host, targets[i] as string]));
  return { id: region.id, label: region.label, accountsOrigin: here.accounts, apiOrigins: [here.api, ...here.product], hostMap };
}

function sandboxDataCenter(product: ZohoProduct): DataCenter {
  return {
    id: SANDBOX_DATA_CENTER_ID,
    label: SANDBOX_DATA_CENTER_LABEL,
    accountsOrigin: SANDBOX_ORIGIN,
    apiOrigins: [SANDBOX_ORIGIN],
    hostMap: Object.fromEntries(usHosts(product).map((host) => [host, SANDBOX_ORIGIN])),
  };
}

const ZOHO_REACH_WHY =
  'Zoho documents code + PKCE only for mobile clients and no CORS on its token endpoint, so real data centres need a relay; the Sandbox (local) data centre runs the full flow in the browser.';

function zohoService(product: ZohoProduct): ServiceInput {
  return preset({
    linkName: product.linkName,
    name: product.name,
    category: product.category,
    description: product.description,
    authType: 'oauth2',
    oauth2: {
      clientId: '',
      clientSecretRequired: false,
      // {accounts} is the data centre's accounts server (https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html).
      authorizeUrl: '{accounts}/oauth/v2/auth',
      tokenUrl: '{accounts}/oauth/v2/token',
      refreshUrl: '{accounts}/oauth/v2/token',
      revokeUrl: '{accounts}/oauth/v2/token/revoke',
      scopes: scopes(product.scopes),
      scopeDelimiter: ',',
      pkce: true,
      // A refresh token is issued only with access_type=offline; prompt=consent issues a new one on reconnect (§1.4).
      extraAuthParams: { access_type: 'offline', prompt: 'consent' },
      tokenHeader: 'Zoho-oauthtoken {token}',
    },
    dataCenters: [...ZOHO_REGIONS.map((r) => regionDataCenter(r, product)), sandboxDataCenter(product)],
    defaultDataCenterId: US.id,
    reach: 'needs-relay',
    reachWhy: ZOHO_REACH_WHY,
    testRequest: product.testRequest,
    ...(product.rateLimit ? { rateLimit: product.rateLimit } : {}),
    docsUrl: product.docsUrl,
  });
}

const PRODUCTS: ZohoProduct[] = [
  {
    linkName: 'zoho_bigin',
    name: 'Zoho Bigin',
    category: 'CRM & Sales',
    description: 'Pipeline-centric CRM for small businesses: contacts, companies, pipelines and tasks.',
    productHosts: [],
    scopes: [
      ['ZohoBigin.modules.ALL', 'Read and write all modules'],
      ['ZohoBigin.modules.contacts.ALL', 'Read and write contacts'],
      ['ZohoBigin.modules.contacts.READ', 'Read contacts'],
      ['ZohoBigin.modules.accounts.ALL', 'Read and write companies'],
      ['ZohoBigin.modules.pipelines.ALL', 'Read and write pipelines (deals)'],
      ['ZohoBigin.modules.tasks.ALL', 'Read and write tasks'],
      ['ZohoBigin.settings.ALL', 'Read and change settings'],
      ['ZohoBigin.settings.modules.READ', 'Read module metadata'],
      ['ZohoBigin.settings.fields.ALL', 'Read and change fields'],
      ['ZohoBigin.users.READ', 'Read users'],
      ['ZohoBigin.org.read', 'Read organization details'],
      ['ZohoBigin.notifications.ALL', 'Manage instant notifications (watch)'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://www.zohoapis.com/bigin/v2/Contacts?fields=Last_Name&per_page=1',
      description: 'Lists one contact (needs a contacts or modules scope).',
    },
    docsUrl: 'https://www.bigin.com/developer/docs/apis/v2/',
  },
  {
    linkName: 'zoho_books',
    name: 'Zoho Books',
    category: 'Accounting & Payments',
    description: 'Online accounting: contacts, invoices, bills, payments and banking.',
    productHosts: ['books'],
    scopes: [
      ['ZohoBooks.fullaccess.all', 'Full access to Books'],
      ['ZohoBooks.contacts.READ', 'Read contacts'],
      ['ZohoBooks.contacts.CREATE', 'Create contacts'],
      ['ZohoBooks.contacts.UPDATE', 'Update contacts'],
      ['ZohoBooks.contacts.DELETE', 'Delete contacts'],
      ['ZohoBooks.settings.READ', 'Read settings and organizations'],
      ['ZohoBooks.invoices.READ', 'Read invoices'],
      ['ZohoBooks.invoices.CREATE', 'Create invoices'],
      ['ZohoBooks.estimates.READ', 'Read estimates'],
      ['ZohoBooks.customerpayments.READ', 'Read customer payments'],
      ['ZohoBooks.bills.READ', 'Read bills'],
      ['ZohoBooks.expenses.READ', 'Read expenses'],
      ['ZohoBooks.banking.READ', 'Read bank accounts and transactions'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://www.zohoapis.com/books/v3/organizations',
      description: 'Lists your organizations (needs ZohoBooks.settings.READ or full access).',
    },
    // Books allows about 100 requests a minute per organization; the limit is counted per organization.
    rateLimit: { requests: 100, perMs: 60_000, key: 'organization' },
    docsUrl: 'https://www.zoho.com/books/api/v3/',
  },
  {
    linkName: 'zoho_crm',
    name: 'Zoho CRM',
    category: 'CRM & Sales',
    description: 'Leads, contacts, accounts, deals and activities in Zoho CRM.',
    productHosts: [],
    scopes: [
      ['ZohoCRM.modules.ALL', 'Read and write all modules'],
      ['ZohoCRM.modules.leads.ALL', 'Read and write leads'],
      ['ZohoCRM.modules.contacts.ALL', 'Read and write contacts'],
      ['ZohoCRM.modules.accounts.ALL', 'Read and write accounts'],
      ['ZohoCRM.modules.deals.ALL', 'Read and write deals'],
      ['ZohoCRM.modules.READ', 'Read all modules'],
      ['ZohoCRM.settings.ALL', 'Read and change settings'],
      ['ZohoCRM.settings.modules.READ', 'Read module metadata'],
      ['ZohoCRM.users.READ', 'Read users'],
      ['ZohoCRM.org.READ', 'Read organization details'],
      ['ZohoCRM.coql.READ', 'Run COQL queries'],
      ['ZohoCRM.notifications.ALL', 'Manage instant notifications (watch)'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://www.zohoapis.com/crm/v8/users?type=CurrentUser',
      description: 'Reads the signed-in user (needs ZohoCRM.users.READ).',
    },
    docsUrl: 'https://www.zoho.com/crm/developer/docs/api/v8/',
  },
  {
    linkName: 'zoho_desk',
    name: 'Zoho Desk',
    category: 'Customer Support',
    description: 'Help desk tickets, contacts, agents and knowledge base.',
    productHosts: ['desk'],
    scopes: [
      ['Desk.tickets.ALL', 'Read and write tickets'],
      ['Desk.tickets.READ', 'Read tickets'],
      ['Desk.tickets.CREATE', 'Create tickets'],
      ['Desk.tickets.UPDATE', 'Update tickets'],
      ['Desk.contacts.READ', 'Read contacts and accounts'],
      ['Desk.contacts.WRITE', 'Write contacts and accounts'],
      ['Desk.basic.READ', 'Read organizations, departments and agents'],
      ['Desk.settings.READ', 'Read settings'],
      ['Desk.search.READ', 'Search'],
      ['Desk.tasks.ALL', 'Read and write tasks'],
      ['Desk.articles.READ', 'Read knowledge base articles'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://desk.zoho.com/api/v1/organizations',
      description: 'Lists your help desk organizations (needs Desk.basic.READ).',
    },
    docsUrl: 'https://desk.zoho.com/DeskAPIDocument',
  },
  {
    linkName: 'zoho_projects',
    name: 'Zoho Projects',
    category: 'Project Management',
    description: 'Portals, projects, tasks, milestones, issues and timesheets.',
    productHosts: ['projectsapi'],
    scopes: [
      ['ZohoProjects.portals.READ', 'Read portals'],
      ['ZohoProjects.projects.ALL', 'Read and write projects'],
      ['ZohoProjects.projects.READ', 'Read projects'],
      ['ZohoProjects.tasks.ALL', 'Read and write tasks'],
      ['ZohoProjects.tasks.READ', 'Read tasks'],
      ['ZohoProjects.milestones.ALL', 'Read and write milestones'],
      ['ZohoProjects.bugs.ALL', 'Read and write issues'],
      ['ZohoProjects.timesheets.ALL', 'Read and write time logs'],
      ['ZohoProjects.users.READ', 'Read users'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://projectsapi.zoho.com/restapi/portals/',
      description: 'Lists your portals (needs ZohoProjects.portals.READ).',
    },
    docsUrl: 'https://www.zoho.com/projects/help/rest-api/zohoprojectsapi.html',
  },
  {
    linkName: 'zoho_mail',
    name: 'Zoho Mail',
    category: 'Email & Messaging',
    description: 'Mail accounts, folders and messages; send and read email.',
    productHosts: ['mail'],
    scopes: [
      ['ZohoMail.accounts.READ', 'Read mail accounts'],
      ['ZohoMail.messages.ALL', 'Read, send and change messages'],
      ['ZohoMail.messages.READ', 'Read messages'],
      ['ZohoMail.messages.CREATE', 'Send messages'],
      ['ZohoMail.folders.ALL', 'Read and manage folders'],
      ['ZohoMail.tags.ALL', 'Read and manage labels'],
      ['ZohoMail.organization.accounts.READ', 'Read organization mail accounts (admin)'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://mail.zoho.com/api/accounts',
      description: 'Lists your mail accounts (needs ZohoMail.accounts.READ).',
    },
    docsUrl: 'https://www.zoho.com/mail/help/api/',
  },
  {
    linkName: 'zoho_invoice',
    name: 'Zoho Invoice',
    category: 'Accounting & Payments',
    description: 'Invoices, estimates, customers and payments.',
    productHosts: ['invoice'],
    scopes: [
      ['ZohoInvoice.contacts.READ', 'Read customers'],
      ['ZohoInvoice.contacts.CREATE', 'Create customers'],
      ['ZohoInvoice.contacts.UPDATE', 'Update customers'],
      ['ZohoInvoice.invoices.READ', 'Read invoices'],
      ['ZohoInvoice.invoices.CREATE', 'Create invoices'],
      ['ZohoInvoice.invoices.UPDATE', 'Update invoices'],
      ['ZohoInvoice.estimates.READ', 'Read estimates'],
      ['ZohoInvoice.customerpayments.READ', 'Read payments'],
      ['ZohoInvoice.settings.READ', 'Read settings and organizations'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://www.zohoapis.com/invoice/v3/organizations',
      description: 'Lists your organizations (needs ZohoInvoice.settings.READ).',
    },
    docsUrl: 'https://www.zoho.com/invoice/api/v3/',
  },
  {
    linkName: 'zoho_inventory',
    name: 'Zoho Inventory',
    category: 'Accounting & Payments',
    description: 'Items, stock, sales orders, purchase orders and shipments.',
    productHosts: ['inventory'],
    scopes: [
      ['ZohoInventory.items.READ', 'Read items'],
      ['ZohoInventory.items.CREATE', 'Create items'],
      ['ZohoInventory.items.UPDATE', 'Update items'],
      ['ZohoInventory.salesorders.READ', 'Read sales orders'],
      ['ZohoInventory.salesorders.CREATE', 'Create sales orders'],
      ['ZohoInventory.purchaseorders.READ', 'Read purchase orders'],
      ['ZohoInventory.contacts.READ', 'Read contacts'],
      ['ZohoInventory.settings.READ', 'Read settings and organizations'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://www.zohoapis.com/inventory/v1/organizations',
      description: 'Lists your organizations (needs ZohoInventory.settings.READ).',
    },
    // Same per-organization limit as its sibling Books: about 100 requests a minute.
    rateLimit: { requests: 100, perMs: 60_000, key: 'organization' },
    docsUrl: 'https://www.zoho.com/inventory/api/v1/',
  },
  {
    linkName: 'zoho_people',
    name: 'Zoho People',
    category: 'HR & Recruiting',
    description: 'Employee records, forms, attendance, leave and time tracking.',
    productHosts: ['people'],
    scopes: [
      ['ZOHOPEOPLE.forms.ALL', 'Read and write form records'],
      ['ZOHOPEOPLE.forms.READ', 'Read form records'],
      ['ZOHOPEOPLE.employee.ALL', 'Read and write employee records'],
      ['ZOHOPEOPLE.attendance.ALL', 'Read and write attendance'],
      ['ZOHOPEOPLE.leave.ALL', 'Read and write leave'],
      ['ZOHOPEOPLE.timetracker.ALL', 'Read and write time logs'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://people.zoho.com/people/api/forms',
      description: 'Lists the forms you can access (needs ZOHOPEOPLE.forms.READ).',
    },
    docsUrl: 'https://www.zoho.com/people/api/overview.html',
  },
  {
    linkName: 'zoho_creator',
    name: 'Zoho Creator',
    category: 'Productivity',
    description: 'Low-code apps: forms, reports and records.',
    productHosts: ['creator'],
    scopes: [
      ['ZohoCreator.dashboard.READ', 'List your applications'],
      ['ZohoCreator.meta.application.READ', 'Read the forms and reports of applications'],
      ['ZohoCreator.meta.form.READ', 'Read form fields'],
      ['ZohoCreator.report.READ', 'Read report records'],
      ['ZohoCreator.report.CREATE', 'Add records through reports'],
      ['ZohoCreator.report.UPDATE', 'Update report records'],
      ['ZohoCreator.report.DELETE', 'Delete report records'],
      ['ZohoCreator.form.CREATE', 'Add records through forms'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://www.zohoapis.com/creator/v2.1/meta/applications',
      description: 'Lists your applications (needs ZohoCreator.dashboard.READ).',
    },
    docsUrl: 'https://www.zoho.com/creator/help/api/v2.1/',
  },
  {
    linkName: 'zoho_sheet',
    name: 'Zoho Sheet',
    category: 'Productivity',
    description: 'Spreadsheets: workbooks, worksheets, rows and cells.',
    productHosts: ['sheet'],
    scopes: [
      ['ZohoSheet.dataAPI.READ', 'Read workbooks'],
      ['ZohoSheet.dataAPI.UPDATE', 'Create and change workbooks'],
    ],
    testRequest: {
      method: 'POST',
      url: 'https://sheet.zoho.com/api/v2/workbooks?method=workbook.list',
      description: 'Lists your workbooks (Sheet methods are POSTs; needs ZohoSheet.dataAPI.READ).',
    },
    docsUrl: 'https://www.zoho.com/sheet/help/api/v2/',
  },
  {
    linkName: 'zoho_workdrive',
    name: 'Zoho WorkDrive',
    category: 'Files & Documents',
    description: 'Team folders, files and sharing.',
    productHosts: ['workdrive'],
    scopes: [
      ['WorkDrive.users.READ', 'Read users'],
      ['WorkDrive.team.READ', 'Read team details'],
      ['WorkDrive.workspace.ALL', 'Read and manage team folders'],
      ['WorkDrive.files.ALL', 'Read, upload and change files'],
      ['WorkDrive.files.READ', 'Read files'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://www.zohoapis.com/workdrive/api/v1/users/me',
      description: 'Reads the signed-in user (needs WorkDrive.users.READ).',
    },
    docsUrl: 'https://www.zoho.com/workdrive/developer/docs/api/v1/',
  },
  {
    linkName: 'zoho_sign',
    name: 'Zoho Sign',
    category: 'Files & Documents',
    description: 'Send documents for signature and track signing requests.',
    productHosts: ['sign'],
    scopes: [
      ['ZohoSign.documents.ALL', 'Send and manage signing requests'],
      ['ZohoSign.documents.READ', 'Read signing requests'],
      ['ZohoSign.templates.ALL', 'Read and manage templates'],
      ['ZohoSign.account.READ', 'Read account details'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://sign.zoho.com/api/v1/requests',
      description: 'Lists your signing requests (needs ZohoSign.documents.READ).',
    },
    docsUrl: 'https://www.zoho.com/sign/api/',
  },
  {
    linkName: 'zoho_campaigns',
    name: 'Zoho Campaigns',
    category: 'Marketing',
    description: 'Email campaigns, mailing lists and subscribers.',
    productHosts: ['campaigns'],
    scopes: [
      ['ZohoCampaigns.campaign.ALL', 'Create and send campaigns'],
      ['ZohoCampaigns.campaign.READ', 'Read campaigns and reports'],
      ['ZohoCampaigns.contact.ALL', 'Manage mailing lists and subscribers'],
      ['ZohoCampaigns.contact.READ', 'Read mailing lists and subscribers'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://campaigns.zoho.com/api/v1.1/getmailinglists?resfmt=JSON&range=1',
      description: 'Lists one mailing list (needs ZohoCampaigns.contact.READ).',
    },
    docsUrl: 'https://www.zoho.com/campaigns/help/developers/',
  },
  {
    linkName: 'zoho_cliq',
    name: 'Zoho Cliq',
    category: 'Email & Messaging',
    description: 'Team chat: channels, messages, bots and webhooks.',
    productHosts: ['cliq'],
    scopes: [
      ['ZohoCliq.Channels.READ', 'Read channels'],
      ['ZohoCliq.Channels.ALL', 'Read and manage channels'],
      ['ZohoCliq.Messages.READ', 'Read messages'],
      ['ZohoCliq.Webhooks.CREATE', 'Post messages through webhooks'],
      ['ZohoCliq.Chats.READ', 'Read chats'],
      ['ZohoCliq.Users.READ', 'Read users'],
      ['ZohoCliq.Buddies.READ', 'Read contacts'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://cliq.zoho.com/api/v2/channels?limit=1',
      description: 'Lists one channel (needs ZohoCliq.Channels.READ).',
    },
    docsUrl: 'https://www.zoho.com/cliq/help/restapi/v2/',
  },
  {
    linkName: 'zoho_recruit',
    name: 'Zoho Recruit',
    category: 'HR & Recruiting',
    description: 'Candidates, job openings, interviews and clients.',
    productHosts: ['recruit'],
    scopes: [
      ['ZohoRecruit.modules.ALL', 'Read and write all modules'],
      ['ZohoRecruit.settings.ALL', 'Read and change settings'],
      ['ZohoRecruit.users.ALL', 'Read users'],
      ['ZohoRecruit.org.ALL', 'Read organization details'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://recruit.zoho.com/recruit/v2/users?type=CurrentUser',
      description: 'Reads the signed-in user (needs ZohoRecruit.users.ALL).',
    },
    docsUrl: 'https://www.zoho.com/recruit/developer-guide/apiv2/',
  },
  {
    linkName: 'zoho_expense',
    name: 'Zoho Expense',
    category: 'Accounting & Payments',
    description: 'Expenses, expense reports, trips and advances.',
    productHosts: ['expense'],
    scopes: [
      ['ZohoExpense.expense.READ', 'Read expenses'],
      ['ZohoExpense.expense.ALL', 'Read and write expenses'],
      ['ZohoExpense.expensereport.ALL', 'Read and write expense reports'],
      ['ZohoExpense.trip.ALL', 'Read and write trips'],
      ['ZohoExpense.settings.READ', 'Read settings and organizations'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://www.zohoapis.com/expense/v1/organizations',
      description: 'Lists your organizations (needs ZohoExpense.settings.READ).',
    },
    docsUrl: 'https://www.zoho.com/expense/api/v1/',
  },
  {
    linkName: 'zoho_analytics',
    name: 'Zoho Analytics',
    category: 'Analytics',
    description: 'Workspaces, tables, reports and data import/export.',
    productHosts: ['analyticsapi'],
    scopes: [
      ['ZohoAnalytics.metadata.read', 'Read organizations, workspaces and views'],
      ['ZohoAnalytics.data.read', 'Export data'],
      ['ZohoAnalytics.data.all', 'Import, export and change data'],
      ['ZohoAnalytics.modeling.create', 'Create tables and reports'],
      ['ZohoAnalytics.share.create', 'Share views'],
      ['ZohoAnalytics.usermanagement.all', 'Manage users'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://analyticsapi.zoho.com/restapi/v2/orgs',
      description: 'Lists your organizations (needs ZohoAnalytics.metadata.read).',
    },
    docsUrl: 'https://www.zoho.com/analytics/api/v2/',
  },
  {
    linkName: 'zoho_billing',
    name: 'Zoho Billing',
    category: 'Accounting & Payments',
    description: 'Subscriptions, plans, customers and recurring invoices.',
    productHosts: [],
    scopes: [
      ['ZohoSubscriptions.customers.READ', 'Read customers'],
      ['ZohoSubscriptions.customers.CREATE', 'Create customers'],
      ['ZohoSubscriptions.subscriptions.READ', 'Read subscriptions'],
      ['ZohoSubscriptions.subscriptions.CREATE', 'Create subscriptions'],
      ['ZohoSubscriptions.plans.READ', 'Read plans'],
      ['ZohoSubscriptions.invoices.READ', 'Read invoices'],
      ['ZohoSubscriptions.settings.READ', 'Read settings and organizations'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://www.zohoapis.com/billing/v1/organizations',
      description: 'Lists your organizations (needs ZohoSubscriptions.settings.READ).',
    },
    docsUrl: 'https://www.zoho.com/billing/api/v1/',
  },
  {
    linkName: 'zoho_salesiq',
    name: 'Zoho SalesIQ',
    category: 'Customer Support',
    description: 'Live chat: visitors, conversations, operators and bots.',
    productHosts: ['salesiq'],
    scopes: [
      ['SalesIQ.portals.READ', 'Read portals'],
      ['SalesIQ.conversations.READ', 'Read conversations'],
      ['SalesIQ.conversations.CREATE', 'Start conversations'],
      ['SalesIQ.visitors.READ', 'Read visitors'],
      ['SalesIQ.operators.READ', 'Read operators'],
    ],
    testRequest: {
      method: 'GET',
      url: 'https://salesiq.zoho.com/api/v2/portals',
      description: 'Lists your portals (needs SalesIQ.portals.READ).',
    },
    docsUrl: 'https://www.zoho.com/salesiq/help/developer-section/rest-api-v2.html',
  },
];

export const ZOHO_SERVICES: ServiceInput[] = PRODUCTS.map(zohoService);
