import { z } from 'zod';
import { JavaMissingError } from './dynamodb-local';
import { startLocalSystem } from './system';
import { buildWeb, webIsBuilt } from './web-build';

/**
 * `npm start`: the whole system locally. PORT (default 3000), DATA_DIR (default .data/),
 * FAST_WAITS=1 (workflow waits finish at once).
 */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  FAST_WAITS: z
    .enum(['0', '1', 'true', 'false', ''])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  LOG_LEVEL: z.string().default('WARN'),
  /** Send mail to this aws-ses-v2-local compatible sink instead of starting one (e.g. one shared by several runs). */
  MAIL_SINK_URL: z.url().optional(),
});

const env = Env.safeParse(process.env);
if (!env.success) {
  console.error(`Invalid environment: ${env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  process.exit(2);
}

try {
  if (!webIsBuilt()) {
    console.log('Building the web app into web/dist (once; npm run build:web builds it again)…');
    await buildWeb({ onlyIfMissing: true });
  }
  const system = await startLocalSystem({
    port: env.data.PORT,
    host: env.data.HOST,
    dataDir: env.data.DATA_DIR,
    fastWaits: env.data.FAST_WAITS,
    logLevel: env.data.LOG_LEVEL,
    mailSinkUrl: env.data.MAIL_SINK_URL,
  });
  console.log(`exam-forms is running locally (started in ${(system.startupMs / 1000).toFixed(1)} s)

  API and web app   ${system.url}
  OpenAPI document  ${system.url}/openapi.json
  Dev sign-in       POST ${system.url}/dev/token  {"sub","email","groups":["staff"|"IT"|"ED"]}
  Sent e-mail       ${system.url}/dev/mail   (viewer: ${system.mail.endpoint}/)
  Data              ${system.dataDir}${env.data.FAST_WAITS ? '\n  FAST_WAITS        on: workflow waits finish at once' : ''}${system.resumed ? `\n  Resumed           ${system.resumed} unfinished workflow execution(s)` : ''}

Press Ctrl-C to stop.`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof JavaMissingError) console.error(error.message);
  else console.error('exam-forms could not start:', error);
  process.exit(1);
}
