// Runs the BUILT Chronos nodes (dist/) in-process with n8n's own engine: n8n-core's
// WorkflowExecute and node contexts, n8n-workflow's Workflow, the real BinaryDataService on
// disk. Only what n8n's CLI would add around them is provided here: credentials (plain
// values, applied with the credential type's `authenticate` exactly as n8n's
// CredentialsHelper does) and, for the trigger, the HTTP request n8n's webhook server
// would hand over (raw body included). Build first (`node scripts/build.ts` or `npm test`).
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type {
  IBinaryData,
  ICredentialDataDecryptedObject,
  IDataObject,
  IHttpRequestOptions,
  INode,
  INodeExecutionData,
  INodeType,
  INodeTypes,
  IRequestOptionsSimplified,
  IRun,
  IWebhookData,
  IWebhookDescription,
  IWebhookResponseData,
  Workflow,
} from 'n8n-workflow';
import type * as WorkflowTypes from 'n8n-workflow';
import { loadN8n, type N8nRuntime } from './n8n-runtime.ts';

export type HarnessCredentials = { baseUrl: string; apiKey: string; webhookSecret?: string };

const distDir = path.resolve(import.meta.dirname, '..', '..', 'dist');
const CREDENTIAL_TYPE = 'chronosApi';
const NODE_TYPES = {
  chronos: { type: 'n8n-nodes-chronos.chronos', file: 'nodes/Chronos/Chronos.node.js', exportName: 'Chronos' },
  chronosTrigger: {
    type: 'n8n-nodes-chronos.chronosTrigger',
    file: 'nodes/ChronosTrigger/ChronosTrigger.node.js',
    exportName: 'ChronosTrigger',
  },
} as const;
type NodeKind = keyof typeof NODE_TYPES;

/** Where the harness's fake n8n instance says it is reachable (webhook URLs are built from it). */
export const HARNESS_WEBHOOK_BASE_URL = 'http://n8n.test/webhook';
export const HARNESS_WORKFLOW_ID = 'harness-workflow';
/** n8n gives every webhook node a UUID; its production URL is <base>/<webhookId>/<path>. */
const DEFAULT_WEBHOOK_ID = '6a3c3f0e-harness-chronos-trigger';

type CredentialType = {
  name: string;
  properties: Array<{ name: string }>;
  authenticate?: {
    type: 'generic';
    properties: Record<string, Record<string, string>>;
  };
};

let prepared: Promise<N8nRuntime> | undefined;
const nodeTypeCache = new Map<NodeKind, INodeType>();
let credentialType: CredentialType | undefined;

/** Loads n8n once per test process and starts its binary data store (files under the user folder). */
function n8n(): Promise<N8nRuntime> {
  prepared ??= (async () => {
    const runtime = loadN8n();
    await runtime.container.get(runtime.core.BinaryDataService).init();
    return runtime;
  })();
  return prepared;
}

function nodeType(runtime: N8nRuntime, kind: NodeKind): INodeType {
  let type = nodeTypeCache.get(kind);
  if (!type) {
    const { file, exportName } = NODE_TYPES[kind];
    const module = runtime.requirePackageModule(path.join(distDir, file)) as Record<string, new () => INodeType>;
    type = new module[exportName]();
    nodeTypeCache.set(kind, type);
  }
  return type;
}

function chronosCredentialType(runtime: N8nRuntime): CredentialType {
  if (!credentialType) {
    const module = runtime.requirePackageModule(path.join(distDir, 'credentials/ChronosApi.credentials.js')) as {
      ChronosApi: new () => CredentialType;
    };
    credentialType = new module.ChronosApi();
  }
  return credentialType;
}

function nodeTypes(runtime: N8nRuntime): INodeTypes {
  const byName = (name: string): INodeType => {
    const kind = (Object.keys(NODE_TYPES) as NodeKind[]).find((k) => NODE_TYPES[k].type === name);
    if (!kind) throw new Error(`the harness does not know the node type ${name}`);
    return nodeType(runtime, kind);
  };
  return {
    getByName: byName,
    getByNameAndVersion: (name) => byName(name),
    getKnownTypes: () => ({}),
  } as INodeTypes;
}

