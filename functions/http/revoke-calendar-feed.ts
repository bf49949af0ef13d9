import { revokeFeed } from '../../shared/calendar/feeds';
import { feeds } from '../lib/dynamodb';
import { httpHandler } from '../lib/http-handler';

/** DELETE /calendar/feeds/{feedId}: revokes one of the caller's feeds; its URL answers 404 from then on. */
export const handler = httpHandler(async (req) => {
  await revokeFeed({ feeds }, req.principal, req.path.feedId ?? '');
  return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
});
