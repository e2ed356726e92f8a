import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'sendgrid-api-key',
    title: 'SendGrid API key',
    description: 'A Twilio SendGrid API key (SG.<id>.<secret>) is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A SendGrid key sends mail from the account's verified domains, which makes convincing phishing that passes SPF and DKIM; full-access keys also read contacts and change account settings. Keys never expire.

**Fix.** Delete the key in SendGrid (Settings → API Keys), create one with only the Mail Send permission, and read it from a secret store.

\`\`\`js
import sgMail from "@sendgrid/mail";
sgMail.setApiKey(process.env.SENDGRID_API_KEY);
\`\`\``,
    patterns: [
      {
        name: 'SendGrid API key',
        regex: /(?<![A-Za-z0-9_-])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/dg,
        keywords: ['sg.'],
        lifetime: 'long-lived',
        publicPrefix: 3,
        entropy: 4,
        action: 'delete it in SendGrid (Settings → API Keys) and load a Mail-Send-only replacement from a secret store',
      },
    ],
  }),
);
