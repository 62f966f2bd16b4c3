import type { TriggerModule } from './workflow.ts';

export type FieldType = 'text' | 'email' | 'phone' | 'number' | 'boolean' | 'datetime' | 'lookup' | 'list';

export interface ModuleField {
  apiName: string;
  label: string;
  type: FieldType;
}

const f = (apiName: string, label: string, type: FieldType = 'text'): ModuleField => ({ apiName, label, type });

/** Bigin module field lists (https://www.bigin.com/developer/docs/apis/v2/get-records.html). "Accounts" is shown as Companies in Bigin. */
export const MODULES: Record<TriggerModule, { label: string; fields: ModuleField[] }> = {
  Contacts: {
    label: 'Contacts',
    fields: [
      f('id', 'Record ID'),
      f('First_Name', 'First Name'),
      f('Last_Name', 'Last Name'),
      f('Full_Name', 'Full Name'),
      f('Email', 'Email', 'email'),
      f('Secondary_Email', 'Secondary Email', 'email'),
      f('Phone', 'Phone', 'phone'),
      f('Mobile', 'Mobile', 'phone'),
      f('Title', 'Title'),
      f('Description', 'Description'),
      f('Email_Opt_Out', 'Email Opt Out', 'boolean'),
      f('Account_Name', 'Company Name', 'lookup'),
      f('Owner', 'Owner', 'lookup'),
      f('Mailing_Street', 'Mailing Street'),
      f('Mailing_City', 'Mailing City'),
      f('Mailing_State', 'Mailing State'),
      f('Mailing_Zip', 'Mailing Zip'),
      f('Mailing_Country', 'Mailing Country'),
      f('Created_Time', 'Created Time', 'datetime'),
      f('Modified_Time', 'Modified Time', 'datetime'),
      f('Last_Activity_Time', 'Last Activity Time', 'datetime'),
      f('Tag', 'Tag', 'list'),
    ],
  },
  Accounts: {
    label: 'Companies',
    fields: [
      f('id', 'Record ID'),
      f('Account_Name', 'Company Name'),
      f('Phone', 'Phone', 'phone'),
      f('Website', 'Website'),
      f('Description', 'Description'),
      f('Billing_City', 'Billing City'),
      f('Billing_Country', 'Billing Country'),
      f('Owner', 'Owner', 'lookup'),
      f('Created_Time', 'Created Time', 'datetime'),
      f('Modified_Time', 'Modified Time', 'datetime'),
    ],
  },
  Pipelines: {
    label: 'Pipelines',
    fields: [
      f('id', 'Record ID'),
      f('Deal_Name', 'Deal Name'),
      f('Amount', 'Amount', 'number'),
      f('Stage', 'Stage'),
      f('Closing_Date', 'Closing Date', 'datetime'),
      f('Contact_Name', 'Contact Name', 'lookup'),
      f('Account_Name', 'Company Name', 'lookup'),
      f('Owner', 'Owner', 'lookup'),
      f('Created_Time', 'Created Time', 'datetime'),
      f('Modified_Time', 'Modified Time', 'datetime'),
    ],
  },
  Tasks: {
    label: 'Tasks',
    fields: [
      f('id', 'Record ID'),
      f('Subject', 'Subject'),
      f('Due_Date', 'Due Date', 'datetime'),
      f('Status', 'Status'),
      f('Priority', 'Priority'),
      f('Owner', 'Owner', 'lookup'),
      f('Created_Time', 'Created Time', 'datetime'),
      f('Modified_Time', 'Modified Time', 'datetime'),
    ],
  },
  Products: {
    label: 'Products',
    fields: [
      f('id', 'Record ID'),
      f('Product_Name', 'Product Name'),
      f('Product_Code', 'Product Code'),
      f('Unit_Price', 'Unit Price', 'number'),
      f('Product_Active', 'Product Active', 'boolean'),
      f('Created_Time', 'Created Time', 'datetime'),
      f('Modified_Time', 'Modified Time', 'datetime'),
    ],
  },
};

export function moduleFields(module: TriggerModule): ModuleField[] {
  return MODULES[module].fields;
}
