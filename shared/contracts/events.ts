import * as z from 'zod/mini';

// Each schema below is built inside `/* @__PURE__ */ (() => …)()`: a function's bundle leaves out, and never builds, the
// schemas it does not use (building them was most of a cold start's import time above the SDK's; docs/performance.md).

/**
 * SES delivery events (configuration set → SNS), as far as they concern us: the tags put on
 * every student e-mail lead back to the registration, notice and recipient.
 */
const tag = /* @__PURE__ */ (() =>
  z.pipe(
    z.array(z.string()).check(z.minLength(1)),
    z.transform((v) => v[0] as string),
  ))();
export const SesEventSchema = /* @__PURE__ */ (() =>
  z.looseObject({
    eventType: z.string(),
    mail: z.looseObject({
      tags: z.looseObject({ registration: tag, notice: tag, recipient: tag }),
    }),
    bounce: z.optional(z.looseObject({ bounceType: z.string() })),
  }))();
export type SesEvent = z.infer<typeof SesEventSchema>;
