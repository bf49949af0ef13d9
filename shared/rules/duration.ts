/**
 * A duration as a person types it, in minutes: `150`, `2:30`, `2 h 30 min`, `2h30m`, `2t 30m`,
 * `2 timer 30 minutter`, `2,5 h`, `1.5 hours`, `90 min`. A bare number is minutes (what the
 * API takes). Anything else, or a minute part of 60 or more after hours, is `null`: the form
 * then says how to write it. Fractions of a minute are kept, so the schema can refuse them.
 */
const HOUR = '(?:h|hr|hrs|hours?|t|time|timer|tim)';
const MINUTE = '(?:m|min|mins|minutes?|minutt|minutter)';
const NUMBER = '(\\d+(?:[.,]\\d+)?)';
const UNITS = new RegExp(`^(?:${NUMBER}\\s*${HOUR}\\.?)?\\s*(?:og|and|&)?\\s*(?:${NUMBER}\\s*${MINUTE}\\.?)?$`, 'i');

const toNumber = (s: string) => Number(s.replace(',', '.'));

export const parseDuration = (typed: string): number | null => {
  const s = typed.trim().replace(/\s+/g, ' ');
  if (s === '') return null;
  if (/^\d+$/.test(s)) return Number(s);
  const clock = /^(\d+):(\d{2})$/.exec(s);
  if (clock) {
    const minutes = Number(clock[2]);
    return minutes < 60 ? Number(clock[1]) * 60 + minutes : null;
  }
  const units = UNITS.exec(s);
  if (!units || (units[1] === undefined && units[2] === undefined)) return null;
  const hours = units[1] === undefined ? 0 : toNumber(units[1]);
  const minutes = units[2] === undefined ? 0 : toNumber(units[2]);
  if (units[1] !== undefined && units[2] !== undefined && minutes >= 60) return null;
  return Math.round(hours * 60 * 1000) / 1000 + minutes;
};
