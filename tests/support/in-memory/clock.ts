import type { Clock, IdGenerator } from '../../../shared/ports';

const UNITS = { ms: 1, seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;
type Span = Partial<Record<keyof typeof UNITS, number>>;

/** A clock that stands still until a test sets or advances it. */
export class FakeClock {
  private current: number;

  constructor(start: string | Date) {
    this.current = new Date(start).getTime();
  }

  /** The port: the current instant, a fresh Date each call. */
  readonly now: Clock = () => new Date(this.current);

  set(at: string | Date): void {
    this.current = new Date(at).getTime();
  }

  advance(span: Span): Date {
    for (const [unit, n] of Object.entries(span)) this.current += (n ?? 0) * UNITS[unit as keyof typeof UNITS];
    return this.now();
  }

  iso(): string {
    return this.now().toISOString();
  }
}

/** Ids `<prefix>-0001`, `<prefix>-0002`, …: predictable, and sorting in the order they were made. */
export const sequentialIds = (prefix = 'id'): IdGenerator & { issued: () => string[] } => {
  const issued: string[] = [];
  const next = () => {
    const id = `${prefix}-${String(issued.length + 1).padStart(4, '0')}`;
    issued.push(id);
    return id;
  };
  return Object.assign(next, { issued: () => [...issued] });
};
