import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

const REVOKE = 'revoke it (auth.revoke, or reinstall the app at api.slack.com/apps to issue a new one) and load it from a secret store';

export default defineRule(
  tokenRule({
    id: 'slack-token',
    title: 'Slack token',
    description: 'A Slack bot, user, app-level, workspace, refresh, configuration or session token (or session cookie) is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Slack token acts as the bot, app or user it was issued to: read channel history and files, post as the bot, invite users, or (for configuration tokens) change apps across the workspace. Anyone who reads the repository can use it until it is revoked.

**Fix.** Revoke the token (\`auth.revoke\`, or reinstall the app at api.slack.com/apps to rotate it), then read it at run time from a secret store or CI secret. Prefer token rotation so access tokens expire after 12 hours.

\`\`\`python
import os
from slack_sdk import WebClient

client = WebClient(token=os.environ["SLACK_BOT_TOKEN"])
\`\`\``,
    patterns: [
      {
        name: 'Slack bot token',
        regex: /(?<![A-Za-z0-9_-])(xoxb-[0-9]{8,14}-(?:[0-9]{8,14}-)?[A-Za-z0-9]{18,34})(?![A-Za-z0-9_-])/dg,
        keywords: ['xoxb-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3,
        check: (secret) => /[A-Za-z]/.test(secret.slice(secret.lastIndexOf('-') + 1)),
        action: REVOKE,
      },
      {
        name: 'Slack user token',
        regex: /(?<![A-Za-z0-9_-])(xoxp-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[A-Fa-f0-9]{32})(?![A-Za-z0-9_-])/dg,
        keywords: ['xoxp-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3,
        severity: 'critical',
        action: REVOKE,
      },
      {
        name: 'Slack workspace app token',
        regex: /(?<![A-Za-z0-9_-])(xox[ar]-[0-9]-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[A-Fa-f0-9]{16,64})(?![A-Za-z0-9_-])/dg,
        keywords: ['xoxa-', 'xoxr-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3,
        action: REVOKE,
      },
      {
        name: 'Slack rotating access or configuration token',
        regex: /(?<![A-Za-z0-9_.-])(xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{140,180})(?![A-Za-z0-9_-])/dg,
        keywords: ['xoxe.xox'],
        lifetime: 'short-lived',
        publicPrefix: 10,
        entropy: 4,
        action: 'revoke it and let the app fetch access tokens from its refresh token at run time',
      },
      {
        name: 'Slack refresh token',
        regex: /(?<![A-Za-z0-9_.-])(xoxe-[0-9]-[A-Za-z0-9]{140,160})(?![A-Za-z0-9_-])/dg,
        keywords: ['xoxe-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 4,
        action: REVOKE,
      },
      {
        name: 'Slack app-level token',
        regex: /(?<![A-Za-z0-9_-])(xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-f0-9]{64})(?![A-Za-z0-9_-])/dg,
        keywords: ['xapp-'],
        lifetime: 'long-lived',
        publicPrefix: 5,
        entropy: 3,
        action: 'revoke it under Basic Information → App-Level Tokens at api.slack.com/apps and load it from a secret store',
      },
      {
        name: 'Slack session token',
        regex: /(?<![A-Za-z0-9_-])(xox[cso]-[0-9]{6,15}-[0-9]{6,15}-[0-9]{6,15}-[a-f0-9]{10,64})(?![A-Za-z0-9_-])/dg,
        keywords: ['xoxc-', 'xoxs-', 'xoxo-'],
        lifetime: 'unknown',
        publicPrefix: 5,
        entropy: 3,
        severity: 'critical',
        action: 'sign the user out of all sessions in Slack to invalidate it, and never automate with a browser session token',
      },
      {
        name: 'Slack session cookie',
        regex: /(?<![A-Za-z0-9_-])(xoxd-(?:[A-Za-z0-9/+]|%2[BbFf]){100,400}(?:={0,2}|(?:%3[Dd]){0,2}))(?![A-Za-z0-9%/+=-])/dg,
        keywords: ['xoxd-'],
        lifetime: 'unknown',
        publicPrefix: 5,
        entropy: 4.5,
        severity: 'critical',
        action: 'sign the user out of all sessions in Slack to invalidate it, and never automate with a browser session cookie',
      },
    ],
  }),
);
