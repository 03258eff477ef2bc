// The OpenAPI 3.1 document is generated from the zod schemas that the routes validate with
// (http/route.ts registers every route here), so documentation cannot drift from behaviour.
import { OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

export function createApiRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A Chronos API key (chronos_…) or a console session token from POST /api/auth/login',
  });
  return registry;
}

export function openApiDocument(registry: OpenAPIRegistry, version: string) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Chronos admin API',
      version,
      description:
        'The system of record of Chronos. Lists follow the ra-data-simple-rest contract (filter/range/sort query, Content-Range); errors are application/problem+json with field-keyed `errors`.',
    },
    security: [{ bearer: [] }],
  });
}
