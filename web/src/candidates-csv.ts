import Papa from 'papaparse';
import { checkInput } from '../../shared/contracts/parse';
import type { FieldError } from '../../shared/contracts/problem';
import { type Candidate, CandidateSchema, MAX_CANDIDATES } from '../../shared/contracts/student-notices';
import { inMailDomains, outsideDomainsMessage } from '../../shared/rules/mail-domains';

/**
 * A candidate list as staff paste it from a spreadsheet or export it from the student system:
 * CSV or tab-separated, with `,` `;` tab or `|` between the columns (papaparse guesses which),
 * with or without a header row, the e-mail and name columns in any order. Each row is checked
 * with the schema the API checks a candidate with, and the students' mail domains the API
 * applies, so what the preview accepts the API accepts. Loaded on demand (papaparse stays out
 * of the main bundle).
 */

/** A row that cannot be a candidate: its line in the text, and why (field errors, as the API words them). */
export interface BadRow {
  line: number;
  errors: FieldError[];
}

export interface CandidateParse {
  /** The delimiter found (`,` `;` `\t` `|`), or null for a single column. */
  delimiter: string | null;
  /** Whether the first row was taken as a header. */
  header: boolean;
  /** The column numbers (from 0) read as the e-mail and the name; null: none found. */
  columns: { email: number | null; name: number | 'first-last' | null };
  /** Data rows read (empty lines are skipped). */
  rows: number;
  /** The valid candidates, in order, with the line each came from. */
  candidates: Candidate[];
  lines: number[];
  bad: BadRow[];
  /** Lines whose address repeats an earlier one (any case): counted once. */
  duplicates: number[];
  /** More valid candidates than an exam may have. */
  tooMany: boolean;
}

/** A header cell reduced to its letters: `E-post` → `epost`, `Full name` → `fullname`. */
const key = (cell: string) => cell.toLowerCase().replace(/[^a-zæøå]/g, '');
const EMAIL_HEADERS = /^(e?mail|epost)(adresse|address)?$|^(student|kandidat)?(e?mail|epost)/;
const NAME_HEADERS = new Set(['name', 'navn', 'fullname', 'fulltnavn', 'studentname', 'studentnavn', 'candidate', 'kandidat', 'student']);
const FIRST_HEADERS = new Set(['firstname', 'fornavn', 'givenname']);
const LAST_HEADERS = new Set(['lastname', 'etternavn', 'surname', 'familyname']);

const hasAt = (cell: string) => cell.includes('@');

/** Reads rows, each with the line of the text it starts on (quoted cells may span lines). */
const readRows = (text: string): { rows: string[][]; lines: number[]; delimiter: string } => {
  const rows: string[][] = [];
  const lines: number[] = [];
  let pos = 0;
  let line = 1;
  let delimiter = ',';
  Papa.parse<string[]>(text, {
    delimiter: '',
    delimitersToGuess: [',', ';', '\t', '|'],
    skipEmptyLines: 'greedy',
    step: (result) => {
      // The row starts at the first character after the previous row that is not white space.
      let start = pos;
      while (start < text.length && /\s/.test(text[start] as string)) start += 1;
      for (let i = pos; i < start; i += 1) if (text[i] === '\n') line += 1;
      lines.push(line);
      for (let i = start; i < result.meta.cursor && i < text.length; i += 1) if (text[i] === '\n') line += 1;
      pos = Math.max(start, result.meta.cursor);
      rows.push(result.data.map((c) => c.trim()));
      delimiter = result.meta.delimiter;
    },
  });
  return { rows, lines, delimiter };
};

/** The column most of whose cells hold an address. */
const addressColumn = (rows: string[][]): number | null => {
  const counts: number[] = [];
  for (const row of rows.slice(0, 200)) row.forEach((cell, i) => (counts[i] = (counts[i] ?? 0) + (hasAt(cell) ? 1 : 0)));
  const best = counts.reduce<number | null>((b, n, i) => (n > 0 && (b === null || n > (counts[b] ?? 0)) ? i : b), null);
  return best;
};

