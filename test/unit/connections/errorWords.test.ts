import { describe, expect, it } from 'vitest';
import { errorWords, logEntryCode } from '../../../src/ui/common/errorWords.ts';

describe('words for a request the CSP blocked', () => {
  it('names the fix after the fact, and never blames the network', () => {
    const words = errorWords({
      code: 'CSP_BLOCKED',
      message: "This app's Content Security Policy (connect-src) blocked the request to http://[::1]:8080",
    });
    expect(words).toMatch(/blocked the request to http:\/\/\[::1\]:8080\. The browser refused to send it/);
    expect(words).toContain('http://localhost or http://127.0.0.1');
    expect(words).not.toMatch(/check (the address and )?your network/i);
  });

  it('leaves other errors as they are', () => {
    expect(errorWords({ code: 'HTTP_NETWORK', message: 'No answer' })).toBe('No answer');
    expect(errorWords({ message: 'Plain' })).toBe('Plain');
  });

  it('finds the code in a run log entry: an http error or an error entry', () => {
    expect(logEntryCode({ error: { code: 'CSP_BLOCKED', message: 'x' } })).toBe('CSP_BLOCKED');
    expect(logEntryCode({ code: 'CSP_BLOCKED' })).toBe('CSP_BLOCKED');
    expect(logEntryCode({ error: { code: 'HTTP_NETWORK' } })).toBeUndefined();
    expect(logEntryCode('text')).toBeUndefined();
  });
});
