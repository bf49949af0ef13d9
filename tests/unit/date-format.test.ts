import { describe, expect, it } from 'vitest';
import { dateTimeFormat } from '../../shared/rules/date-format';
import { localDate } from '../../shared/rules/exam-rules';

describe('dateTimeFormat', () => {
  it('makes a formatter once per locale and options, and another for other ones', () => {
    const oslo = dateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' });
    expect(dateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' })).toBe(oslo);
    expect(dateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' })).not.toBe(oslo);
    expect(dateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' })).not.toBe(oslo);
  });

  it('formats as a formatter made for the call would, zone by zone', () => {
    const instant = '2027-03-27T23:30:00Z';
    expect(localDate(instant, 'Europe/Oslo')).toBe('2027-03-28');
    expect(localDate(instant, 'UTC')).toBe('2027-03-27');
    expect(localDate(instant, 'America/New_York')).toBe('2027-03-27');
    expect(localDate(instant, 'Europe/Oslo')).toBe('2027-03-28');
  });
});
