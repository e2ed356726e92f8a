import { defineRule } from '../../src/rule/index.js';
import { tokenRule } from '../../src/detect/index.js';

export default defineRule(
  tokenRule({
    id: 'supabase-service-key',
    title: 'Supabase access token or secret key',
    description:
      'A Supabase personal access token (sbp_…) or project secret API key (sb_secret_…) is committed (publishable keys are not reported; service-role JWTs are reported by jwt-service-role).',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Supabase secret key bypasses Row Level Security: it reads and writes every row of every table and every storage object in the project. A personal access token drives the Management API for all of its owner's projects: it can read their keys, change settings and delete them.

**Fix.** Delete the secret key (Project Settings → API Keys) or revoke the personal token (Account → Access Tokens), and read the replacement from a secret store on the server only. Browsers get the publishable key and RLS policies.

\`\`\`ts
import { createClient } from "@supabase/supabase-js";
const admin = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_SECRET_KEY!);
\`\`\``,
    patterns: [
      {
        name: 'Supabase secret API key',
        regex: /(?<![A-Za-z0-9_-])(sb_secret_[A-Za-z0-9_-]{31,40})(?![A-Za-z0-9_-])/dg,
        keywords: ['sb_secret_'],
        lifetime: 'long-lived',
        publicPrefix: 10,
        entropy: 3.8,
        action: 'delete it in the Supabase dashboard (Project Settings → API Keys) and keep the replacement in a server-side secret store',
      },
      {
        name: 'Supabase personal access token',
        regex: /(?<![A-Za-z0-9_-])(sbp_(?:oauth_)?[a-f0-9]{40})(?![A-Za-z0-9_-])/dg,
        keywords: ['sbp_'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        entropy: 3,
        action: 'revoke it in the Supabase dashboard (Account → Access Tokens) and keep the replacement in a CI secret',
      },
    ],
  }),
);
