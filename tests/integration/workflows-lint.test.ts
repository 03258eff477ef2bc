// The versioned workflows (workflows/*.json) against the node types that run them: n8n's
// built-in nodes of the pinned n8n install and the Chronos nodes as built into dist/ (`npm
// test` builds it first). Any issue here is a workflow n8n would import but run wrongly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../scripts/lib/paths.ts';
import { defaultCatalogOptions, lintWorkflows, loadNodeCatalog } from '../../scripts/lib/workflow-lint.ts';

const workflowsDir = path.join(repoRoot, 'workflows');

describe('versioned workflows', () => {
  const catalog = loadNodeCatalog(defaultCatalogOptions());

  it('lint without a single issue', () => {
    const issues = lintWorkflows(workflowsDir, catalog);
    assert.deepEqual(
      issues.map((i) => `${i.file}${i.node ? ` [${i.node}]` : ''}: ${i.message}`),
      [],
    );
  });

  it('use both Chronos nodes, and every workflow file is described in the README', () => {
    assert.ok(catalog.has('n8n-nodes-chronos.chronos'), 'the Chronos node is built');
    assert.ok(
      catalog.has('n8n-nodes-chronos.chronosTrigger'),
      'the Chronos Trigger node is built and listed in package.json',
    );
    const files = fs.readdirSync(workflowsDir).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 13, `${files.length} workflow files`);
    const readme = fs.readFileSync(path.join(workflowsDir, 'README.md'), 'utf8');
    for (const file of files) assert.ok(readme.includes(`\`${file}\``), `README.md describes ${file}`);
  });
});
