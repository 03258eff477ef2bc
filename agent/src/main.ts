// Entry point: `node agent/src/main.ts` (config from CHRONOS_AGENT_CONFIG and env, see
// agent/README.md). Exit 2 on a bad configuration (every bad field named), 0 after SIGTERM
// or SIGINT once the report in progress is sent.
// `--prepare` validates the configuration and exits: with NODE_COMPILE_CACHE set, loading the
// modules also fills Node's compile cache, so the real start finds every module already
// stripped of its types and never loads the TypeScript stripper (~35 MB of RSS for the whole
// life of the process otherwise — more than half the agent's budget).
import { Agent } from './agent.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';

function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${JSON.stringify({ level: 'error', msg: error.message, errors: error.errors })}\n`);
    process.exit(2);
  }
  const log = createLogger(config.log_level);
  if (process.argv.includes('--prepare')) {
    log.info('configuration valid', { host: config.host, compile_cache: process.env.NODE_COMPILE_CACHE ?? null });
    return;
  }
  if (!process.env.NODE_COMPILE_CACHE)
    log.warn('NODE_COMPILE_CACHE is not set: TypeScript is stripped at every start, costing ~35 MB of RSS');
  const agent = new Agent(config, log);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    agent.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  agent.start();
}

main();
