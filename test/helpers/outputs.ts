import { buildInventory } from '../../src/model/identity/inventory.js';
import { createBaseline } from '../../src/pipeline/baseline.js';
import { INFORMATION_URI } from '../../src/report/common.js';
import { toGithub } from '../../src/report/github.js';
import { toInventoryJson, toInventoryMarkdown, toInventoryText } from '../../src/report/inventory.js';
import { toJson } from '../../src/report/json.js';
import { toSarif } from '../../src/report/sarif.js';
import { toText } from '../../src/report/text.js';
import type { scanFiles } from './scan.js';

const TEST_TOOL = { name: 'nhiscan' as const, version: '0.0.0-test', informationUri: INFORMATION_URI };

/** Every report a scan can produce, joined: what the no-leak tests search for secret values. */
export function everyOutput(result: Awaited<ReturnType<typeof scanFiles>>): string {
  const inventory = buildInventory(result.facts, result.findings);
  return [
    toInventoryText(inventory, { color: false }),
    toInventoryMarkdown(inventory),
    toInventoryJson(inventory, TEST_TOOL),
    toText(result, { color: false, verbose: true }),
    toJson(result, TEST_TOOL),
    toSarif(result, { tool: TEST_TOOL, includeSuppressed: true }),
    toGithub(result),
    JSON.stringify(createBaseline(result.findings)),
  ].join('\n');
}
