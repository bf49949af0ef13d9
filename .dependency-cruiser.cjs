/**
 * Architecture rules, checked by `npm run arch` (dependency-cruiser).
 *
 * The layout these rules hold the code to:
 *
 *   shared/rules/               pure domain rules (R1–R9): no I/O, no SDK
 *   shared/contracts/           zod schemas, one module per boundary (HTTP bodies, workflow payloads, mail)
 *   shared/errors.ts            error types shared by every layer
 *   shared/ports.ts             the interfaces the features need (repositories, mailer, workflow starter, clock)
 *   shared/adapters/{dynamodb,sfn,ses}   the ports implemented on the AWS SDK
 *   shared/mail/                rendering of the e-mails
 *   shared/read-models/         reads composed from ports and rules that several features show (capacity)
 *   shared/<feature>/           use cases: registrations, approvals, notices, calendar, catalogue
 *   shared/api/                 the OpenAPI document (reads every feature's contracts)
 *   functions/                  Lambda handlers; functions/lib wires adapters into features
 *   infra/, local/, web/, tests/, bench/, scripts/ (one-off operations)
 *
 * Paths are relative to the repository root; `$1` in a `to` pattern is the folder the
 * `from` pattern captured. Type-only imports count (tsPreCompilationDeps): a type import
 * couples two modules as much as a value import does.
 */

/** The feature folders under shared/: use cases that may not know about each other. */
const FEATURES = ['registrations', 'approvals', 'notices', 'calendar', 'catalogue'];
const FEATURE = `^shared/(${FEATURES.join('|')})/`;

/** Where the AWS SDK may be imported: the adapters, the wiring of each function, and the tooling around the code. */
const MAY_USE_AWS_SDK = ['^shared/adapters/', '^functions/lib/', '^local/', '^infra/', '^tests/', '^bench/', '^scripts/'];

/** Who may import a feature: the entry points that run use cases, and the OpenAPI document. */
const MAY_USE_FEATURES = ['^functions/', '^local/', '^tests/', '^bench/', '^shared/api/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other in a cycle. Break it by moving what both need into a module both import (often a contract or a port).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: 'Two folders depend on each other (through any of their modules), so neither can change or be understood alone.',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-not-to-outer-layers',
      severity: 'error',
      comment: 'shared/ is the domain: it must not know about handlers, infrastructure, local mode or the web app, which all depend on it.',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra|local|web)/' },
    },
    {
      name: 'aws-sdk-only-in-adapters',
      severity: 'error',
      comment:
        'The AWS SDK is imported only by shared/adapters/** (which implement the ports), functions/lib/** (where each function wires its dependencies), and local/, infra/, tests/, bench/. Use cases and handlers depend on shared/ports.ts.',
      from: { pathNot: MAY_USE_AWS_SDK },
      to: { path: '^node_modules/@aws-sdk/' },
    },
    {
      name: 'web-only-contracts-and-rules',
      severity: 'error',
      comment:
        'The web app is bundled for the browser: outside web/ it may import only shared/contracts/** and shared/rules/** (the same schemas and rules as the API), and packages.',
      from: { path: '^web/' },
      to: { pathNot: ['^web/', '^shared/contracts/', '^shared/rules/', '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'rules-are-pure',
      severity: 'error',
      comment: 'shared/rules/** is pure: within shared/ it may import only shared/rules, shared/contracts and shared/errors.ts.',
      from: { path: '^shared/rules/' },
      to: { path: '^shared/', pathNot: ['^shared/rules/', '^shared/contracts/', '^shared/errors\\.ts$'] },
    },
    {
      name: 'contracts-are-leaves',
      severity: 'error',
      comment: 'shared/contracts/** describes the boundaries; it must not import features, adapters or rules (they import the contracts).',
      from: { path: '^shared/contracts/' },
      to: { path: [FEATURE, '^shared/adapters/', '^shared/rules/'] },
    },
    {
      name: 'features-independent',
      severity: 'error',
      comment: 'A feature must not import another feature. Share through shared/contracts, shared/rules or shared/ports.ts, or move the code.',
      from: { path: FEATURE },
      to: { path: FEATURE, pathNot: '^shared/$1/' },
    },
    {
      name: 'features-not-to-adapters',
      severity: 'error',
      comment: 'A feature (or a read model) depends on the interfaces in shared/ports.ts, never on shared/adapters/** (functions/lib wires the adapters in).',
      from: { path: [FEATURE, '^shared/read-models/'] },
      to: { path: '^shared/adapters/' },
    },
    {
      name: 'features-only-from-entry-points',
      severity: 'error',
      comment: 'Only functions/, local/, tests/, bench/ and shared/api/ (the OpenAPI document) may import a feature folder.',
      from: { pathNot: [...MAY_USE_FEATURES, FEATURE] },
      to: { path: FEATURE },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve: a typo, a moved file, or a package missing from package.json.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    exclude: { path: ['^cdk\\.out/', '^web/dist/', '^\\.data/', '__snapshots__/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
    progress: { type: 'none' },
  },
};
