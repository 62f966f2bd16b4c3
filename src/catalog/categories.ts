/** Filter groups on the Default Services tab; every catalog entry names exactly one. */
export const CATEGORIES = [
  'CRM & Sales',
  'Accounting & Payments',
  'E-commerce',
  'Customer Support',
  'Project Management',
  'Files & Documents',
  'Email & Messaging',
  'Marketing',
  'Developer Tools',
  'Productivity',
  'HR & Recruiting',
  'Forms & Scheduling',
  'Analytics',
  'AI',
  'Social & Media',
] as const;

export type Category = (typeof CATEGORIES)[number];
