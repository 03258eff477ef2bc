// Each check of the workflow lint, against a seeded defect in an otherwise clean workflow. The
// node catalog is a small fake package (a node class the way the build emits it) and a fake
// n8n-nodes-base description file, so these tests need neither the build nor n8n.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatWorkflow } from '../../shared/workflow-format.ts';
import { lintWorkflows, loadNodeCatalog, type LintIssue, type NodeCatalog } from './workflow-lint.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-workflow-lint-'));

/** A package like ours: package.json with n8n.nodes, a CommonJS node class in dist/. */
function writeFakeChronosPackage(): string {
  const packageRoot = path.join(root, 'package');
  fs.mkdirSync(path.join(packageRoot, 'dist', 'nodes'), { recursive: true });
  fs.writeFileSync(
    path.join(packageRoot, 'package.json'),
    JSON.stringify({
      name: 'n8n-nodes-chronos',
      n8n: { nodes: ['dist/nodes/Chronos.node.js', 'dist/nodes/Trigger.node.js'] },
    }),
  );
  const chronos = {
    name: 'chronos',
    version: 1,
    credentials: [{ name: 'chronosApi', required: true }],
    properties: [
      {
        name: 'resource',
        type: 'options',
        default: 'event',
        options: [
          { name: 'Event', value: 'event' },
          { name: 'Command', value: 'command' },
        ],
      },
      {
        name: 'operation',
        type: 'options',
        default: 'create',
        displayOptions: { show: { resource: ['event'] } },
        options: [
          { name: 'Create', value: 'create' },
          { name: 'Get', value: 'get' },
        ],
      },
      {
        name: 'operation',
        type: 'options',
        default: 'complete',
        displayOptions: { show: { resource: ['command'] } },
        options: [
          { name: 'Complete', value: 'complete' },
          { name: 'Fail', value: 'fail' },
        ],
      },
      {
        name: 'title',
        type: 'string',
        default: '',
        displayOptions: { show: { resource: ['event'], operation: ['create'] } },
      },
      {
        name: 'mode',
        type: 'options',
        default: 'free',
        displayOptions: { show: { resource: ['event'], operation: ['create'] } },
        options: [
          { name: 'Free', value: 'free' },
          { name: 'Auto', value: 'auto_plan' },
        ],
      },
      {
        name: 'additionalFields',
        type: 'collection',
        default: {},
        displayOptions: { show: { resource: ['event'], operation: ['create'] } },
        options: [{ name: 'location', type: 'string', default: '' }],
      },
      {
        name: 'notify',
        type: 'boolean',
        default: false,
        displayOptions: { show: { resource: ['event'], operation: ['create'] } },
      },
      {
        name: 'message',
        type: 'string',
        default: '',
        displayOptions: { show: { resource: ['event'], operation: ['create'], notify: [true] } },
      },
      {
        name: 'id',
        type: 'string',
        default: '',
        displayOptions: { show: { resource: ['event'], operation: ['get'] } },
      },
      { name: 'id', type: 'string', default: '', displayOptions: { show: { resource: ['command'] } } },
      {
        name: 'result',
        type: 'json',
        default: '{}',
        displayOptions: { show: { resource: ['command'], operation: ['complete'] } },
      },
      {
        name: 'error',
        type: 'string',
        default: '',
        displayOptions: { show: { resource: ['command'], operation: ['fail'] } },
      },
    ],
  };
  const trigger = {
    name: 'chronosTrigger',
    version: 1,
    credentials: [{ name: 'chronosApi', required: true }],
    properties: [
      {
        name: 'events',
        type: 'multiOptions',
        default: [],
        options: [
          { name: 'Event Created', value: 'event.created' },
          { name: 'Command Created', value: 'command.created' },
        ],
      },
      { name: 'options', type: 'collection', default: {}, options: [{ name: 'system', type: 'string', default: '' }] },
    ],
  };
  const nodeModule = (className: string, description: unknown) =>
    `"use strict";\nclass ${className} { constructor() { this.description = ${JSON.stringify(description)}; } }\nexports.${className} = ${className};\n`;
  fs.writeFileSync(path.join(packageRoot, 'dist', 'nodes', 'Chronos.node.js'), nodeModule('Chronos', chronos));
  fs.writeFileSync(path.join(packageRoot, 'dist', 'nodes', 'Trigger.node.js'), nodeModule('ChronosTrigger', trigger));
  return path.join(packageRoot, 'dist');
}

