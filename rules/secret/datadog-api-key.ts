import { defineRule, type Document } from '../../src/rule/index.js';
import { enclosingLines, keyedValue, tokenRule } from '../../src/detect/index.js';

const REVOKE = 'revoke it in Datadog (Organization Settings → API Keys or Application Keys) and keep the replacement in a secret store';

/** `api_key:` in the agent's own configuration file, or under a `datadog` block (Terraform provider, Helm values). */
function datadogContext(_secret: string, match: RegExpExecArray, doc: Document): boolean {
  if (/(?:^|\/)datadog\.ya?ml$/i.test(doc.path)) return true;
  return enclosingLines(doc.text, match.index, 2).some((line) => /datadog/i.test(line));
}

export default defineRule(
  tokenRule({
    id: 'datadog-api-key',
    title: 'Datadog API or application key',
    description: 'A Datadog API key (32 hex) or application key (40 hex) is committed next to a Datadog name (public RUM client tokens are not reported).',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Datadog API key submits metrics, logs and events to the organisation (forged alerts, data floods billed to the account). An application key, paired with any API key, reads everything its user can: dashboards, logs full of request data, monitors, and can change them.

**Fix.** Revoke the key in Datadog (Organization Settings → API Keys, or Application Keys), create a scoped application key for the integration, and read keys from a secret store (the agent reads \`DD_API_KEY\`).

\`\`\`yaml
datadog:
  apiKeyExistingSecret: datadog-secret
\`\`\``,
    patterns: [
      {
        name: 'Datadog application key',
        regex: new RegExp(keyedValue('(?<![A-Za-z0-9])(?:dd|datadog)[_-]?(?:app|application)[_-]?(?:key|token)|dd-application-key', '[a-f0-9]{40}'), 'dgi'),
        keywords: ['dd_app', 'dd-app', 'ddapp', 'dd_application', 'dd-application', 'datadog'],
        lifetime: 'long-lived',
        entropy: 3,
        action: REVOKE,
      },
      {
        name: 'Datadog API key',
        regex: new RegExp(keyedValue('(?<![A-Za-z0-9])(?:dd|datadog)[_-]?(?:api[_-]?)?(?:key|token)|dd-api-key', '[a-f0-9]{32}'), 'dgi'),
        // One of these begins every name the regex accepts (DD_KEY, ddtoken as much as DD_API_KEY).
        keywords: ['dd_api', 'dd-api', 'ddapi', 'datadog', 'dd_key', 'dd-key', 'ddkey', 'dd_token', 'dd-token', 'ddtoken'],
        lifetime: 'long-lived',
        entropy: 3,
        action: REVOKE,
      },
      {
        name: 'Datadog application key',
        regex: new RegExp(keyedValue('(?<![A-Za-z0-9_-])(?:app_key|application_key|appKey)', '[a-f0-9]{40}'), 'dg'),
        keywords: ['datadog'],
        lifetime: 'long-lived',
        entropy: 3,
        check: datadogContext,
        action: REVOKE,
      },
      {
        name: 'Datadog API key',
        regex: new RegExp(keyedValue('(?<![A-Za-z0-9_-])(?:api_key|apiKey)', '[a-f0-9]{32}'), 'dg'),
        keywords: ['datadog'],
        lifetime: 'long-lived',
        entropy: 3,
        check: datadogContext,
        action: REVOKE,
      },
    ],
  }),
);
