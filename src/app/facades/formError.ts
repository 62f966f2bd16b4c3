/** A form the app refused, with one sentence per field, so the UI can show each next to its input. */
export type FieldErrors = Partial<Record<string, string>>;

export class FormError extends Error {
  constructor(readonly fields: FieldErrors) {
    super(Object.values(fields)[0] ?? 'Check the form');
    this.name = 'FormError';
  }
}