/** n8n-nodes-base's description file, with a node in two version sets as n8n ships them. */
function writeFakeN8n(): string {
  const nodeModules = path.join(root, 'n8n', 'node_modules');
  const types = path.join(nodeModules, 'n8n-nodes-base', 'dist', 'types');
  fs.mkdirSync(types, { recursive: true });
  fs.writeFileSync(
    path.join(types, 'nodes.json'),
    JSON.stringify([
      { name: 'noOp', version: 1, properties: [] },
      {
        name: 'if',
        version: [2, 2.1, 2.2],
        properties: [
          { name: 'conditions', type: 'filter' },
          { name: 'options', type: 'collection' },
        ],
      },
      { name: 'if', version: 1, properties: [{ name: 'conditions', type: 'fixedCollection' }] },
      {
        name: 'httpRequest',
        version: [4.2],
        credentials: [{ name: 'httpHeaderAuth' }],
        properties: ['method', 'url', 'sendHeaders', 'headerParameters', 'password'].map((name) => ({
          name,
          type: 'string',
        })),
      },
    ]),
  );
  return nodeModules;
}

const credentials = { chronosApi: { id: 'chronosApiCredential', name: 'Chronos API' } };
let counter = 0;
const nodeId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

function cleanWorkflow(key = 'example'): Record<string, unknown> {
  return {
    id: 'AbCdEfGh12345678',
    name: 'Chronos – Example',
    meta: { chronosVersion: 1, chronosKey: key },
    settings: { executionOrder: 'v1' },
    nodes: [
      {
        id: nodeId(),
        name: 'Trigger',
        type: 'n8n-nodes-chronos.chronosTrigger',
        typeVersion: 1,
        position: [0, 0],
        webhookId: '10000000-0000-4000-8000-000000000001',
        parameters: { events: ['command.created'], options: { system: 'N8N' } },
        credentials,
      },
      {
        id: nodeId(),
        name: 'Has id?',
        type: 'n8n-nodes-base.if',
        typeVersion: 2.2,
        position: [200, 0],
        parameters: { conditions: {}, options: {} },
      },
      {
        id: nodeId(),
        name: 'Complete',
        type: 'n8n-nodes-chronos.chronos',
        typeVersion: 1,
        position: [400, 0],
        parameters: { resource: 'command', operation: 'complete', id: '={{ $json.data.id }}', result: '{}' },
        credentials,
      },
      {
        id: nodeId(),
        name: 'Create',
        type: 'n8n-nodes-chronos.chronos',
        typeVersion: 1,
        position: [400, 200],
        // resource and operation left at their defaults (event, create), as n8n exports them
        parameters: { title: 'Review', mode: 'auto_plan', additionalFields: { location: 'Room 1' } },
        credentials,
      },
    ],
    connections: {
      Trigger: { main: [[{ node: 'Has id?', type: 'main', index: 0 }]] },
      'Has id?': {
        main: [[{ node: 'Complete', type: 'main', index: 0 }], [{ node: 'Create', type: 'main', index: 0 }]],
      },
    },
  };
}

type Workflow = ReturnType<typeof cleanWorkflow> & { nodes: Array<Record<string, unknown>> };
const nodeNamed = (workflow: Workflow, name: string) => workflow.nodes.find((n) => n.name === name)!;

let catalog: NodeCatalog;
let caseNumber = 0;

/** Lints the given files (name → text or workflow) in a fresh folder. */
function lint(files: Record<string, string | Record<string, unknown>>): LintIssue[] {
  const dir = path.join(root, `case-${++caseNumber}`);
  fs.mkdirSync(dir);
  for (const [name, content] of Object.entries(files))
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : formatWorkflow(content));
  return lintWorkflows(dir, catalog);
}

/** Lints one clean workflow after `seed` damaged it; returns the messages. */
function lintSeeded(seed: (workflow: Workflow) => void): LintIssue[] {
  const workflow = cleanWorkflow() as Workflow;
  seed(workflow);
  return lint({ 'example.json': workflow });
}

function assertOne(issues: LintIssue[], pattern: RegExp, node?: string) {
  assert.equal(issues.length, 1, JSON.stringify(issues, null, 2));
  assert.match(issues[0]!.message, pattern);
  assert.equal(issues[0]!.file, 'example.json');
  if (node) assert.equal(issues[0]!.node, node);
}

