import { getAllowList } from '../../shared/catalogue/software-setup';
import { catalogue, registrations } from '../lib/dynamodb';
import { httpHandler } from '../lib/http-handler';

/** GET /registrations/{id}/seb-allow-list?format=text|seb: the allow-list as a file. */
export const handler = httpHandler(async (req) => {
  const list = await getAllowList({ registrations, catalogue }, req.principal, req.path.id ?? '', req.query);
  return {
    statusCode: 200,
    headers: {
      'content-type': list.format === 'seb' ? 'application/xml; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-disposition': `attachment; filename="${list.filename}"`,
      'cache-control': 'private, no-store',
    },
    body: list.body,
  };
});
