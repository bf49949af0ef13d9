import type { Principal } from '../auth/principal';
import type { Registration } from '../schemas/registration';
import { assertCanView, publicView } from './access';
import type { RegistrationRepository } from './repository';

/** Use case: the owner or an approver of one of its groups reads a registration. */
export const getRegistration = async (
  deps: { repo: RegistrationRepository },
  principal: Principal,
  id: string,
): Promise<Registration> => {
  return publicView(assertCanView(principal, await deps.repo.get(id), id));
};
