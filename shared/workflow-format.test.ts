import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatWorkflow, normalizeWorkflow } from './workflow-format.ts';

const exported = {
  updatedAt: '2026-11-20T10:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  versionId: '3f0c…',
  active: true,
  name: 'Daily backup',
  id: 'wf1',
  pinData: { Trigger: [{ json: { a: 1 } }] },
  staticData: { node: { lastRun: 1 } },
  meta: { instanceId: 'abc', templateId: 't1' },
  settings: { timezone: 'UTC', executionOrder: 'v1' },
  nodes: [
    { type: 'n8n-nodes-base.scheduleTrigger', name: 'Trigger', position: [0, 0], parameters: { rule: {} } },
    { name: 'Backup', type: 'n8n-nodes-chronos.chronos', position: [200, 0], parameters: {} },
  ],
  connections: { Trigger: { main: [[{ node: 'Backup', type: 'main', index: 0 }]] } },
};

describe('workflow format', () => {
  it('drops the volatile fields and meta.instanceId, keeps the rest', () => {
    const normalized = normalizeWorkflow(exported);
    for (const field of ['updatedAt', 'createdAt', 'versionId', 'active', 'pinData', 'staticData'])
      assert.equal(field in normalized, false, field);
    assert.deepEqual(normalized.meta, { templateId: 't1' });
    assert.equal(normalized.name, 'Daily backup');
    assert.equal((normalized.nodes as unknown[]).length, 2);
  });

  it('sorts keys at every level and keeps array order', () => {
    const normalized = normalizeWorkflow(exported);
    assert.deepEqual(Object.keys(normalized), ['connections', 'id', 'meta', 'name', 'nodes', 'settings']);
    const nodes = normalized.nodes as Array<Record<string, unknown>>;
    assert.deepEqual(Object.keys(nodes[0]!), ['name', 'parameters', 'position', 'type']);
    assert.deepEqual(
      nodes.map((n) => n.name),
      ['Trigger', 'Backup'],
    );
  });

  it('drops a meta that only held the instance id', () => {
    assert.equal('meta' in normalizeWorkflow({ name: 'x', meta: { instanceId: 'i' } }), false);
  });

  it('serialises the same workflow to the same bytes whatever n8n changed', () => {
    const touched = { ...exported, updatedAt: '2027-01-01T00:00:00.000Z', versionId: 'other', active: false };
    const reordered = Object.fromEntries(Object.entries(touched).reverse());
    assert.equal(formatWorkflow(reordered), formatWorkflow(exported));
    assert.ok(formatWorkflow(exported).endsWith('}\n'));
    assert.notEqual(formatWorkflow({ ...exported, name: 'Renamed' }), formatWorkflow(exported));
  });
});
