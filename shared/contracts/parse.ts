import './locale';
import * as z from 'zod/mini';
import { ValidationError } from '../errors';
import type { FieldError } from './problem';
import { type FieldErrorCode, isFieldErrorCode } from './problem-codes';

const ZOD_CODES: Partial<Record<z.core.$ZodIssue['code'], FieldErrorCode>> = {
  invalid_type: 'invalid_type',
  too_small: 'too_small',
  too_big: 'too_big',
  invalid_format: 'invalid_format',
  invalid_value: 'invalid_value',
  invalid_union: 'invalid_value',
  invalid_key: 'invalid_value',
  invalid_element: 'invalid_value',
  not_multiple_of: 'invalid_value',
  unrecognized_keys: 'unrecognized_key',
  custom: 'custom',
};

/**
 * The code of a zod issue. A value that is missing is `required` whatever check refused it,
 * as is empty text; this needs the issue's input, which zod reports when asked (`reportInput`,
 * as `checkInput` parses). A `custom` check may name its own code in `params.code`.
 */
const codeOf = (issue: z.core.$ZodIssue): FieldErrorCode => {
  if (issue.code === 'custom') return isFieldErrorCode(issue.params?.code) ? issue.params.code : 'custom';
  if (issue.code !== 'unrecognized_keys' && 'input' in issue && issue.input === undefined) return 'required';
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return 'required';
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'not_integer';
  return ZOD_CODES[issue.code] ?? 'custom';
};

/** The limit or format an issue names, for clients that word the error themselves. */
const paramsOf = (issue: z.core.$ZodIssue, code: FieldErrorCode): FieldError['params'] => {
  if (code === 'too_small' && issue.code === 'too_small') return { minimum: Number(issue.minimum), origin: issue.origin };
  if (code === 'too_big' && issue.code === 'too_big') return { maximum: Number(issue.maximum), origin: issue.origin };
  if (code === 'invalid_format' && issue.code === 'invalid_format') return { format: issue.format };
  return undefined;
};

/** Turns zod issues into field errors with dotted paths (`candidates.1.email`) and codes. */
export const toFieldErrors = (error: z.core.$ZodError): FieldError[] =>
  error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const base = issue.path.map(String).join('.');
    const code = codeOf(issue);
    if (keys.length > 0) {
      return {
        path: keys.map((k) => (base ? `${base}.${k}` : k)).join(', '),
        code,
        message: `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`,
      };
    }
    const params = paramsOf(issue, code);
    return { path: base || '(body)', code, message: issue.message, ...(params ? { params } : {}) };
  });

/** Validates untrusted input against a schema: the data, or a field error for every wrong field. */
export const checkInput = <S extends z.core.$ZodType>(schema: S, input: unknown): { success: true; data: z.infer<S> } | { success: false; errors: FieldError[] } => {
  const result = z.safeParse(schema, input, { reportInput: true });
  return result.success ? { success: true, data: result.data } : { success: false, errors: toFieldErrors(result.error) };
};

/** Validates untrusted input against a schema, throwing a ValidationError that names every wrong field. */
export const parseInput = <S extends z.core.$ZodType>(schema: S, input: unknown): z.infer<S> => {
  const result = checkInput(schema, input);
  if (!result.success) throw new ValidationError(result.errors);
  return result.data;
};
