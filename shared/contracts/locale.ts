import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod/mini loads no locale: without one, every message a schema does not spell out itself
 * (a too-long field, a wrong type, an unknown option) would read "Invalid input". The API and
 * the web form answer with zod's English messages; the modules that turn zod issues into
 * messages (parse.ts, config.ts) import this first.
 */
z.config(en());
