// Loads the pinned n8n runtime (n8n-core, n8n-workflow and their dependency injection
// container) from the cached n8n install that `npm test` prepares, for the in-process node
// harness (tests/helpers/n8n-harness.ts). n8n is not a dependency of the repository (the
// package must have none), so its modules are required from that folder, and the types below
// describe only the few members the harness uses.
import fs from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Workflow from 'n8n-workflow';

/** node_modules of the n8n install: CHRONOS_N8N_BIN is <dir>/node_modules/n8n/bin/n8n. */
export function n8nModulesDir(): string {
  const bin = process.env.CHRONOS_N8N_BIN;
  if (!bin) throw new Error('CHRONOS_N8N_BIN is not set: run the tests with `npm test`');
  return path.resolve(path.dirname(bin), '..', '..');
}

type Constructor<T = object> = new (...args: never[]) => T;

export type N8nCore = {
  WorkflowExecute: new (
    additionalData: unknown,
    mode: Workflow.WorkflowExecuteMode,
    runExecutionData?: Workflow.IRunExecutionData,
  ) => { processRunExecutionData(workflow: Workflow.Workflow): Promise<Workflow.IRun> };
  LoadOptionsContext: new (
    workflow: Workflow.Workflow,
    node: Workflow.INode,
    additionalData: unknown,
    path: string,
  ) => Workflow.ILoadOptionsFunctions;
  HookContext: new (
    workflow: Workflow.Workflow,
    node: Workflow.INode,
    additionalData: unknown,
    mode: Workflow.WorkflowExecuteMode,
    activation: Workflow.WorkflowActivateMode,
    webhookData?: Workflow.IWebhookData,
  ) => Workflow.IHookFunctions;
  WebhookContext: new (
    workflow: Workflow.Workflow,
    node: Workflow.INode,
    additionalData: unknown,
    mode: Workflow.WorkflowExecuteMode,
    webhookData: Workflow.IWebhookData,
    closeFunctions: Array<() => Promise<void>>,
    runExecutionData: Workflow.IRunExecutionData | null,
  ) => Workflow.IWebhookFunctions;
  BinaryDataService: Constructor<{
    init(): Promise<void>;
    getAsBuffer(binaryData: Workflow.IBinaryData): Promise<Buffer>;
    store(
      location: { type: 'execution'; workflowId: string; executionId: string },
      bytes: Buffer,
      binaryData: Workflow.IBinaryData,
    ): Promise<Workflow.IBinaryData>;
  }>;
  ExecutionLifecycleHooks: new (
    mode: Workflow.WorkflowExecuteMode,
    executionId: string,
    workflowData: Workflow.IWorkflowBase,
  ) => object;
};

export type N8nWorkflow = {
  Workflow: new (parameters: {
    id?: string;
    name?: string;
    nodes: Workflow.INode[];
    connections: Workflow.IConnections;
    active: boolean;
    nodeTypes: Workflow.INodeTypes;
    staticData?: Workflow.IDataObject;
    settings?: Workflow.IWorkflowSettings;
  }) => Workflow.Workflow;
  createRunExecutionData(options: {
    executionData?: { nodeExecutionStack?: Workflow.IExecuteData[] };
  }): Workflow.IRunExecutionData;
  ICredentialsHelper: abstract new () => object;
};

export type N8nRuntime = {
  core: N8nCore;
  workflow: N8nWorkflow;
  container: { get<T>(type: Constructor<T>): T };
  express: () => ExpressApp;
  /** Loads a CommonJS module of the built package with n8n's copy of n8n-workflow. */
  requirePackageModule(file: string): unknown;
};

export type ExpressApp = {
  post(path: string, handler: (req: unknown, res: unknown) => void): void;
  listen(port: number, host: string, callback: () => void): import('node:http').Server;
};

let runtime: N8nRuntime | undefined;

/**
 * n8n reads its settings (user folder, log level, binary data storage) from the environment
 * when its modules are first loaded: point them at a throw-away folder under the test run's
 * work directory so nothing lands in ~/.n8n.
 */
function prepareEnvironment(): void {
  const base = process.env.CHRONOS_TEST_WORK_DIR ?? os.tmpdir();
  if (!process.env.N8N_USER_FOLDER) {
    process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(base, 'n8n-harness-'));
  }
  process.env.N8N_LOG_LEVEL ??= 'silent';
  process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
  // Binary data as n8n stores it by default: files on disk, items carrying only an id.
  process.env.N8N_DEFAULT_BINARY_DATA_MODE ??= 'filesystem';
}

export function loadN8n(): N8nRuntime {
  if (runtime) return runtime;
  prepareEnvironment();
  const modules = n8nModulesDir();
  const requireN8n = createRequire(path.join(modules, 'noop.js'));
  // The DI container needs the metadata polyfill before any decorated class is loaded.
  requireN8n('reflect-metadata');
  const workflowEntry = requireN8n.resolve('n8n-workflow');

  // In n8n a community package finds n8n's own n8n-workflow (it is a peer dependency), so
  // `instanceof NodeApiError` and friends agree between the node and the engine. The built
  // package in dist/ would find the repository's copy first: redirect it, for dist/ only.
  const distUrl = pathToFileURL(path.resolve(import.meta.dirname, '..', '..', 'dist') + path.sep).href;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'n8n-workflow' && context.parentURL?.startsWith(distUrl)) {
        return { url: pathToFileURL(workflowEntry).href, shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
  });

  const core = requireN8n('n8n-core') as N8nCore;
  const workflow = requireN8n('n8n-workflow') as N8nWorkflow;
  const { Container } = requireN8n('@n8n/di') as { Container: N8nRuntime['container'] };
  const express = requireN8n('express') as () => ExpressApp;
  runtime = {
    core,
    workflow,
    container: Container,
    express,
    requirePackageModule: (file) => requireN8n(file),
  };
  return runtime;
}