/** Without a header: the first other column that holds text (not numbers, such as a student number). */
const textColumn = (rows: string[][], except: number | null): number | null => {
  const width = Math.max(0, ...rows.slice(0, 200).map((r) => r.length));
  for (let i = 0; i < width; i += 1) {
    if (i === except) continue;
    const cells = rows.slice(0, 200).map((r) => r[i] ?? '');
    const filled = cells.filter((c) => c !== '');
    if (filled.length > cells.length / 2 && filled.some((c) => /\p{L}/u.test(c) && !hasAt(c))) return i;
  }
  return null;
};

export const parseCandidates = (text: string, studentDomains: readonly string[]): CandidateParse => {
  const { rows, lines, delimiter } = readRows(text);
  const first = rows[0] ?? [];
  const keys = first.map(key);
  const header =
    first.length > 0 && !first.some(hasAt) && (keys.some((k) => EMAIL_HEADERS.test(k) || NAME_HEADERS.has(k)) || rows.slice(1).some((r) => r.some(hasAt)));
  const data = header ? rows.slice(1) : rows;
  const dataLines = header ? lines.slice(1) : lines;

  let email: number | null = header ? keys.findIndex((k) => EMAIL_HEADERS.test(k)) : -1;
  if (email === -1) email = addressColumn(data);
  let name: number | 'first-last' | null = null;
  if (header) {
    const byName = keys.findIndex((k, i) => i !== email && NAME_HEADERS.has(k));
    const firstName = keys.findIndex((k) => FIRST_HEADERS.has(k));
    const lastName = keys.findIndex((k) => LAST_HEADERS.has(k));
    name = byName !== -1 ? byName : firstName !== -1 && lastName !== -1 ? 'first-last' : firstName !== -1 ? firstName : lastName !== -1 ? lastName : null;
  } else {
    name = textColumn(data, email);
  }
  const firstName = keys.findIndex((k) => FIRST_HEADERS.has(k));
  const lastName = keys.findIndex((k) => LAST_HEADERS.has(k));
  const nameOf = (row: string[]) => (name === 'first-last' ? [row[firstName], row[lastName]].filter(Boolean).join(' ') : name === null ? '' : (row[name] ?? ''));

  const candidates: Candidate[] = [];
  const goodLines: number[] = [];
  const bad: BadRow[] = [];
  const duplicates: number[] = [];
  const seen = new Set<string>();
  data.forEach((row, i) => {
    const line = dataLines[i] ?? 0;
    const n = nameOf(row);
    const address = email === null ? '' : (row[email] ?? '');
    const checked = checkInput(CandidateSchema, { email: address, ...(n ? { name: n } : {}) });
    if (!checked.success) {
      // An empty cell is a missing address, not a malformed one.
      const errors = checked.errors.map((e): FieldError =>
        e.path === 'email' && address === '' ? { path: 'email', code: 'required', message: 'E-mail address is required' } : e,
      );
      bad.push({ line, errors });
      return;
    }
    if (!inMailDomains(checked.data.email, studentDomains)) {
      bad.push({
        line,
        errors: [{ path: 'email', code: 'OUTSIDE_MAIL_DOMAINS', message: outsideDomainsMessage(studentDomains), params: { domains: studentDomains.join(', ') } }],
      });
      return;
    }
    const folded = checked.data.email.toLowerCase();
    if (seen.has(folded)) {
      duplicates.push(line);
      return;
    }
    seen.add(folded);
    candidates.push(checked.data);
    goodLines.push(line);
  });
  return {
    delimiter: rows.some((r) => r.length > 1) ? delimiter : null,
    header,
    columns: { email, name },
    rows: data.length,
    candidates,
    lines: goodLines,
    bad,
    duplicates,
    tooMany: candidates.length > MAX_CANDIDATES,
  };
};

/** Reads a file the user chose as text: UTF-8, or Windows-1252 when it is not valid UTF-8 (older spreadsheet exports). */
export const readCsvFile = async (file: Blob): Promise<string> => {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
};
