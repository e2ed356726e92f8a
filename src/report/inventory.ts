import { createColors } from 'picocolors';
import { INVENTORY_CATEGORIES, type Inventory, type InventoryEntry, type InventoryPlace } from '../model/identity/inventory.js';
import type { ToolInfo } from './common.js';
import { markdownCode, markdownText, mapStrings, terminalSafe } from './escape.js';
import { locationJson } from './json.js';

/** Version of the inventory JSON schema (documented in the README); bumped on incompatible changes. */
const INVENTORY_SCHEMA_VERSION = 1;

/** Totals for the headline of every format. */
function totals(inventory: Inventory) {
  const entries = inventory.entries;
  return {
    identities: entries.length,
    uses: entries.reduce((n, e) => n + e.uses.length, 0),
    longLived: entries.filter((e) => e.lifetime === 'long-lived').length,
    flagged: entries.filter((e) => e.findings.length).length,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function headline(inventory: Inventory): string {
  const t = totals(inventory);
  return `${t.identities} ${t.identities === 1 ? 'identity' : 'identities'} · ${plural(t.uses, 'use')} · ${t.longLived} long-lived · ${t.flagged} with findings`;
}

/** Where an identity is used, in a few words per place: `deploy.yml › deploy`, `orders-api`, `services/orders/.env`. */
function usedBy(entry: InventoryEntry): string[] {
  const places = entry.uses.length ? entry.uses : entry.definitions;
  return [...new Set(places.map(shortPlace))];
}

function shortPlace(place: InventoryPlace): string {
  if (place.tool !== undefined && place.job === undefined) return place.server ? `${place.tool} › ${place.server}` : place.tool;
  if (place.job !== undefined) return `${basename(place.pipeline ?? place.location.path)} › ${place.job === '*' ? '(every job)' : place.job}`;
  const where = place.service ?? place.location.path;
  return place.variable && place.role === 'use' ? `${where}: ${place.variable}` : where;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function findingsText(entry: InventoryEntry): string {
  return [...new Set(entry.findings.map((f) => `${f.ruleId.replace(/^identity\//, '')} (${f.severity})`))].join(', ');
}

function fit(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

function joinFit(parts: readonly string[], width: number): string {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const next = out ? `${out}, ${parts[i]}` : parts[i]!;
    const rest = parts.length - i - 1;
    if (next.length + (rest ? ` +${rest}`.length : 0) > width) {
      if (out) return `${out} +${parts.length - i}`;
      return rest ? `${fit(parts[i]!, width - ` +${rest}`.length).trimEnd()} +${rest}` : fit(parts[i]!, width).trimEnd();
    }
    out = next;
  }
  return out;
}

export interface InventoryTextOptions {
  color: boolean;
}

/**
 * The inventory for people: one table per category (identity, use count, where it is used,
 * environments, lifetime, findings), then every place each identity is used with its triggers
 * and permissions.
 */
export function toInventoryText(scanned: Inventory, options: InventoryTextOptions): string {
  const inventory = mapStrings(scanned, terminalSafe);
  const c = createColors(options.color);
  const out: string[] = [c.bold('Machine identity inventory'), c.dim(headline(inventory)), ''];
  if (!inventory.entries.length) {
    out.push('No machine identities found: no CI secrets, service accounts, cloud identities or committed credentials.');
    return out.join('\n') + '\n';
  }
  const longest = Math.max(...inventory.entries.map((e) => e.name.length));
  const widths = { name: Math.min(64, Math.max(20, longest)), uses: 4, where: 44, env: 22, life: 11 };
  for (const category of INVENTORY_CATEGORIES) {
    const entries = inventory.entries.filter((e) => e.category === category.id);
    if (!entries.length) continue;
    out.push(c.bold(category.title));
    out.push(
      c.dim(
        `  ${fit('IDENTITY', widths.name)}  ${'USES'.padStart(widths.uses)}  ${fit('USED BY', widths.where)}  ${fit('ENVIRONMENTS', widths.env)}  ${fit('LIFETIME', widths.life)}  FINDINGS`,
      ),
    );
    for (const e of entries) {
      const life = e.lifetime === 'long-lived' ? c.yellow(fit(e.lifetime, widths.life)) : fit(e.lifetime, widths.life);
      out.push(
        `  ${fit(e.name, widths.name)}  ${String(e.uses.length).padStart(widths.uses)}  ${fit(joinFit(usedBy(e), widths.where), widths.where)}  ${fit(e.environments.join(', ') || '—', widths.env)}  ${life}  ${e.findings.length ? c.red(findingsText(e)) : c.dim('—')}`,
      );
    }
    out.push('');
  }
  out.push(c.bold('Where each identity is used'));
  for (const e of inventory.entries) {
    out.push(`  ${c.bold(e.name)} ${c.dim(`(${e.id} · ${e.type} · ${e.lifetime})`)}`);
    const context = [
      e.triggers.length ? `triggers: ${e.triggers.join(', ')}` : '',
      e.permissions.length ? `permissions: ${e.permissions.join(', ')}` : '',
      e.purposes.length ? `purposes: ${e.purposes.join(', ')}` : '',
    ].filter(Boolean);
    if (context.length) out.push(c.dim(`    ${context.join(' · ')}`));
    for (const p of [...e.uses, ...e.definitions]) {
      out.push(`    ${c.dim(roleWord(p).padEnd(7))} ${p.location.path}:${p.location.start.line}  ${c.dim(p.description)}`);
    }
  }
  return out.join('\n') + '\n';
}

function roleWord(place: InventoryPlace): string {
  switch (place.role) {
    case 'definition':
      return 'defined';
    case 'binding':
      return 'granted';
    case 'link':
      return 'linked';
    default:
      return 'used';
  }
}

/** Scanned text in a table cell or a list item: rendered as the same text, nothing more (no link, image, HTML or mention). */
const cell = markdownText;

/** The inventory as markdown for a pull-request comment or a wiki page: tables, then the places in a collapsible block. */
export function toInventoryMarkdown(inventory: Inventory): string {
  const out: string[] = ['## Machine identity inventory', '', headline(inventory), ''];
  if (!inventory.entries.length) {
    out.push('No machine identities found.');
    return out.join('\n') + '\n';
  }
  for (const category of INVENTORY_CATEGORIES) {
    const entries = inventory.entries.filter((e) => e.category === category.id);
    if (!entries.length) continue;
    out.push(`### ${category.title}`, '', '| Identity | Uses | Used by | Environments | Triggers | Lifetime | Findings |', '|---|---:|---|---|---|---|---|');
    for (const e of entries) {
      const where = usedBy(e);
      const shown = where.slice(0, 4).map(cell).join('<br>') + (where.length > 4 ? `<br>+${where.length - 4} more` : '');
      out.push(
        `| ${markdownCode(e.name, 'table')} | ${e.uses.length} | ${shown || '—'} | ${cell(e.environments.join(', ')) || '—'} | ${cell(e.triggers.join(', ')) || '—'} | ${e.lifetime} | ${e.findings.length ? `⚠️ ${findingsText(e)}` : '—'} |`,
      );
    }
    out.push('');
  }
  out.push('<details><summary>Where each identity is used</summary>', '');
  for (const e of inventory.entries) {
    const context = [
      e.permissions.length ? `permissions: ${e.permissions.join(', ')}` : '',
      e.purposes.length ? `purposes: ${e.purposes.join(', ')}` : '',
    ].filter(Boolean);
    out.push(`- **${markdownCode(e.name)}** (${markdownCode(e.id)}, ${e.type}, ${e.lifetime})${context.length ? ` — ${cell(context.join('; '))}` : ''}`);
    for (const p of [...e.uses, ...e.definitions])
      out.push(`  - ${roleWord(p)} ${markdownCode(`${p.location.path}:${p.location.start.line}`)} — ${cell(p.description)}`);
  }
  out.push('', '</details>', '');
  return out.join('\n');
}

/** The inventory as stable JSON (schema in the README). */
export function toInventoryJson(inventory: Inventory, tool: ToolInfo): string {
  const t = totals(inventory);
  const byType: Record<string, number> = {};
  for (const e of inventory.entries) byType[e.type] = (byType[e.type] ?? 0) + 1;
  const report = {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    tool: { name: tool.name, version: tool.version },
    summary: { ...t, byType },
    identities: inventory.entries.map((e) => ({
      id: e.id,
      type: e.type,
      category: e.category,
      name: e.name,
      lifetime: e.lifetime,
      useCount: e.uses.length,
      referenceCount: e.referenceCount,
      platforms: e.platforms,
      pipelines: e.pipelines,
      jobs: e.jobs,
      services: e.services,
      environments: e.environments,
      triggers: e.triggers,
      permissions: e.permissions,
      purposes: e.purposes,
      findings: e.findings,
      uses: e.uses.map(placeJson),
      definitions: e.definitions.map(placeJson),
    })),
  };
  return JSON.stringify(report, null, 2) + '\n';
}

function placeJson(p: InventoryPlace) {
  return {
    location: locationJson(p.location),
    role: p.role,
    description: p.description,
    platform: p.platform,
    pipeline: p.pipeline,
    job: p.job,
    service: p.service,
    tool: p.tool,
    server: p.server,
    variable: p.variable,
    environment: p.environment,
    namespace: p.namespace,
    purpose: p.purpose,
    triggers: p.triggers,
    permissions: p.permissions,
    references: p.references,
  };
}
