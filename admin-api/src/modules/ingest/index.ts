// The ingest module's two entry points for app.ts: the receiver (mounted before the global
// JSON parser) and the /api/v1 routes.
export { ingestReceiver } from './receiver.ts';
export { ingestRoutes } from './routes.ts';
