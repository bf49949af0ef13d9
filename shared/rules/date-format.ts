/**
 * Intl.DateTimeFormat instances, made once per locale and options: making one costs far more
 * than formatting with it (ICU loads the zone and the locale's patterns), and the queue dates
 * every entry it filters, a letter run every letter it renders.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

/** The formatter for a locale and options; the same object for the same arguments. */
export const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
};
