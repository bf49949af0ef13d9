import type { RulesConfig } from '../contracts/env';
import type { FieldError } from '../contracts/problem';
import type { RegistrationInput } from '../contracts/registration';
import { ruleViolations } from './exam-rules';
import { inMailDomains, outsideDomainsMessage } from './mail-domains';

/**
 * Every rule a schema-valid form must also pass, as one list: the exam rules (R1, R2, R5, lead
 * times) and the contact's mail domain (the contact is mailed every outcome). The API refuses a
 * form with any of them; the web form runs the same function on every keystroke, so a teacher
 * sees them all with the first submit rather than after the server answers.
 */
export const registrationViolations = (form: RegistrationInput, rules: RulesConfig, now: Date): FieldError[] => {
  const violations = ruleViolations(form, rules, now);
  if (form.contact.email && !inMailDomains(form.contact.email, rules.STAFF_MAIL_DOMAINS))
    violations.push({
      path: 'contact.email',
      code: 'OUTSIDE_MAIL_DOMAINS',
      params: { domains: rules.STAFF_MAIL_DOMAINS.join(', ') },
      message: outsideDomainsMessage(rules.STAFF_MAIL_DOMAINS),
    });
  return violations;
};