describe('workflow lint', () => {
  before(() => {
    catalog = loadNodeCatalog({ n8nNodeModules: writeFakeN8n(), chronosDist: writeFakeChronosPackage() });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('loads built-in versions from n8n and Chronos nodes from the package list', () => {
    assert.deepEqual([...catalog.get('n8n-nodes-base.if')!.versions.keys()].sort(), [1, 2, 2.1, 2.2]);
    assert.equal(catalog.get('n8n-nodes-chronos.chronos')!.strict, true);
    assert.equal(catalog.get('n8n-nodes-base.noOp')!.strict, false);
    assert.ok(catalog.has('n8n-nodes-chronos.chronosTrigger'));
  });

  it('finds nothing in a clean workflow; README and other files are not workflows', () => {
    assert.deepEqual(lint({ 'example.json': cleanWorkflow(), 'README.md': '# not a workflow' }), []);
  });

  it('refuses invalid JSON and files not in the normalized format', () => {
    assertOne(lint({ 'example.json': '{ "id": ' }), /not valid JSON/);
    assertOne(lint({ 'example.json': JSON.stringify(cleanWorkflow(), null, 4) }), /normalized format/);
    // The volatile fields n8n adds on export are not part of the normalized form either.
    assertOne(
      lint({ 'example.json': `${JSON.stringify({ ...cleanWorkflow(), active: true }, null, 2)}\n` }),
      /normalized/,
    );
  });

  it('wants a fixed 16-character id, unique across files', () => {
    assertOne(
      lintSeeded((w) => (w.id = 'short')),
      /id must be a fixed 16-character/,
    );
    const issues = lint({ 'a.json': cleanWorkflow('a'), 'b.json': { ...cleanWorkflow('b'), nodes: [] } });
    assert.ok(
      issues.some((i) => i.file === 'b.json' && /also the id of a\.json/.test(i.message)),
      JSON.stringify(issues),
    );
  });

  it('wants meta.chronosVersion a positive integer and meta.chronosKey the file stem', () => {
    for (const version of [0, 1.5, '2', undefined])
      assertOne(
        lintSeeded((w) => ((w.meta as Record<string, unknown>).chronosVersion = version)),
        /chronosVersion must be a positive integer/,
      );
    assertOne(
      lintSeeded((w) => ((w.meta as Record<string, unknown>).chronosKey = 'other')),
      /chronosKey must be the file name/,
    );
    assertOne(
      lintSeeded((w) => (w.settings = {})),
      /executionOrder/,
    );
  });

  it('wants unique node names, fixed unique node ids and unique webhook ids across files', () => {
    assertOne(
      lintSeeded((w) => (nodeNamed(w, 'Create').id = 'create-node')),
      /id must be a fixed UUID/,
      'Create',
    );
    assertOne(
      lintSeeded((w) => (nodeNamed(w, 'Create').id = nodeNamed(w, 'Complete').id)),
      /is used twice/,
      'Create',
    );
    assertOne(
      lintSeeded((w) => w.nodes.push({ ...nodeNamed(w, 'Create'), id: nodeId() })),
      /node name is used twice/,
      'Create',
    );
    const other = cleanWorkflow('b') as Workflow;
    other.id = 'ZyXwVuTs98765432';
    const issues = lint({ 'a.json': cleanWorkflow('a'), 'b.json': other });
    assert.equal(issues.length, 1, JSON.stringify(issues));
    assert.match(issues[0]!.message, /webhookId .* is also used by a\.json \(Trigger\)/);
  });

  it('refuses unknown node types and versions', () => {
    assertOne(
      lintSeeded((w) => (nodeNamed(w, 'Complete').type = 'CUSTOM.chronos')),
      /node type "CUSTOM.chronos" does not exist/,
      'Complete',
    );
    assertOne(
      lintSeeded((w) => (nodeNamed(w, 'Has id?').typeVersion = 3)),
      /typeVersion 3 does not exist for n8n-nodes-base.if \(2, 2.1, 2.2, 1\)/,
      'Has id?',
    );
  });

  it('checks Chronos resources and operations, defaults included', () => {
    assertOne(
      lintSeeded((w) => ((nodeNamed(w, 'Complete').parameters as Record<string, unknown>).resource = 'mail')),
      /resource "mail" does not exist/,
    );
    assertOne(
      lintSeeded((w) => ((nodeNamed(w, 'Complete').parameters as Record<string, unknown>).operation = 'create')),
      /operation "create" does not exist for resource "command"/,
    );
    // The default resource (event) has no operation "complete".
    assertOne(
      lintSeeded((w) => ((nodeNamed(w, 'Create').parameters as Record<string, unknown>).operation = 'complete')),
      /operation "complete" does not exist for resource "event"/,
    );
  });

  it('refuses Chronos parameters that are unknown, belong to another operation, or have a wrong choice', () => {
    const seedParameters = (node: string, change: Record<string, unknown>) =>
      lintSeeded((w) => Object.assign(nodeNamed(w, node).parameters as Record<string, unknown>, change));
    assertOne(seedParameters('Complete', { reslt: '{}' }), /parameter "reslt" is not a parameter of this node/);
    assertOne(
      seedParameters('Complete', { error: 'boom' }),
      /parameter "error" is not used here: it needs operation "fail", not "complete"/,
    );
    assertOne(seedParameters('Create', { id: 'x' }), /parameter "id" is not used here: it needs operation "get"/);
    // Shown only with another parameter's value (n8n would ignore it otherwise), default included.
    assertOne(
      seedParameters('Create', { message: 'hi' }),
      /parameter "message" is not used here: it needs notify true, not false/,
    );
    assert.deepEqual(seedParameters('Create', { notify: true, message: 'hi' }), []);
    assert.deepEqual(seedParameters('Create', { notify: '={{ $json.notify }}', message: 'hi' }), []);
    assertOne(
      seedParameters('Create', { mode: 'sometimes' }),
      /parameter "mode" is "sometimes", not one of "free", "auto_plan"/,
    );
    assertOne(
      seedParameters('Create', { additionalFields: { room: 'x' } }),
      /parameter "additionalFields.room" is not a field of additionalFields \(location\)/,
    );
    // Expressions are values known only at run time.
    assert.deepEqual(seedParameters('Create', { mode: '={{ $json.mode }}' }), []);
    assertOne(
      lintSeeded(
        (w) =>
          ((nodeNamed(w, 'Trigger').parameters as Record<string, unknown>).events = [
            'event.created',
            'event.exploded',
          ]),
      ),
      /parameter "events" has "event.exploded"/,
      'Trigger',
    );
    assertOne(
      lintSeeded((w) => ((nodeNamed(w, 'Trigger').parameters as Record<string, unknown>).options = { calendar: 'x' })),
      /parameter "options.calendar" is not a field of options/,
    );
  });

  it('refuses parameter names a built-in node version does not have', () => {
    assertOne(
      lintSeeded((w) => ((nodeNamed(w, 'Has id?').parameters as Record<string, unknown>).combineOperation = 'any')),
      /parameter "combineOperation" is not a parameter of this node version/,
      'Has id?',
    );
  });

  it('wants credentials as { id, name } references of a type the node uses', () => {
    assertOne(
      lintSeeded(
        (w) => (nodeNamed(w, 'Complete').credentials = { chronosApi: { id: 'c1', name: 'Chronos API', data: 'x' } }),
      ),
      /must be a reference \{ id, name \}/,
    );
    assertOne(
      lintSeeded((w) => (nodeNamed(w, 'Complete').credentials = { httpHeaderAuth: { id: 'c1', name: 'Header' } })),
      /credential type "httpHeaderAuth" is not one this node uses \(chronosApi\)/,
    );
  });

  it('wants connections between existing nodes', () => {
    assertOne(
      lintSeeded(
        (w) =>
          ((w.connections as Record<string, unknown>).Ghost = {
            main: [[{ node: 'Complete', type: 'main', index: 0 }]],
          }),
      ),
      /"Ghost" is not a node/,
    );
    assertOne(
      lintSeeded(
        (w) =>
          ((w.connections as Record<string, unknown>)['Has id?'] = {
            main: [[{ node: 'Nowhere', type: 'main', index: 0 }]],
          }),
      ),
      /leads to "Nowhere"/,
    );
  });

  it('finds secrets: API keys, webhook secrets, bearer tokens, literal passwords', () => {
    const http = (parameters: Record<string, unknown>) =>
      lintSeeded((w) =>
        w.nodes.push({
          id: nodeId(),
          name: 'Call',
          type: 'n8n-nodes-base.httpRequest',
          typeVersion: 4.2,
          position: [600, 0],
          parameters,
        }),
      );
    assertOne(
      lintSeeded(
        (w) =>
          ((nodeNamed(w, 'Complete').parameters as Record<string, unknown>).result =
            '{"key":"chronos_standard_4fGh7Jk9LmNp2QrS"}'),
      ),
      /looks like a Chronos API key/,
    );
    assertOne(
      lintSeeded(
        (w) =>
          ((nodeNamed(w, 'Create').parameters as Record<string, unknown>).title = 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0'),
      ),
      /webhook signing secret/,
    );
    assertOne(
      http({
        sendHeaders: true,
        headerParameters: { parameters: [{ name: 'Authorization', value: 'Bearer abcdef0123456789' }] },
      }),
      /bearer token/,
    );
    assertOne(
      http({ headerParameters: { parameters: [{ name: 'X-API-Key', value: 'plain-text-key' }] } }),
      /sets "X-API-Key" to a literal secret/,
    );
    assertOne(http({ password: 'hunter2' }), /parameters.password is a literal secret/);
    assertOne(http({ url: 'https://user:hunter2@example.com/hook' }), /password in a URL/);
    // An expression that reads a secret at run time is fine.
    assert.deepEqual(http({ password: '={{ $env.HOOK_PASSWORD }}' }), []);
    // Outside the parameters too (sticky notes, node notes).
    assertOne(
      lintSeeded((w) => (nodeNamed(w, 'Create').notes = 'key: chronos_high_4fGh7Jk9LmNp2QrS')),
      /node.notes holds what looks like a Chronos API key/,
    );
  });
});
