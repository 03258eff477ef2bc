// `npm run deploy:check [-- --file docker/.env] [--compose docker/compose.yaml]`: validates the
// production configuration before anything starts — every variable's format, the values that
// must agree with each other, and admin-api's own schema (loadConfig) applied to exactly the
// environment compose will give admin-api. Prints every problem with the variable's name (never
// a secret's value) and exits 1, or prints one OK line and exits 0.
//
// `--env` checks the process environment instead: the compose service config-check runs it in
// the admin-api image with the same values the services get.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { composeVariables, resolveCompose, serviceEnvironment } from './lib/deploy-compose.ts';
import { envValues, parseEnvFile } from './lib/deploy-env-file.ts';
import { checkAdminApi, checkVariables, uniqueProblems, withoutSecrets, type Problem } from './lib/deploy-checks.ts';
import { repoRoot } from './lib/paths.ts';

function parseOptions() {
  try {
    return parseArgs({
      options: {
        env: { type: 'boolean', default: false },
        file: { type: 'string', default: path.join(repoRoot, 'docker', '.env') },
        compose: { type: 'string', default: path.join(repoRoot, 'docker', 'compose.yaml') },
      },
    }).values;
  } catch (error) {
    process.stderr.write(
      `${(error as Error).message}\nusage: npm run deploy:check [-- --file docker/.env] [--compose docker/compose.yaml] | node scripts/check-config.ts --env\n`,
    );
    process.exit(2);
  }
}
const args = parseOptions();

type Checked = { source: string; problems: Problem[]; variables: Record<string, string | undefined> };

function checkProcessEnvironment(): Checked {
  const env = process.env;
  return { source: 'the environment', problems: [...checkVariables(env), ...checkAdminApi(env)], variables: env };
}

function checkEnvFile(file: string, composeFile: string): Checked {
  // Relative to where the command runs when inside it (docker/.env), else the full path.
  const relative = path.relative(process.cwd(), file);
  const shown = relative && !relative.startsWith('..') ? relative : file;
  if (!fs.existsSync(file)) {
    return {
      source: shown,
      problems: [{ variable: shown, message: 'does not exist: create it with npm run deploy:env' }],
      variables: {},
    };
  }
  const parsed = parseEnvFile(fs.readFileSync(file, 'utf8'));
  const composeText = fs.readFileSync(composeFile, 'utf8');
  // As in docker compose, a variable set in the shell wins over the file.
  const values = envValues(parsed.lines);
  const fromShell = [...composeVariables(composeText).keys()].filter((name) => process.env[name] !== undefined);
  for (const name of fromShell) values.set(name, process.env[name]!);
  const variables = Object.fromEntries(values);
  const problems: Problem[] = [...parsed.problems];
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077)
    problems.push({
      variable: shown,
      message: `is readable by others (mode ${mode.toString(8)}): chmod 600 it (npm run deploy:env does)`,
    });
  // What compose itself would refuse (missing required values), and the environment it would
  // give admin-api — read from the compose file, not restated here.
  const { compose, problems: missing } = resolveCompose(composeText, values);
  const absent = new Set(missing.map((p) => p.variable));
  problems.push(...missing);
  problems.push(...checkVariables(variables).filter((p) => !absent.has(p.variable)));
  problems.push(...checkAdminApi(serviceEnvironment(compose, 'admin-api')).filter((p) => !absent.has(p.variable)));
  const source = fromShell.length ? `${shown} (with ${fromShell.join(', ')} from the shell environment)` : shown;
  return { source, problems, variables };
}

const checked = args.env ? checkProcessEnvironment() : checkEnvFile(path.resolve(args.file!), args.compose!);
const problems = withoutSecrets(uniqueProblems(checked.problems), checked.variables);
if (problems.length > 0) {
  process.stderr.write(
    `check-config: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${checked.source}:\n` +
      problems.map((p) => `  - ${p.variable} ${p.message}\n`).join(''),
  );
  process.exit(1);
}
process.stdout.write(`check-config: ${checked.source} is OK (formats, cross-checks and admin-api's own schema)\n`);