/**
 * The part of n8n's CredentialsHelper a node reaches: the decrypted values, and
 * `authenticate` applying the credential type's generic auth (expressions such as
 * `=Bearer {{$credentials.apiKey}}` resolved with n8n's expression engine).
 */
function credentialsHelper(runtime: N8nRuntime, credentials: HarnessCredentials) {
  const type = chronosCredentialType(runtime);
  const data: ICredentialDataDecryptedObject = { webhookSecret: '', ...credentials };
  const resolve = (value: string, workflow: Workflow, node: INode): string => {
    if (!value.startsWith('=')) return value;
    const resolved = workflow.expression.getSimpleParameterValue(
      node,
      value,
      'internal',
      { $credentials: data } as IDataObject,
      undefined,
      '',
    );
    return resolved ? String(resolved) : '';
  };
  const helper = {
    getParentTypes: () => [],
    isCredentialUsableByNode: () => true,
    async authenticate(
      _decrypted: ICredentialDataDecryptedObject,
      typeName: string,
      requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
      workflow?: Workflow,
      node?: INode,
    ): Promise<IHttpRequestOptions> {
      if (typeName !== CREDENTIAL_TYPE) throw new Error(`unknown credential type ${typeName}`);
      if (!workflow || !node) throw new Error('authenticate needs the workflow and the node');
      const options = requestOptions as IHttpRequestOptions & Record<string, Record<string, string>>;
      for (const [target, fields] of Object.entries(type.authenticate?.properties ?? {})) {
        options[target] ??= {};
        for (const [key, value] of Object.entries(fields)) {
          options[target][resolve(key, workflow, node)] = resolve(value, workflow, node);
        }
      }
      return options;
    },
    preAuthentication: async () => undefined,
    runPreAuthentication: async () => undefined,
    getCredentials: async () => {
      throw new Error('not used by the Chronos nodes');
    },
    async getDecrypted(_additionalData: unknown, _details: unknown, typeName: string) {
      if (typeName !== CREDENTIAL_TYPE) throw new Error(`unknown credential type ${typeName}`);
      return { ...data };
    },
    updateCredentials: async () => undefined,
    updateCredentialsOauthTokenData: async () => undefined,
    getCredentialsProperties: () => type.properties,
  };
  return helper;
}

function additionalData(runtime: N8nRuntime, credentials: HarnessCredentials, extra: IDataObject = {}) {
  const unsupported = (what: string) => async () => {
    throw new Error(`${what} is not available in the test harness`);
  };
  return {
    credentialsHelper: credentialsHelper(runtime, credentials),
    executeWorkflow: unsupported('executeWorkflow'),
    getRunExecutionData: unsupported('getRunExecutionData'),
    getRuntimeCredential: unsupported('getRuntimeCredential'),
    startRunnerTask: unsupported('startRunnerTask'),
    logAiEvent: () => undefined,
    currentNodeExecutionIndex: 0,
    executionId: `harness-${Date.now()}`,
    workflowId: HARNESS_WORKFLOW_ID,
    restApiUrl: 'http://n8n.test/rest',
    instanceBaseUrl: 'http://n8n.test/',
    formBaseUrl: 'http://n8n.test/form',
    formWaitingBaseUrl: 'http://n8n.test/form-waiting',
    formTestBaseUrl: 'http://n8n.test/form-test',
    webhookBaseUrl: HARNESS_WEBHOOK_BASE_URL,
    webhookWaitingBaseUrl: 'http://n8n.test/webhook-waiting',
    webhookTestBaseUrl: 'http://n8n.test/webhook-test',
    mcpBaseUrl: 'http://n8n.test/mcp',
    mcpTestBaseUrl: 'http://n8n.test/mcp-test',
    variables: {},
    externalSecretsProxy: { hasProvider: () => false, getSecret: () => undefined, listProviders: () => [] },
    ...extra,
  };
}

