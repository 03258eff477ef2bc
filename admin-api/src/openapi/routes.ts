import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { openApiDocument } from './registry.ts';

/** `/api/docs/openapi.json` and the Swagger UI at `/api/docs` (assets served locally). */
export function docsRoutes(registry: OpenAPIRegistry, version: string): Router {
  const router = Router();
  let document: ReturnType<typeof openApiDocument> | undefined;
  const getDocument = () => (document ??= openApiDocument(registry, version));
  router.get('/api/docs/openapi.json', (_req, res) => {
    res.json(getDocument());
  });
  router.use(
    '/api/docs',
    swaggerUi.serveFiles(undefined, { swaggerUrl: '/api/docs/openapi.json' }),
    swaggerUi.setup(undefined, { swaggerUrl: '/api/docs/openapi.json' }),
  );
  return router;
}
