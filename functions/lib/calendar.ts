import { StaffingConfigSchema } from '../../shared/contracts/calendar';
import { parseEnv } from '../../shared/contracts/env';
import { calendar } from './dynamodb';
import { rules } from './rules';

/** What the calendar and capacity use cases need: the month buckets, the staffing model and the time zone. */
export const calendarDeps = { calendar, staffing: parseEnv(StaffingConfigSchema).STAFFING, timeZone: rules.EXAM_TIME_ZONE };
