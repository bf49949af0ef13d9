import { parseEnv } from '../../shared/config';
import { NoticeConfigSchema } from '../../shared/notices/config';
import { NoticeRepository } from '../../shared/notices/repository';
import { TABLE_NAME, ddb } from './dynamodb';

export const noticeConfig = parseEnv(NoticeConfigSchema);
export const notices = new NoticeRepository(ddb, TABLE_NAME);
