import { z } from 'zod';

/** JSON Schema of an OpenAPI 3.1 document: draft 2020-12, as a plain object. */
export type JsonSchema = Record<string, unknown>;

/**
 * Metadata a lenient body reader (`z.unknown().transform(...)`, whose own JSON Schema is
 * empty) carries so the document still says what it accepts: the JSON Schema keywords of the
 * value, plus `required` for a field the parser refuses to go without.
 */
export interface FieldMeta {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  description?: string;
  required?: boolean;
  enum?: readonly (string | number)[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
}

/** Attaches `meta` to a reader schema; z.toJSONSchema then renders it (see toJsonSchema). */
export function describeField<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  const { required, ...keywords } = meta;
  return schema.meta({ ...keywords, ...(required ? { 'x-cafe-required': true } : {}) }) as T;
}

/**
 * The JSON Schema of what a request may send (zod's input side): transforms are described by
 * their metadata, and properties marked required by `describeField` are listed as required
 * even though the reader itself accepts `undefined` (so it can answer the catalogue error).
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      const properties = jsonSchema.properties as Record<string, JsonSchema> | undefined;
      if (!properties) return;
      const required = new Set((jsonSchema.required as string[] | undefined) ?? []);
      for (const [name, property] of Object.entries(properties)) {
        if (property['x-cafe-required']) required.add(name);
      }
      if (required.size > 0) jsonSchema.required = [...required];
    },
  }) as JsonSchema;
  return stripMarkers(json) as JsonSchema;
}

function stripMarkers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMarkers);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key === 'x-cafe-required' || key === '$schema') continue;
    out[key] = stripMarkers(entry);
  }
  return out;
}
