import { decideRegistration } from '../../shared/registrations/decide-registration';
import { decideDeps } from '../lib/deps';
import { httpHandler, json } from '../lib/http-handler';

/** POST /registrations/{id}/decisions */
export const handler = httpHandler(async (req) => json(200, await decideRegistration(decideDeps, req.principal, req.path.id ?? '', req.json())));
