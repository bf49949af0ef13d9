import { NoticeConfigSchema, parseEnv } from '../../shared/contracts/env';

/** Student-notice settings (retention, sending rate), read once per instance. */
export const noticeConfig = parseEnv(NoticeConfigSchema);
