import { defineRule } from '../../src/rule/index.js';
import { decodeBase64Text, tokenRule } from '../../src/detect/index.js';

/** A bot token's first segment is the base64 of the bot's numeric user id (a snowflake). */
function encodesSnowflake(secret: string): boolean {
  const id = decodeBase64Text(secret.slice(0, secret.indexOf('.')));
  return id !== undefined && /^[0-9]{17,20}$/.test(id);
}

export default defineRule(
  tokenRule({
    id: 'discord-token',
    title: 'Discord bot token or webhook URL',
    description: 'A Discord bot token (its first part encodes the bot id) or a Discord webhook URL is committed in a file that mentions Discord.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Discord bot token logs in as the bot on every server it was added to, with all of its permissions: read messages, ban members, delete channels, post phishing links. A webhook URL posts into its channel as anyone. Neither expires.

**Fix.** Reset the token in the Discord Developer Portal (Application → Bot → Reset Token), or delete the webhook in the channel's Integrations settings, and read the replacement from a secret store.

\`\`\`python
import os
import discord

client.run(os.environ["DISCORD_BOT_TOKEN"])
\`\`\``,
    patterns: [
      {
        name: 'Discord bot token',
        regex: /(?<![A-Za-z0-9_.-])([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40})(?![A-Za-z0-9_.-])/dg,
        keywords: ['discord'],
        lifetime: 'long-lived',
        publicPrefix: 0,
        entropy: 4,
        check: encodesSnowflake,
        action: 'reset it in the Discord Developer Portal (Application → Bot → Reset Token) and load the replacement from a secret store',
      },
      {
        name: 'Discord webhook URL',
        regex:
          /https:\/\/(?:(?:canary|ptb)\.)?discord(?:app)?\.com\/api\/(?:v\d{1,2}\/)?webhooks\/(?<secret>[0-9]{17,20}\/[A-Za-z0-9_-]{60,80})(?![A-Za-z0-9_-])/dg,
        keywords: ['discord.com/api', 'discordapp.com/api'],
        lifetime: 'long-lived',
        entropy: 4,
        severity: 'medium',
        action: "delete the webhook in the channel's Integrations settings and keep the replacement URL in a secret store",
      },
    ],
  }),
);
