import { defineRule } from '../../src/rule/index.js';
import { decodeBase64Json, hasGrafanaChecksum, tokenRule } from '../../src/detect/index.js';

/** Cloud access policy tokens are `glc_` and base64 JSON naming the org, token and region. */
function isCloudToken(secret: string): boolean {
  const payload = decodeBase64Json(secret.slice('glc_'.length));
  return payload !== undefined && 'k' in payload && ('o' in payload || 'n' in payload);
}

/** Legacy API keys are base64 JSON `{"k":…,"n":…,"id":…}`. */
function isLegacyKey(secret: string): boolean {
  const payload = decodeBase64Json(secret);
  return payload !== undefined && typeof payload['k'] === 'string' && 'n' in payload && 'id' in payload;
}

export default defineRule(
  tokenRule({
    id: 'grafana-token',
    title: 'Grafana token',
    description: 'A Grafana service account token, Grafana Cloud access policy token or legacy Grafana API key is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Grafana service account token acts with its account's role (often Admin or Editor): it reads every dashboard and data source query, and data sources proxy requests to databases and clouds with stored credentials. Grafana Cloud access policy tokens read or write metrics, logs and traces and can manage the stack.

**Fix.** Delete the token (Administration → Users and access → Service accounts, or Grafana Cloud → Access policies), create one with the least role and an expiry, and keep it in a secret store.

\`\`\`yaml
env:
  GRAFANA_AUTH: \${{ secrets.GRAFANA_SERVICE_ACCOUNT_TOKEN }}
\`\`\``,
    patterns: [
      {
        name: 'Grafana service account token',
        regex: /(?<![A-Za-z0-9_-])(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})(?![A-Za-z0-9_-])/dg,
        keywords: ['glsa_'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        check: hasGrafanaChecksum,
        action: 'delete it under Administration → Users and access → Service accounts and keep the replacement in a secret store',
      },
      {
        name: 'Grafana Cloud access policy token',
        regex: /(?<![A-Za-z0-9_-])(glc_eyJ[A-Za-z0-9+/=_-]{40,400})(?![A-Za-z0-9+/=_-])/dg,
        keywords: ['glc_'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        check: isCloudToken,
        action: 'delete it in Grafana Cloud (Administration → Access policies) and keep the replacement in a secret store',
      },
      {
        name: 'Grafana API key (legacy)',
        regex: /(?<![A-Za-z0-9_+/-])(eyJrIjoi[A-Za-z0-9+/_-]{40,380}={0,2})(?![A-Za-z0-9+/=_-])/dg,
        keywords: ['eyjrijoi'],
        lifetime: 'long-lived',
        check: isLegacyKey,
        action: 'delete the API key (or migrate it to a service account) in Grafana and keep the replacement in a secret store',
      },
    ],
  }),
);
