// zod with `.openapi()` metadata: import `z` from here in schemas that appear in the OpenAPI
// document, so every request/response shape is declared once and documented from the same
// declaration.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };
