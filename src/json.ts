// One way to look into parsed JSON of unknown shape: a field that is not an object reads as an empty one.

export type JsonObject = Record<string, unknown>;

// The value as an object, or {} when it is anything else (null, an array, a string, …).
export function rec(v: unknown): JsonObject {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : {};
}