function makeNode(kind: NodeKind, parameters: IDataObject, continueOnFail = false, webhookId?: string): INode {
  return {
    id: `${kind}-node`,
    name: kind === 'chronos' ? 'Chronos' : 'Chronos Trigger',
    type: NODE_TYPES[kind].type,
    typeVersion: 1,
    position: [0, 0],
    parameters: structuredClone(parameters) as INode['parameters'],
    credentials: { [CREDENTIAL_TYPE]: { id: 'harness-credential', name: 'Chronos API' } },
    ...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
    ...(kind === 'chronosTrigger' ? { webhookId: webhookId ?? DEFAULT_WEBHOOK_ID } : {}),
  };
}

function makeWorkflow(runtime: N8nRuntime, node: INode, staticData?: IDataObject): Workflow {
  return new runtime.workflow.Workflow({
    id: HARNESS_WORKFLOW_ID,
    name: 'Chronos harness',
    nodes: [node],
    connections: {},
    active: false,
    nodeTypes: nodeTypes(runtime),
    staticData: staticData ? structuredClone(staticData) : {},
    settings: { executionOrder: 'v1' },
  });
}

/** The workflow's static data as a plain object (n8n wraps it in an observable proxy). */
function plainStaticData(workflow: Workflow): IDataObject {
  return JSON.parse(JSON.stringify(workflow.staticData ?? {})) as IDataObject;
}

/** Input items as given (`binary.<name>.data` in base64, as n8n keeps small files in memory). */
function inputItems(items: INodeExecutionData[] | undefined): INodeExecutionData[] {
  return structuredClone(items ?? [{ json: {} }]);
}

type NodeError = Error & { description?: string; httpCode?: string };

/** The node's error as an Error (n8n keeps it in the run data as a plain serialisable object). */
function toError(value: unknown): NodeError | undefined {
  if (!value) return undefined;
  if (value instanceof Error) return value as NodeError;
  const fields = value as Partial<NodeError>;
  const error = new Error(fields.message ?? 'the node failed') as NodeError;
  error.name = fields.name ?? 'Error';
  if (fields.stack) error.stack = fields.stack;
  if (fields.description) error.description = fields.description;
  if (fields.httpCode) error.httpCode = fields.httpCode;
  return error;
}

/** Runs the BUILT Chronos node once, in-process, with n8n-core's WorkflowExecute. */
export async function runChronosNode(options: {
  credentials: HarnessCredentials;
  parameters: IDataObject;
  items?: INodeExecutionData[];
  continueOnFail?: boolean;
}): Promise<{ items: INodeExecutionData[]; error?: NodeError }> {
  const runtime = await n8n();
  const node = makeNode('chronos', options.parameters, options.continueOnFail);
  const workflow = makeWorkflow(runtime, node);
  const runExecutionData = runtime.workflow.createRunExecutionData({
    executionData: {
      nodeExecutionStack: [{ node, data: { main: [inputItems(options.items)] }, source: null }],
    },
  });
  const executionId = `harness-${Date.now()}`;
  // WorkflowExecute requires lifecycle hooks; n8n's CLI adds its handlers (saving the
  // execution, pushing to the editor) to them — none are needed here.
  const hooks = new runtime.core.ExecutionLifecycleHooks('manual', executionId, {
    id: HARNESS_WORKFLOW_ID,
    name: workflow.name ?? 'Chronos harness',
    active: false,
    isArchived: false,
    nodes: [node],
    connections: {},
    settings: {},
    createdAt: new Date(),
    updatedAt: new Date(),
    activeVersionId: null,
  } as WorkflowTypes.IWorkflowBase);
  const execution = new runtime.core.WorkflowExecute(
    additionalData(runtime, options.credentials, { hooks, executionId } as unknown as IDataObject),
    'manual',
    runExecutionData,
  );
  const run: IRun = await execution.processRunExecutionData(workflow);
  const task = run.data.resultData.runData[node.name]?.[0];
  const items = task?.data?.main?.[0] ?? [];
  const error = toError(task?.error ?? run.data.resultData.error);
  return { items, ...(error ? { error } : {}) };
}

