import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

const ACTION = "regenerate or remove the webhook in the Slack app's Incoming Webhooks (or Workflow Builder) settings and keep the URL in a secret store";

export default defineRule(
  tokenRule({
    id: 'slack-webhook',
    title: 'Slack webhook URL',
    description: 'A Slack incoming-webhook, workflow or trigger URL, which carries its own secret, is committed.',
    severity: 'medium',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** The path of a Slack webhook URL is its credential: anyone holding the URL can post messages into the channel as the integration, which is enough to phish colleagues from a trusted bot or flood an alerts channel. It never expires.

**Fix.** Regenerate or remove the webhook in the app's Incoming Webhooks settings (or the Workflow Builder trigger), then read the URL from a secret at run time.

\`\`\`yaml
- name: Notify
  run: curl -X POST -H 'Content-type: application/json' --data '{"text":"deployed"}' "$SLACK_WEBHOOK_URL"
  env:
    SLACK_WEBHOOK_URL: \${{ secrets.SLACK_WEBHOOK_URL }}
\`\`\``,
    patterns: [
      {
        name: 'Slack incoming webhook URL',
        regex: /(?:https?:\/\/)?hooks\.slack(?:-gov)?\.com\/services\/(?<secret>T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{24})(?![A-Za-z0-9])/dg,
        keywords: ['hooks.slack.com', 'hooks.slack-gov.com'],
        lifetime: 'long-lived',
        publicPrefix: 0,
        entropy: 3,
        action: ACTION,
      },
      {
        name: 'Slack workflow webhook URL',
        regex:
          /(?:https?:\/\/)?hooks\.slack(?:-gov)?\.com\/workflows\/(?<secret>T[A-Z0-9]{6,12}\/A[A-Z0-9]{6,12}\/[0-9]{15,20}\/[A-Za-z0-9]{24})(?![A-Za-z0-9])/dg,
        keywords: ['hooks.slack.com', 'hooks.slack-gov.com'],
        lifetime: 'long-lived',
        publicPrefix: 0,
        entropy: 3,
        action: ACTION,
      },
      {
        name: 'Slack workflow trigger URL',
        regex: /(?:https?:\/\/)?hooks\.slack(?:-gov)?\.com\/triggers\/(?<secret>T[A-Z0-9]{6,12}\/[0-9]{10,20}\/[a-f0-9]{32})(?![A-Za-z0-9])/dg,
        keywords: ['hooks.slack.com', 'hooks.slack-gov.com'],
        lifetime: 'long-lived',
        publicPrefix: 0,
        entropy: 3,
        action: ACTION,
      },
    ],
  }),
);
