const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID: ids of UUID columns that are not one name nothing (404, never a cast error). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
