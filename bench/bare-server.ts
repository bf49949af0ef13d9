/**
 * The benchmark's baseline: a bare node:http server that makes the same DynamoDB calls as the
 * registration routes, with the same SDK client and repositories: POST the insert transaction,
 * GET the reads of GET /registrations/{id} (the registration's partition and its student-notice
 * state). Nothing else: no token, no validation, no idempotency, no workflow, no Lambda events.
 * Prints `READY <url>`.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RulesConfigSchema, parseEnv } from '../shared/contracts/env';
import { DynamoCandidateStore } from '../shared/adapters/dynamodb/candidate-store';
import { DynamoNoticeStore } from '../shared/adapters/dynamodb/notice-store';
import { DynamoRegistrationStore } from '../shared/adapters/dynamodb/registration-store';
import { getRegistration } from '../shared/registrations/get-registration';
import { deriveRegistration } from '../shared/rules/exam-rules';
import type { RegistrationInput } from '../shared/contracts/registration';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.BENCH_DYNAMODB_ENDPOINT }), {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
const table = process.env.BENCH_TABLE as string;
const stores = {
  registrations: new DynamoRegistrationStore(ddb, table),
  notices: new DynamoNoticeStore(ddb, table),
  candidates: new DynamoCandidateStore(ddb, table),
};
const rules = parseEnv(RulesConfigSchema, {});
const owner = { sub: 'bare', email: 'bare@example.edu', name: 'Bare' };
const principal = { ...owner, roles: ['staff' as const] };

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  const respond = async () => {
    try {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && req.url === '/registrations') {
        const form = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RegistrationInput;
        const at = new Date().toISOString();
        const derived = deriveRegistration(form, rules);
        const id = randomUUID();
        const approvals = derived.approvers.map((group) => ({
          group,
          round: 1,
          state: 'PENDING' as const,
          requestedAt: at,
          stage: 'initial' as const,
          decidedAt: null,
          decidedBy: null,
          comment: null,
        }));
        const record = { id, kind: form.kind, form, status: 'PENDING_APPROVAL' as const, round: 1, derived, owner, createdAt: at, updatedAt: at, version: 1 };
        await stores.registrations.insert(record, approvals, { at, by: owner, action: 'SUBMITTED', comment: null, details: { approvers: derived.approvers } });
        return send(201, { ...record, approvals });
      }
      const m = req.url?.match(/^\/registrations\/([^/]+)$/);
      if (req.method === 'GET' && m) {
        return send(200, await getRegistration(stores, principal, m[1] as string));
      }
      send(404, { message: 'Not found' });
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  };
  req.on('end', () => void respond());
});
server.listen(0, '127.0.0.1', () => console.log(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
