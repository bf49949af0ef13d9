import type { Principal } from '../auth/principal';
import type { Registration } from '../schemas/registration';
import { assertCanView } from './access';
import type { RegistrationRepository } from './repository';

/** Use case: the owner or an approver of one of its groups reads a registration. */
export const getRegistration = async (
  deps: { repo: RegistrationRepository },
  principal: Principal,
  id: string,
): Promise<Registration> => {
  const found = await deps.repo.get(id);
  const { version: _v, ...registration } = assertCanView(principal, found, id) as Registration & { version?: number };
  return registration;
};
