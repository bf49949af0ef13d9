import { randomUUID } from 'node:crypto';

/** Time and identifiers, injectable into the use cases; no AWS client comes with them. */
export const now = () => new Date();
export const newId = randomUUID;
