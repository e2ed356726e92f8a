import { z } from 'zod';
import { configSchema } from './schema.js';

/** The configuration's JSON Schema (published as schema/nhiscan.schema.json), as text. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { unrepresentable: 'any' });
  return JSON.stringify({ ...schema, $id: 'https://github.com/nhiscan/nhiscan/raw/main/schema/nhiscan.schema.json', title: 'nhiscan configuration' }, null, 2) + '\n';
}
