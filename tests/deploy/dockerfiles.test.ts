// The Dockerfiles, checked without building them (no container engine here): lint-clean with
// dockerfile-utils (the validator behind VS Code's Dockerfile support, every rule as an error)
// and its formatter; multi-stage; base images pinned by tag; an unprivileged USER in the final
// stage; health checks; every COPY source present in the build context and not excluded by
// .dockerignore; the n8n image on the n8n version the project pins and with the same offline
// settings as the local stack; the helper scripts executable and valid sh.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { format, validate, ValidationSeverity } from 'dockerfile-utils';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../scripts/lib/paths.ts';

const DOCKERFILES = ['admin-api', 'n8n', 'agent'].map((name) => path.join(repoRoot, 'docker', `${name}.Dockerfile`));
const read = (file: string) => fs.readFileSync(file, 'utf8');

type Instruction = { keyword: string; args: string; line: number };

/** Instructions with continuation lines joined; comments and blank lines dropped. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending: Instruction | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    const continued = line.endsWith('\\');
    const body = continued ? line.slice(0, -1).trim() : line;
    if (pending) pending.args += ` ${body}`;
    else {
      const [keyword, ...rest] = body.split(/\s+/);
      pending = { keyword: keyword!.toUpperCase(), args: rest.join(' '), line: index + 1 };
    }
    if (!continued) {
      out.push(pending);
      pending = undefined;
    }
  });
  return out;
}

/** The instructions of each stage, split at FROM. */
function stages(text: string): Instruction[][] {
  const result: Instruction[][] = [];
  for (const instruction of instructions(text)) {
    if (instruction.keyword === 'FROM') result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

function dockerignored(relative: string): boolean {
  const patterns = read(path.join(repoRoot, '.dockerignore'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const parts = relative.split('/');
  return parts.some((_, i) => patterns.some((p) => path.matchesGlob(parts.slice(0, i + 1).join('/'), p)));
}

const everyRuleAnError = Object.fromEntries(
  [
    'deprecatedMaintainer',
    'directiveCasing',
    'emptyContinuationLine',
    'instructionCasing',
    'instructionCmdMultiple',
    'instructionEntrypointMultiple',
    'instructionHealthcheckMultiple',
    'instructionJSONInSingleQuotes',
    'instructionWorkdirRelative',
  ].map((rule) => [rule, ValidationSeverity.ERROR]),
);

describe('Dockerfiles', () => {
  for (const file of DOCKERFILES) {
    const name = path.basename(file);
    describe(name, () => {
      it('lints clean and is formatted as dockerfile-utils formats it', () => {
        const text = read(file);
        assert.deepEqual(
          validate(text, everyRuleAnError).map((d) => `line ${d.range.start.line + 1}: ${d.message}`),
          [],
        );
        assert.deepEqual(format(text, { tabSize: 4, insertSpaces: true }), []);
        // A deliberately broken copy is caught, so the linter really runs.
        assert.ok(validate(`${text}\nWORKDIR relative\n`, everyRuleAnError).length > 0);
      });

      it('is multi-stage on base images pinned by tag, and runs unprivileged', () => {
        const all = stages(read(file));
        assert.ok(all.length >= 2, 'at least two stages');
        const stageNames = all.map((s) => /\bAS\s+(\S+)/i.exec(s[0]!.args)?.[1]).filter(Boolean);
        for (const stage of all) {
          const image = stage[0]!.args.split(/\s+/)[0]!;
          if (stageNames.includes(image)) continue;
          assert.match(image, /^[a-z0-9./-]+:[A-Za-z0-9._-]+$/, `${name}: ${image} has a tag`);
          assert.doesNotMatch(image, /:latest$/, `${name}: ${image} is pinned`);
        }
        const users = all.at(-1)!.filter((i) => i.keyword === 'USER');
        assert.ok(users.length > 0, `${name}: the final stage sets USER`);
        assert.doesNotMatch(users.at(-1)!.args, /^(root|0)(:|$)/, `${name}: not root`);
      });

      it('copies only what exists in the build context and .dockerignore lets through', () => {
        for (const stage of stages(read(file))) {
          for (const copy of stage.filter((i) => i.keyword === 'COPY')) {
            if (/--from=/.test(copy.args)) continue;
            const parts = copy.args.split(/\s+/).filter((p) => !p.startsWith('--'));
            for (const source of parts.slice(0, -1)) {
              const relative = source.replace(/\/$/, '');
              assert.ok(fs.existsSync(path.join(repoRoot, relative)), `${name}:${copy.line}: ${source} exists`);
              if (relative !== '.')
                assert.ok(!dockerignored(relative), `${name}:${copy.line}: ${source} is not ignored`);
            }
          }
        }
      });
    });
  }

  it('keeps secrets, local data and build output out of the build context', () => {
    for (const ignored of ['docker/.env', '.env', '.data', 'node_modules', 'admin-api/node_modules', 'dist', '.git'])
      assert.ok(dockerignored(ignored), ignored);
    for (const kept of ['admin-api/src/server.ts', 'migrations', 'workflows', 'docker/n8n-entrypoint.sh'])
      assert.ok(!dockerignored(kept), kept);
  });

  it('admin-api: node:24-bookworm-slim with PostgreSQL 16 clients; runtime last, with a health check and server.ts', () => {
    const all = stages(read(path.join(repoRoot, 'docker', 'admin-api.Dockerfile')));
    const stage = (name: string) => all.find((s) => s[0]!.args.endsWith(` AS ${name}`))!;
    const base = stage('base');
    assert.match(base[0]!.args, /^node:24-bookworm-slim AS base$/);
    assert.ok(base.some((i) => i.keyword === 'RUN' && /postgresql-client-16/.test(i.args)));
    assert.ok(
      base.some((i) => i.keyword === 'ENV' && /BACKUP_PG_BIN_DIR=\/usr\/lib\/postgresql\/16\/bin/.test(i.args)),
    );
    assert.ok(base.some((i) => i.keyword === 'ENV' && /HOST=0\.0\.0\.0/.test(i.args)));
    // The one-shots of the compose file (check-config, setup) run from this image.
    for (const copied of ['scripts', 'migrations', 'shared', 'admin-api/src'])
      assert.ok(
        base.some((i) => i.keyword === 'COPY' && i.args.split(/\s+/)[0] === copied),
        copied,
      );
    // The runtime is the last stage, so a plain `docker build` gives admin-api, not the tools.
    const runtime = all.at(-1)!;
    assert.equal(runtime[0]!.args, 'base AS runtime');
    assert.ok(runtime.some((i) => i.keyword === 'HEALTHCHECK' && /127\.0\.0\.1:8080\/health/.test(i.args)));
    assert.equal(runtime.find((i) => i.keyword === 'CMD')!.args, '["node", "admin-api/src/server.ts"]');
    assert.ok(
      runtime.some((i) => i.keyword === 'COPY' && i.args.startsWith('--from=deps ')),
      'runtime deps only',
    );
    assert.equal(stage('tools').find((i) => i.keyword === 'USER')?.args, 'node');
  });

  it("n8n: the pinned n8n release, the package where the entrypoint installs it from, the local stack's offline settings", () => {
    const text = read(path.join(repoRoot, 'docker', 'n8n.Dockerfile'));
    const final = stages(text).at(-1)!;
    const pinned = JSON.parse(read(path.join(repoRoot, 'scripts', 'n8n', 'package.json'))).dependencies.n8n;
    assert.equal(final[0]!.args, `n8nio/n8n:${pinned}`);
    assert.ok(final.some((i) => i.keyword === 'COPY' && / \/opt\/chronos\/n8n-nodes-chronos$/.test(i.args)));
    assert.equal(
      final.find((i) => i.keyword === 'ENTRYPOINT')!.args,
      '["tini", "--", "/usr/local/bin/chronos-n8n-entrypoint"]',
    );
    assert.ok(final.some((i) => i.keyword === 'HEALTHCHECK' && /healthz\/readiness/.test(i.args)));
    // OFFLINE_ENV of scripts/lib/n8n.ts, key by key.
    const source = read(path.join(repoRoot, 'scripts', 'lib', 'n8n.ts'));
    const block = /const OFFLINE_ENV = \{([\s\S]*?)\n\};/.exec(source)![1]!;
    const offline = [...block.matchAll(/^\s+([A-Z0-9_]+): '([^']*)'/gm)].map(([, k, v]) => [k, v]);
    assert.ok(offline.length >= 15);
    const env = final
      .filter((i) => i.keyword === 'ENV')
      .flatMap((i) =>
        [...i.args.matchAll(/([A-Z0-9_]+)=("[^"]*"|\S*)/g)].map(([, k, v]) => [k, v!.replace(/^"|"$/g, '')]),
      );
    for (const [key, value] of offline)
      assert.deepEqual(
        env.find(([k]) => k === key),
        [key, value],
        key,
      );
  });

  it('agent: the agent only, with its compile cache prepared', () => {
    const all = stages(read(path.join(repoRoot, 'docker', 'agent.Dockerfile')));
    assert.ok(
      all[0]!.some(
        (i) => i.keyword === 'RUN' && /NODE_COMPILE_CACHE=\S+ .*agent\/src\/main\.ts --prepare/.test(i.args),
      ),
    );
    const final = all.at(-1)!;
    assert.ok(final.some((i) => i.keyword === 'ENV' && /NODE_COMPILE_CACHE=\/var\/cache\/chronos-agent/.test(i.args)));
    assert.equal(final.find((i) => i.keyword === 'CMD')!.args, '["node", "agent/src/main.ts"]');
    const copies = final.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    assert.ok(
      copies.every((c) => c.startsWith('--from=compile-cache')),
      'nothing but the agent and its cache',
    );
  });

  it('ships its shell scripts executable and syntactically valid', () => {
    for (const script of [
      'docker/n8n-entrypoint.sh',
      'docker/minio-init.sh',
      'docker/postgres-init/10-chronos-n8n.sh',
    ]) {
      const file = path.join(repoRoot, script);
      assert.ok(fs.statSync(file).mode & 0o111, `${script} is executable`);
      const check = spawnSync('sh', ['-n', file], { encoding: 'utf8' });
      assert.equal(check.status, 0, `${script}: ${check.stderr}`);
    }
  });
});
