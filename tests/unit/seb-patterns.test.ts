import { describe, expect, it } from 'vitest';
import { isSebUrlPattern } from '../../shared/contracts/seb-patterns';

/** Safe Exam Browser URL filter patterns as the catalogue accepts them. */
describe('SEB URL filter patterns', () => {
  it.each([
    'https://lovdata.no/*',
    'https://*.lovdata.no/*',
    'lovdata.no',
    '*.example.edu',
    'http://git.example.edu:8443/course/*',
    '*://maps.example.com/*?lang=*',
    'https://chemdraw.example.com/app#/editor',
  ])('accepts %s', (pattern) => expect(isSebUrlPattern(pattern)).toBe(true));

  it.each([
    ['empty', ''],
    ['a space', 'https://lovdata.no/ search'],
    ['every site', '*'],
    ['every site, with a scheme', 'https://*/*'],
    ['every site in two labels', '*.*'],
    ['another scheme', 'javascript:alert(1)'],
    ['ftp', 'ftp://files.example.edu/*'],
    ['markup', 'https://x.no/"><script>'],
    ['a line break', 'https://x.no/\nhttps://y.no/'],
    ['no host', 'https:///path'],
    ['too long', `https://x.no/${'a'.repeat(300)}`],
  ])('refuses %s', (_what, pattern) => expect(isSebUrlPattern(pattern)).toBe(false));
});