/** Reads the full bytes of a binary entry of an output item (from n8n's binary data store). */
export async function binaryBuffer(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
  const runtime = await n8n();
  const binary = item.binary?.[property];
  if (!binary) throw new Error(`the item has no binary property "${property}"`);
  return await runtime.container.get(runtime.core.BinaryDataService).getAsBuffer(binary);
}

/**
 * Stores bytes in n8n's binary data store (on disk, as n8n does by default) and returns the
 * binary entry to put in an input item, e.g. `{ json: {}, binary: { data: entry } }`.
 */
export async function storeBinary(bytes: Buffer, meta: { mimeType: string; fileName?: string }): Promise<IBinaryData> {
  const runtime = await n8n();
  return await runtime.container
    .get(runtime.core.BinaryDataService)
    .store({ type: 'execution', workflowId: HARNESS_WORKFLOW_ID, executionId: 'harness-input' }, bytes, {
      data: '',
      mimeType: meta.mimeType,
      ...(meta.fileName ? { fileName: meta.fileName } : {}),
    });
}

function loadOptionsContext(runtime: N8nRuntime, credentials: HarnessCredentials, parameters: IDataObject) {
  const node = makeNode('chronos', parameters);
  const workflow = makeWorkflow(runtime, node);
  const data = additionalData(runtime, credentials, { currentNodeParameters: node.parameters });
  return { context: new runtime.core.LoadOptionsContext(workflow, node, data, ''), node: nodeType(runtime, 'chronos') };
}

/** Calls a loadOptions method of the Chronos node. */
export async function loadOptions(options: {
  credentials: HarnessCredentials;
  method: string;
  parameters?: IDataObject;
}): Promise<Array<{ name: string; value: string | number }>> {
  const runtime = await n8n();
  const { context, node } = loadOptionsContext(runtime, options.credentials, options.parameters ?? {});
  const method = node.methods?.loadOptions?.[options.method];
  if (!method) throw new Error(`the Chronos node has no loadOptions method "${options.method}"`);
  return (await method.call(context)) as Array<{ name: string; value: string | number }>;
}

/** Calls a listSearch method of the Chronos node. */
export async function listSearch(options: {
  credentials: HarnessCredentials;
  method: string;
  filter?: string;
  parameters?: IDataObject;
}): Promise<{ results: Array<{ name: string; value: string | number }> }> {
  const runtime = await n8n();
  const { context, node } = loadOptionsContext(runtime, options.credentials, options.parameters ?? {});
  const method = node.methods?.listSearch?.[options.method];
  if (!method) throw new Error(`the Chronos node has no listSearch method "${options.method}"`);
  return (await method.call(context, options.filter)) as { results: Array<{ name: string; value: string | number }> };
}

// --- Chronos Trigger ------------------------------------------------------------------------

function triggerWebhookData(node: INode, type: INodeType): IWebhookData {
  const description = type.description.webhooks?.find((w) => w.name === 'default') as IWebhookDescription;
  return {
    httpMethod: 'POST',
    node: node.name,
    path: String(description.path),
    webhookDescription: description,
    workflowId: HARNESS_WORKFLOW_ID,
    workflowExecuteAdditionalData: {} as IWebhookData['workflowExecuteAdditionalData'],
    webhookId: node.webhookId,
  };
}

/** The production URL n8n gives the trigger's webhook (what `create` registers). */
export function triggerWebhookUrl(webhookId = DEFAULT_WEBHOOK_ID): string {
  return `${HARNESS_WEBHOOK_BASE_URL}/${webhookId}/chronos`;
}

/**
 * Calls one of the trigger's webhook lifecycle methods (`checkExists`, `create`, `delete`) as
 * n8n does on activation/deactivation, with the given static data. Returns the method's
 * answer, the static data afterwards, and the webhook URL the node was given.
 */
