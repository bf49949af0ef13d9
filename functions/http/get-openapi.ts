import { buildOpenApiDocument } from '../../shared/api/openapi';
import { json, publicHttpHandler } from '../lib/http-handler';

// Built once per execution environment: the document only changes with a deploy.
const document = buildOpenApiDocument();

/** GET /openapi.json */
export const handler = publicHttpHandler(async () => json(200, document, { 'cache-control': 'public, max-age=300' }));
