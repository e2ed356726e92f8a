import { defineRule, type Document } from '../../src/rule/index.js';
import { enclosingLines, keyedValue, tokenRule } from '../../src/detect/index.js';

/** A bare 40-hex `license_key` belongs to New Relic in the agent's own config, under its name, or in a New Relic block. */
function newRelicContext(_secret: string, match: RegExpExecArray, doc: Document): boolean {
  if (/(?:^|\/)newrelic[^/]*\.(?:ya?ml|ini|js|cfg|config|properties|xml)$/i.test(doc.path)) return true;
  if (/new[ _-]?relic/i.test(match[0])) return true;
  return enclosingLines(doc.text, match.index, 3).some((line) => /new[ _-]?relic/i.test(line));
}

const DELETE = 'delete the key in New Relic (API keys page) and load its replacement from a secret store';

export default defineRule(
  tokenRule({
    id: 'newrelic-key',
    title: 'New Relic API or license key',
    description: 'A New Relic user API key, admin key, insert key or ingest license key is committed (browser keys are public and not reported).',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A New Relic user key (NRAK-) queries all telemetry its user can see through NerdGraph, which includes logs full of request data, and changes alerts and dashboards. License and insert keys write data into the account: an attacker can flood it or forge events.

**Fix.** Delete the key on the New Relic API keys page, create a replacement, and read it from a secret store. Browser (NRJS-) keys are meant to ship to web pages and need no action.

\`\`\`yaml
env:
  NEW_RELIC_LICENSE_KEY: \${{ secrets.NEW_RELIC_LICENSE_KEY }}
\`\`\``,
    patterns: [
      {
        name: 'New Relic user API key',
        regex: /(?<![A-Za-z0-9_-])(NRAK-[A-Z0-9]{27})(?![A-Za-z0-9_-])/dg,
        keywords: ['nrak-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3.5,
        action: DELETE,
      },
      {
        name: 'New Relic admin API key',
        regex: /(?<![A-Za-z0-9_-])(NRAA-[a-f0-9]{27})(?![A-Za-z0-9_-])/dg,
        keywords: ['nraa-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3,
        severity: 'critical',
        action: DELETE,
      },
      {
        name: 'New Relic Insights query key',
        regex: /(?<![A-Za-z0-9_-])(NRIQ-[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/dg,
        keywords: ['nriq-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3.5,
        severity: 'medium',
        action: DELETE,
      },
      {
        name: 'New Relic REST API key',
        regex: /(?<![A-Za-z0-9_-])(NRRA-[a-f0-9]{42})(?![A-Za-z0-9_-])/dg,
        keywords: ['nrra-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3,
        action: DELETE,
      },
      {
        name: 'New Relic insert key',
        regex: /(?<![A-Za-z0-9_-])(NRII-[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/dg,
        keywords: ['nrii-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3.5,
        severity: 'medium',
        action: DELETE,
      },
      {
        name: 'New Relic license key',
        regex: new RegExp(keyedValue('(?<![A-Za-z0-9])(?:new[_-]?relic[_-]?)?license[_-]?key', '[a-f0-9]{40}'), 'dgi'),
        keywords: ['license_key', 'licensekey', 'license-key'],
        lifetime: 'long-lived',
        entropy: 3.2,
        severity: 'medium',
        check: newRelicContext,
        action: DELETE,
      },
      {
        name: 'New Relic ingest license key',
        regex: /(?<![A-Za-z0-9_-])([a-z0-9]{36}NRAL)(?![A-Za-z0-9_-])/dg,
        keywords: ['nral'],
        lifetime: 'long-lived',
        publicPrefix: 0,
        entropy: 3.5,
        severity: 'medium',
        action: DELETE,
      },
    ],
  }),
);
