// Checks an answer's body against the schema the OpenAPI document gives its operation and status
// (references such as #/components/schemas/Error resolved within the document).
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

export interface OpenApiDoc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components?: unknown;
}

export type AnswerCheck = (path: string, method: string, status: number, body: unknown) => string | undefined;

/** A checker over `doc`: undefined when the body fits (or the document gives that answer no JSON schema), else why not. */
export function answerChecker(doc: OpenApiDoc): AnswerCheck {
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  ajv.addSchema({ $id: 'openapi', paths: doc.paths, components: doc.components });
  const compiled = new Map<string, ValidateFunction | undefined>();
  return (path, method, status, body) => {
    const key = `${method} ${path} ${status}`;
    if (!compiled.has(key)) {
      const hasSchema = doc.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema !== undefined;
      const pointer = ['paths', path, method, 'responses', String(status), 'content', 'application/json', 'schema']
        .map((part) => encodeURIComponent(part.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');
      compiled.set(key, hasSchema ? ajv.getSchema(`openapi#/${pointer}`) : undefined);
    }
    const validate = compiled.get(key);
    if (!validate || validate(body)) return undefined;
    return `${key}: ${JSON.stringify(validate.errors?.slice(0, 3))} in ${JSON.stringify(body).slice(0, 500)}`;
  };
}
