import { expect } from 'vitest';
import { ValidationError } from '../../../shared/errors';

/** The error a promise rejects with, checked to be of `type` (a promise that resolves fails the test). */
export const rejectionOf = async <C extends abstract new (...args: never[]) => unknown>(promise: Promise<unknown>, type: C): Promise<InstanceType<C>> => {
  const outcome = await promise.then(
    (value) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error(`expected a ${type.name}, but it resolved with ${JSON.stringify(outcome.value)?.slice(0, 200)}`);
  expect(outcome.error).toBeInstanceOf(type);
  return outcome.error as InstanceType<C>;
};

/** The field paths a ValidationError names. */
export const invalidFields = async (promise: Promise<unknown>): Promise<string[]> => (await rejectionOf(promise, ValidationError)).errors.map((e) => e.path);

/** Runs racing calls to the end: exactly one succeeds, and every other fails with `type`. */
export const exactlyOneWins = async (calls: Promise<unknown>[], type: abstract new (...args: never[]) => unknown): Promise<void> => {
  const results = await Promise.allSettled(calls);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(type);
};

type ErrorClass = abstract new (...args: never[]) => Error;

/** Table rows of callers who are refused, with the error's name second, so that a title can say `then %s`. */
export const refusals = <P>(rows: [label: string, who: P, error: ErrorClass][]) => rows.map(([label, who, error]) => [label, error.name, who, error] as const);
