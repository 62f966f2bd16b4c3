import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LINK_NAME_MAX, LinkName, generateLinkName, linkNameProblem, slugifyLinkName, uniqueLinkName } from '../../../src/domain/index.ts';

describe('link names', () => {
  it('generates from the connection name as Zoho does', () => {
    expect(generateLinkName('Bigin Connection', [])).toBe('bigin_connection');
    expect(generateLinkName('Zoho Books — EU!', [])).toBe('zoho_books_eu');
    expect(generateLinkName('Crème brûlée', [])).toBe('creme_brulee');
    expect(generateLinkName('123 go', [])).toBe('go');
    expect(generateLinkName('!!!', [])).toBe('connection');
  });

  it('stays unique with _2, _3 … suffixes', () => {
    expect(generateLinkName('Bigin Connection', ['bigin_connection'])).toBe('bigin_connection_2');
    expect(generateLinkName('Bigin Connection', ['bigin_connection', 'bigin_connection_2'])).toBe('bigin_connection_3');
  });

  it('trims a long base so the suffix still fits in 50 characters', () => {
    const base = 'a'.repeat(LINK_NAME_MAX);
    const next = uniqueLinkName(base, [base]);
    expect(next).toHaveLength(LINK_NAME_MAX);
    expect(next.endsWith('_2')).toBe(true);
  });

  it('rejects what Zoho rejects, with a reason', () => {
    expect(linkNameProblem('bigin_connection')).toBeNull();
    expect(linkNameProblem('')).toBe('Link name is required');
    expect(linkNameProblem('1abc')).toMatch(/start with a lower-case letter/);
    expect(linkNameProblem('Bigin')).toMatch(/lower-case/);
    expect(linkNameProblem('a-b')).toMatch(/only a–z, 0–9 and "_"/);
    expect(linkNameProblem('a'.repeat(51))).toMatch(/at most 50/);
  });

  it('always produces a valid, unique name for any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.array(fc.string(), { maxLength: 5 }), (name, taken) => {
        const slug = slugifyLinkName(name);
        const result = generateLinkName(name, [slug, ...taken]);
        expect(LinkName.safeParse(result).success).toBe(true);
        expect(result).not.toBe(slug);
      }),
    );
  });
});
