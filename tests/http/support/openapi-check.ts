import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { createOpenApiDocument } from '../../../src/http/index.js';

// Every JSON answer an HTTP test sees is checked against the published document, so the
// document cannot drift from what the servers answer.
const document = createOpenApiDocument() as {
  paths: Record<string, Record<string, { responses: Record<string, ResponseDoc> }>>;
  components: { schemas: Record<string, unknown> };
};

interface ResponseDoc {
  readonly content?: { 'application/json'?: { schema: unknown } };
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'openapi', components: document.components });
const validators = new Map<unknown, ValidateFunction>();

const templates = Object.keys(document.paths).map((path) => ({
  path,
  pattern: new RegExp(`^${path.replace(/\{id\}/g, '[^/]+')}$`),
}));

/** The document's schema for an answer: its path and method's, else the error schema. */
function schemaFor(path: string, method: string, status: number): unknown {
  const template = templates.find(({ pattern }) => pattern.test(path));
  const operation = template && document.paths[template.path]?.[method.toLowerCase()];
  const response = operation?.responses[String(status)] ?? operation?.responses.default;
  return response?.content?.['application/json']?.schema ?? { $ref: '#/components/schemas/Error' };
}

/**
 * Throws when a JSON answer does not match the OpenAPI document. OPTIONS and HEAD answers have
 * no body to check.
 */
export function checkAgainstOpenApi(
  url: string,
  method: string,
  status: number,
  body: unknown,
): void {
  if (method === 'OPTIONS' || method === 'HEAD' || body === undefined) return;
  const path = new URL(url).pathname;
  const schema = schemaFor(path, method, status);
  let validate = validators.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(resolveRefs(schema));
    validators.set(schema, validate);
  }
  if (!validate(body)) {
    throw new Error(
      `${method} ${path} ${status} does not match the OpenAPI document: ${ajv.errorsText(validate.errors)}`,
    );
  }
}

/** Local `#/components/...` references, pointed at the registered document. */
function resolveRefs(schema: unknown): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));
}
