import { defineRule } from '../../src/rule/index.js';
import { charClasses, tokenRule } from '../../src/detect/index.js';

const REFRESH = "refresh the integration's secret in Notion (Settings → Connections → Develop or manage integrations) and load it from a secret store";

/** `secret_` is also a common identifier prefix: the body must look random (all three classes). */
function randomBody(secret: string): boolean {
  const { lower, upper, digit } = charClasses(secret.slice(secret.indexOf('_') + 1));
  return lower && upper && digit;
}

export default defineRule(
  tokenRule({
    id: 'notion-token',
    title: 'Notion integration token',
    description: 'A Notion internal integration secret (ntn_… or the older secret_… format) is committed.',
    severity: 'medium',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Notion integration secret reads and edits every page and database shared with the integration, often wikis holding runbooks, credentials and customer data. It never expires.

**Fix.** Refresh the secret in Notion (Settings → Connections → Develop or manage integrations), share only the pages the integration needs, and read the secret from the environment.

\`\`\`js
import { Client } from "@notionhq/client";
const notion = new Client({ auth: process.env.NOTION_TOKEN });
\`\`\``,
    patterns: [
      {
        name: 'Notion integration token',
        regex: /(?<![A-Za-z0-9_])(ntn_[0-9]{11}[A-Za-z0-9]{35})(?![A-Za-z0-9_])/dg,
        keywords: ['ntn_'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        entropy: 4,
        action: REFRESH,
      },
      {
        name: 'Notion integration token (legacy format)',
        regex: /(?<![A-Za-z0-9_-])(secret_[A-Za-z0-9]{43})(?![A-Za-z0-9_-])/dg,
        keywords: ['secret_'],
        lifetime: 'long-lived',
        publicPrefix: 7,
        entropy: 4.2,
        check: randomBody,
        action: REFRESH,
      },
    ],
  }),
);
