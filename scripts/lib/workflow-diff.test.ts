// The structural diff and the file ↔ n8n translations of the workflow tooling, without n8n.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { N8nNode } from './n8n-public-api.ts';
import { diffWorkflows } from './workflow-diff.ts';
import { CredentialResolver, hasActivatableTrigger, missingCredentials, toRepoForm } from './workflow-files.ts';

const node = (name: string, type: string, parameters: Record<string, unknown> = {}) => ({
  id: `id-${name}`,
  name,
  type,
  typeVersion: 1,
  position: [0, 0],
  parameters,
});

describe('diffWorkflows', () => {
  const repo = {
    name: 'A',
    settings: { executionOrder: 'v1' },
    nodes: [node('Start', 'n8n-nodes-base.scheduleTrigger'), node('Do', 'n8n-nodes-chronos.chronos', { x: 1 })],
    connections: { Start: { main: [[{ node: 'Do', type: 'main', index: 0 }]] } },
  };

  it('is empty for the same workflow', () => {
    assert.deepEqual(diffWorkflows(repo, structuredClone(repo)), []);
  });

  it('names changed fields, parameters, added and removed nodes and connections', () => {
    const live: Record<string, unknown> & { nodes: N8nNode[] } = structuredClone(repo);
    live.name = 'B';
    live.nodes[1]!.parameters = { x: 2, y: 'new' };
    live.nodes.push(node('Log', 'n8n-nodes-base.noOp'));
    live.connections = { Do: { main: [[{ node: 'Log', type: 'main', index: 0 }]] } };
    assert.deepEqual(diffWorkflows(repo, live), [
      'name: "A" → "B"',
      '+ node "Log" (n8n-nodes-base.noOp)',
      '~ node "Do": parameters.x: 1 → 2',
      '~ node "Do": parameters.y: (none) → "new"',
      '+ connection Do (main 0) → Log (main 0)',
      '- connection Start (main 0) → Do (main 0)',
    ]);
  });
});

describe('workflow file translations', () => {
  it('maps real credential ids back to the placeholders and puts the repo identity back', () => {
    const live = {
      id: 'n8nAssignedId',
      name: 'A',
      active: true,
      versionId: 'v',
      nodes: [
        {
          ...node('Do', 'n8n-nodes-chronos.chronos'),
          credentials: { chronosApi: { id: 'real', name: 'Chronos API' } },
        },
      ],
      connections: {},
      settings: {},
      description: null,
      nodeGroups: [],
    };
    const form = toRepoForm(live, { key: 'a', version: 3, repoId: 'RepoId' }, new Map());
    assert.equal(form.id, 'RepoId');
    assert.deepEqual(form.meta, { chronosKey: 'a', chronosVersion: 3 });
    assert.deepEqual((form.nodes as Array<{ credentials: unknown }>)[0]!.credentials, {
      chronosApi: { id: 'chronosApiCredential', name: 'Chronos API' },
    });
    assert.ok(!('description' in form) && !('nodeGroups' in form) && !('versionId' in form));
  });

  it('tells activatable triggers and missing credentials', () => {
    assert.equal(hasActivatableTrigger([node('S', 'n8n-nodes-base.scheduleTrigger')]), true);
    assert.equal(hasActivatableTrigger([node('T', 'n8n-nodes-chronos.chronosTrigger')]), true);
    assert.equal(hasActivatableTrigger([node('W', 'n8n-nodes-base.webhook')]), true);
    assert.equal(hasActivatableTrigger([node('M', 'n8n-nodes-base.manualTrigger')]), false);
    assert.equal(hasActivatableTrigger([{ ...node('S', 'n8n-nodes-base.scheduleTrigger'), disabled: true }]), false);
    const resolver = new CredentialResolver([{ id: 'c1', name: 'Chronos API', type: 'chronosApi' }]);
    const nodes: N8nNode[] = [
      { ...node('Do', 'n8n-nodes-chronos.chronos'), credentials: { chronosApi: { id: 'c1', name: 'Chronos API' } } },
      {
        ...node('Cal', 'n8n-nodes-base.googleCalendar'),
        credentials: { googleCalendarOAuth2Api: { id: 'googleCalendarCredential', name: 'Google Calendar' } },
      },
    ];
    assert.deepEqual(missingCredentials(nodes, resolver), ['Google Calendar (googleCalendarOAuth2Api)']);
  });
});
