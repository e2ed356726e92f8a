import { defineRule, type Document } from '../../src/rule/index.js';
import { keyedValue, tokenRule, type TokenRefinement } from '../../src/detect/index.js';

const ROTATE = 'rotate it in Mailgun (API Security) and keep the replacement in a secret store';

/** `key-` and 32 hex is Mailgun's documented private key format; confidence rises when the file names Mailgun. */
function mailgunContext(_secret: string, _match: RegExpExecArray, doc: Document): TokenRefinement | undefined {
  return /mailgun|api\.(?:eu\.)?mailgun\.net|\bmg\./i.test(doc.text) ? undefined : { confidence: 'medium' };
}

export default defineRule(
  tokenRule({
    id: 'mailgun-key',
    title: 'Mailgun API key',
    description: 'A Mailgun private API key (key-… or the newer hex format next to a Mailgun name) is committed (public validation keys are not reported).',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Mailgun private key sends mail from the account's verified domains (phishing that passes SPF and DKIM), reads stored messages and logs, and changes routes and webhooks, which can silently redirect inbound mail.

**Fix.** Rotate the key in Mailgun (API Security), use a domain-scoped sending key for applications, and read it from a secret store.

\`\`\`python
requests.post(f"https://api.mailgun.net/v3/{domain}/messages", auth=("api", os.environ["MAILGUN_API_KEY"]), data=message)
\`\`\``,
    patterns: [
      {
        name: 'Mailgun private API key',
        regex: /(?<![A-Za-z0-9_-])(key-[a-f0-9]{32})(?![A-Za-z0-9_-])/dg,
        keywords: ['key-'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        entropy: 3.2,
        refine: mailgunContext,
        action: ROTATE,
      },
      {
        name: 'Mailgun API key',
        regex: new RegExp(
          keyedValue(
            '(?<![A-Za-z0-9])(?:mailgun|mg)[_-]?(?:private[_-]?|sending[_-]?|signing[_-]?|webhook[_-]?)?(?:api[_-]?)?(?:key|token|secret)',
            '[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}',
          ),
          'dgi',
        ),
        // One of these begins every name the regex accepts (MGKEY, mgsigning_key as much as MG_API_KEY).
        keywords: ['mailgun', 'mg_', 'mg-', 'mgapi', 'mgkey', 'mgtoken', 'mgsecret', 'mgprivate', 'mgsending', 'mgsigning', 'mgwebhook'],
        lifetime: 'long-lived',
        entropy: 3,
        action: ROTATE,
      },
      {
        name: 'Mailgun API key',
        regex: /\bapi:([a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8})(?![A-Za-z0-9_-])/dg,
        keywords: ['mailgun'],
        lifetime: 'long-lived',
        entropy: 3,
        action: ROTATE,
      },
    ],
  }),
);
