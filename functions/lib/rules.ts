import { RulesConfigSchema, parseEnv } from '../../shared/contracts/env';
import type { StudentMailContext } from '../../shared/mail/student-letter';
import { onSettings } from './settings';

/** The exam rules' settings (periods, time zone, lead time, phones), read once per instance; the periods kept current from Parameter Store. */
export const rules = parseEnv(RulesConfigSchema);
onSettings(['EXAM_PERIODS'], (s) => {
  rules.EXAM_PERIODS = s.EXAM_PERIODS;
});

/** What the student letters show besides the registration: dates in the institution's time zone, and the help numbers (R9). */
export const studentMailContext: StudentMailContext = {
  timeZone: rules.EXAM_TIME_ZONE,
  phones: { general: rules.HELP_PHONE_GENERAL, duringExam: rules.HELP_PHONE_DURING_EXAM },
};
