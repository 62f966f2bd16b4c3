import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/index.ts';
import { errorText } from '../../../src/ui/common/errorWords.ts';

describe('errorText', () => {
  it('adds the fix the ui knows for a code to the error sentence', () => {
    const text = errorText(new AppError('CSP_BLOCKED', "This app's Content Security Policy (connect-src) blocked the request to http://intranet"));
    expect(text).toMatch(/^This app's Content Security Policy .* blocked the request to http:\/\/intranet\. The browser refused to send it/);
  });

  it('keeps the sentence of a code without a fix, and words anything thrown', () => {
    expect(errorText(new AppError('CONN_NOT_FOUND', 'No connection has link name "books".'))).toBe('No connection has link name "books".');
    expect(errorText(new Error('disk full'))).toBe('disk full');
    expect(errorText('plain text')).toBe('plain text');
  });
});
