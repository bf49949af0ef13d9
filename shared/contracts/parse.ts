import './locale';
import * as z from 'zod/mini';
import { type FieldError, ValidationError } from '../errors';

/** Turns zod issues into field errors with dotted paths (`candidates.1.email`). */
export const toFieldErrors = (error: z.core.$ZodError): FieldError[] =>
  error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const base = issue.path.map(String).join('.');
    if (keys.length > 0) {
      return {
        path: keys.map((k) => (base ? `${base}.${k}` : k)).join(', '),
        message: `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`,
      };
    }
    return { path: base || '(body)', message: issue.message };
  });

/** Validates untrusted input against a schema, throwing a ValidationError that names every wrong field. */
export const parseInput = <S extends z.core.$ZodType>(schema: S, input: unknown): z.infer<S> => {
  const result = z.safeParse(schema, input);
  if (!result.success) throw new ValidationError(toFieldErrors(result.error));
  return result.data;
};
