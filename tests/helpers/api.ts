// Starts a real admin-api (the same startServer as production) on an ephemeral port against
// a test database, for integration and end-to-end tests.
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../admin-api/src/config.ts';
import { createLogger } from '../../admin-api/src/logger.ts';
import { startServer, type StartOptions } from '../../admin-api/src/server.ts';

export const TEST_JWT_SECRET = 'test-only-jwt-secret-0123456789abcdef0123456789';
export const TEST_ENCRYPTION_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

export type TestApi = { url: string; close(): Promise<void> };

/** Rate limits high enough for suites that send thousands of requests from one IP. */
export const UNLIMITED: StartOptions = { rateLimits: { key: { points: 1e9 }, ip: { points: 1e9 } } };

export async function startTestApi(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<TestApi> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    CHRONOS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    // Timed jobs would act on other suites' data between assertions; suites that test them
    // turn them on (or call the job functions directly).
    JOBS_ENABLED: 'false',
    // Likewise the relay: suites that deliver start it (RELAY_ENABLED: 'true').
    RELAY_ENABLED: 'false',
    ...env,
  });
  const { server, close } = await startServer(config, createLogger(config.logLevel), options);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close };
}
