/**
 * The words of the staff tasks on a registration (candidates, the student letter, errors in the
 * question set, extra time, history), in English and Bokmål. Merged into the dictionaries of
 * ./i18n; TypeScript checks that Bokmål has every English key.
 */
export const STAFF_EN = {
  routeWho_PLANNER: 'the department’s planner',
  routeWho_IT_ED: 'IT and the Education Division (ED)',
  routeWho_DEPARTMENT: 'the department administration',
} as const;

export const STAFF_NB: Record<keyof typeof STAFF_EN, string> = {
  routeWho_PLANNER: 'instituttets planlegger',
  routeWho_IT_ED: 'IT og Utdanningsavdelingen (UA)',
  routeWho_DEPARTMENT: 'instituttadministrasjonen',
};
