import { parseEnv } from '../../shared/contracts/env';
import { NoticeConfigSchema } from '../../shared/notices/config';
import { NoticeRepository } from '../../shared/adapters/dynamodb/notice-store';
import { TABLE_NAME, ddb } from './dynamodb';

export const noticeConfig = parseEnv(NoticeConfigSchema);
export const notices = new NoticeRepository(ddb, TABLE_NAME);