export async function runTriggerWebhookMethod(options: {
  credentials: HarnessCredentials;
  parameters: IDataObject;
  method: 'checkExists' | 'create' | 'delete';
  staticData?: IDataObject;
  /** Another webhook id gives another URL (several triggers in one test). */
  webhookId?: string;
}): Promise<{ result: boolean; staticData: IDataObject; webhookUrl: string }> {
  const runtime = await n8n();
  const type = nodeType(runtime, 'chronosTrigger');
  const node = makeNode('chronosTrigger', options.parameters, false, options.webhookId);
  const workflow = makeWorkflow(runtime, node, options.staticData);
  const webhookData = triggerWebhookData(node, type);
  const context = new runtime.core.HookContext(
    workflow,
    node,
    additionalData(runtime, options.credentials),
    'trigger',
    'activate',
    webhookData,
  );
  const method = type.webhookMethods?.default?.[options.method];
  if (!method) throw new Error(`the Chronos Trigger has no webhook method "${options.method}"`);
  const result = await method.call(context);
  return {
    result,
    staticData: plainStaticData(workflow),
    webhookUrl: context.getNodeWebhookUrl('default') ?? '',
  };
}

export type TriggerWebhookResult = {
  /** What n8n would answer the caller. */
  status: number;
  body: unknown;
  /** The items the workflow would start with; undefined when no execution starts. */
  workflowData?: INodeExecutionData[][];
  staticData: IDataObject;
};

/**
 * Delivers one HTTP request to the trigger's `webhook` function, the way n8n's webhook server
 * does: a real HTTP request into Express, the raw body kept as `req.rawBody` (n8n's
 * rawBodyReader) and JSON parsed into `req.body`, then n8n's WebhookContext. The answer is
 * the node's own response when it wrote one (`noWebhookResponse`), else n8n's default
 * (`webhookResponse`, or "Workflow was started" when an execution starts).
 */
export async function runTriggerWebhook(options: {
  credentials: HarnessCredentials;
  parameters: IDataObject;
  headers: Record<string, string>;
  body: string | Buffer;
  staticData?: IDataObject;
  webhookId?: string;
}): Promise<TriggerWebhookResult> {
  const runtime = await n8n();
  const type = nodeType(runtime, 'chronosTrigger');
  const node = makeNode('chronosTrigger', options.parameters, false, options.webhookId);
  const workflow = makeWorkflow(runtime, node, options.staticData);
  const webhookData = triggerWebhookData(node, type);
  if (!type.webhook) throw new Error('the Chronos Trigger has no webhook function');
  const webhook = type.webhook;

  let outcome: IWebhookResponseData | undefined;
  let failure: unknown;
  const app = runtime.express();
  app.post('/webhook', (request, response) => {
    const req = request as import('node:http').IncomingMessage & { rawBody?: Buffer; body?: unknown };
    const res = response as {
      headersSent: boolean;
      status(code: number): { json(body: unknown): void };
    };
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        req.rawBody = Buffer.concat(chunks);
        const contentType = String(req.headers['content-type'] ?? '');
        try {
          req.body = contentType.startsWith('application/json') ? JSON.parse(req.rawBody.toString('utf8')) : {};
        } catch {
          res.status(422).json({ message: 'Failed to parse request body' });
          return;
        }
        try {
          const context = new runtime.core.WebhookContext(
            workflow,
            node,
            additionalData(runtime, options.credentials, { httpRequest: req, httpResponse: res } as IDataObject),
            'webhook',
            webhookData,
            [],
            null,
          );
          outcome = await webhook.call(context);
        } catch (error) {
          failure = error;
          if (!res.headersSent)
            res.status(500).json({ message: 'Workflow Webhook Error: Workflow could not be started!' });
          return;
        }
        if (res.headersSent) return;
        if (outcome.workflowData === undefined) {
          res.status(200).json(outcome.webhookResponse ?? { message: 'Webhook call received' });
        } else {
          res.status(200).json({ message: 'Workflow was started' });
        }
      })();
    });
  });

  const server = await new Promise<import('node:http').Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: options.body,
    });
    const text = await response.text();
    if (failure) throw failure;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return {
      status: response.status,
      body,
      ...(outcome?.workflowData ? { workflowData: outcome.workflowData } : {}),
      staticData: plainStaticData(workflow),
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
