import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'telegram-bot-token',
    title: 'Telegram bot token',
    description: 'A Telegram Bot API token (<bot id>:AA…) is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Telegram bot token controls the bot: it reads every message users send it (often one-time codes and personal data), posts as the bot to its users and groups, and changes its webhook to siphon updates. It never expires.

**Fix.** Revoke the token with @BotFather (\`/revoke\`), and read the new one from the environment.

\`\`\`python
import os
from telegram.ext import Application

app = Application.builder().token(os.environ["TELEGRAM_BOT_TOKEN"]).build()
\`\`\``,
    patterns: [
      {
        name: 'Telegram bot token',
        regex: /(?:(?<=\/bot)|(?<![A-Za-z0-9_:-]))([0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/dg,
        // The shape (8–10 digits, `:AA`, 33 random characters) is distinctive alone: a token pasted
        // without any Telegram word nearby is still found.
        keywords: [':aa'],
        // The bot id's 8–10 digits come before the keyword.
        keywordReach: 10,
        lifetime: 'long-lived',
        publicPrefix: 0,
        entropy: 4,
        action: 'revoke it with @BotFather (/revoke) and load the replacement from a secret store',
      },
    ],
  }),
);
