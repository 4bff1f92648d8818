import { CafeError } from '@cafe/shared';
import { OBJECT_FIELDS, OBJECT_TYPES, type ObjectField, type ObjectType, type SharedObject } from './shared-object';

/** The object fields a request gave, validated (docs/api.md#shared-objects table); absent fields are absent. */
export type ObjectFieldValues = Partial<Pick<SharedObject, ObjectField>>;

/** An object type (trimmed, lower-cased); anything else → ERR_INVALID_ENUM. */
export function readObjectType(value: unknown, field = 'objectType'): ObjectType {
  const lowered = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (lowered === undefined || !(OBJECT_TYPES as readonly string[]).includes(lowered)) {
    throw new CafeError('ERR_INVALID_ENUM', `${field} must be one of ${OBJECT_TYPES.join(', ')}`, { field, value, allowed: [...OBJECT_TYPES] });
  }
  return lowered as ObjectType;
}

function readText(field: string, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw new CafeError('ERR_VALIDATION', `${field} must be a string or null`, { field });
  return value === '' ? null : value;
}

function readObject(field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CafeError('ERR_VALIDATION', `${field} must be an object`, { field });
  return value as Record<string, unknown>;
}

function readQuantity(value: unknown): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new CafeError('ERR_VALIDATION', 'quantity must be a number or null', { field: 'quantity' });
  const rounded = Math.round(value);
  if (rounded < 0) throw new CafeError('ERR_OUT_OF_BOUNDS', 'quantity must be at least 0', { field: 'quantity', min: 0, value });
  return rounded;
}

const READERS: { [F in ObjectField]: (value: unknown) => ObjectFieldValues[F] } = {
  objectType: (value) => readObjectType(value),
  objectKey: (value) => readText('objectKey', value),
  title: (value) => readText('title', value),
  content: (value) => readText('content', value),
  data: (value) => readObject('data', value),
  quantity: readQuantity,
  metadata: (value) => readObject('metadata', value),
};

/** The fields present in `body`, each validated. */
export function parseObjectFields(body: Record<string, unknown>): ObjectFieldValues {
  const values: Record<string, unknown> = {};
  for (const field of OBJECT_FIELDS) if (body[field] !== undefined) values[field] = READERS[field](body[field]);
  return values as ObjectFieldValues;
}

/** `PATCH /v1/objects/{id}` fields: at least one, else ERR_VALIDATION listing them. */
export function parseObjectPatch(body: Record<string, unknown>): ObjectFieldValues {
  const values = parseObjectFields(body);
  if (Object.keys(values).length === 0) {
    throw new CafeError('ERR_VALIDATION', `At least one of ${OBJECT_FIELDS.join(', ')} is required`, { fields: [...OBJECT_FIELDS] });
  }
  return values;
}
