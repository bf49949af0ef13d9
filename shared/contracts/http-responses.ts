import * as z from 'zod/mini';
import { CapacitySchema } from './calendar';
import { ApproverGroupSchema, RegistrationSchema } from './registration';
import { IncidentSchema, StudentNoticeStateSchema } from './student-notices';

/**
 * Response bodies of the HTTP routes that are not a registration, an incident or a problem as
 * they are (those are in ./registration, ./student-notices and ./problem). The OpenAPI
 * document and the web app's types come from these; the handlers answer with what the use
 * cases return. Apart from the request schemas (./http) so that a handler validating a request
 * does not carry them.
 */

/** GET /registrations/{id}: a registration with its student-notice state and any incidents. */
export const RegistrationViewSchema = z
  .extend(RegistrationSchema, {
    studentNotice: StudentNoticeStateSchema,
    incidents: z.optional(z.array(IncidentSchema)),
    capacity: z.optional(CapacitySchema),
  })
  .register(z.globalRegistry, { id: 'RegistrationView' });
export type RegistrationView = z.infer<typeof RegistrationViewSchema>;

/** PUT /registrations/{id}/candidates: the list as stored. */
export const CandidateListResultSchema = z
  .object({
    folded: z.number().check(z.int()).register(z.globalRegistry, { description: 'Duplicates removed (same address, any case).' }),
    studentNotice: StudentNoticeStateSchema,
  })
  .register(z.globalRegistry, { id: 'CandidateListResult' });
export type CandidateListResult = z.infer<typeof CandidateListResultSchema>;

/** GET /registrations: one page; an item is a registration without its history. */
export const ListResponseSchema = z
  .object({
    items: z.array(z.extend(z.omit(RegistrationSchema, { history: true }), { capacity: z.optional(CapacitySchema) })),
    nextToken: z.nullable(z.string()),
  })
  .register(z.globalRegistry, { id: 'RegistrationList' });
export type RegistrationList = z.infer<typeof ListResponseSchema>;
export type RegistrationSummary = RegistrationList['items'][number];

/** GET /approval-links/{linkId}: what an e-mail link is about. */
export const ApprovalLinkViewSchema = z
  .object({ registration: RegistrationSchema, group: ApproverGroupSchema, round: z.number().check(z.int()), expiresAt: z.iso.datetime() })
  .register(z.globalRegistry, { id: 'ApprovalLinkView' });
export type ApprovalLinkView = z.infer<typeof ApprovalLinkViewSchema>;
