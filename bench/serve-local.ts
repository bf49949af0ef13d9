/**
 * Local mode for the benchmark, in a process of its own: the system as `npm start` runs it
 * (workflow waits finish at once), on the benchmark's DynamoDB Local. Prints `READY <url>`.
 *
 * BENCH_WORKFLOW=stub: the handlers' Step Functions endpoint accepts StartExecution and runs
 * nothing, so the figures are those of the request path alone, without the approval workflow
 * that each submission otherwise starts in the same process and on the same DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalSystem } from '../local/system';

const system = await startLocalSystem({
  port: 0,
  dataDir: null,
  fastWaits: true,
  dynamodbEndpoint: process.env.BENCH_DYNAMODB_ENDPOINT,
  tableName: process.env.BENCH_TABLE,
  logLevel: 'ERROR',
});
if (process.env.BENCH_WORKFLOW === 'stub') {
  const stub = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        JSON.stringify({ executionArn: `${system.sfn.stateMachineArn.replace(':stateMachine:', ':execution:')}:${randomUUID()}`, startDate: Date.now() / 1000 }),
      );
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  // The handlers create their clients at first import, which comes after this.
  process.env.AWS_ENDPOINT_URL_SFN = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
}
console.log(`READY ${system.url}`);
process.on('SIGTERM', () => void system.stop().then(() => process.exit(0)));
