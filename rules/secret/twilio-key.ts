import { defineRule, type Document, type RuleContext } from '../../src/rule/index.js';
import { MAX_TOKEN_FINDINGS, charClasses, hasFillerRun, isPlaceholder, keyedValue, shannonEntropy } from '../../src/detect/index.js';

/**
 * Twilio credentials are pairs: an Account SID (AC + 32 hex) with its auth token (32 hex), or an
 * API key SID (SK + 32 hex) with its secret (32 alphanumerics). SIDs are identifiers; the token or
 * secret is what is reported, with the SID as a related location when it is in the file.
 */

const SID = /(?<![A-Za-z0-9])((?:AC|SK)[0-9a-f]{32})(?![A-Za-z0-9])/dg;

/** `TWILIO_AUTH_TOKEN=…`, `authToken: '…'`, `auth_token = "…"`. */
const AUTH_TOKEN = new RegExp(
  keyedValue('(?<![A-Za-z0-9])twilio[_-]?(?:auth[_-]?|account[_-]?)?token|(?<![A-Za-z0-9_])(?:auth[_-]?token|account[_-]?token)', '[0-9a-f]{32}'),
  'dgi',
);
/** `TWILIO_API_SECRET=…`, `apiKeySecret: '…'`. */
const API_SECRET = new RegExp(
  keyedValue('(?<![A-Za-z0-9])twilio[_-]?api[_-]?(?:key[_-]?)?secret|(?<![A-Za-z0-9_])api[_-]?(?:key[_-]?)?secret', '[A-Za-z0-9]{32}'),
  'dgi',
);
/** A quoted 32-character value: an API key secret when it sits right next to its SK SID. */
const QUOTED_32 = /["'`]([A-Za-z0-9]{32})["'`]/dg;
/** How far from an SK SID an unnamed secret may sit (the next line of a config block or call). */
const NEARBY = 240;
/** `Client("AC…", "<token>")`, `twilio("SK…", "<secret>", "AC…")`: the secret follows its SID. */
const POSITIONAL = /(?<![A-Za-z0-9])(?<sid>(?:AC|SK)[0-9a-f]{32})["'`][ \t]*,[ \t]*["'`](?<secret>[A-Za-z0-9]{32})["'`]/dg;

type Kind = 'auth-token' | 'api-secret';

interface Candidate {
  start: number;
  end: number;
  value: string;
  kind: Kind;
  /** The name in front of the value mentions Twilio. */
  named: boolean;
}

interface Sid {
  start: number;
  end: number;
  type: 'AC' | 'SK';
}

export default defineRule({
  id: 'twilio-key',
  family: 'secret',
  title: 'Twilio auth token or API key secret',
  description: 'A Twilio account auth token or API key secret is committed, next to its SID or under a Twilio name.',
  severity: 'critical',
  confidence: 'high',
  kinds: '*',
  // One of these occurs in every name AUTH_TOKEN and API_SECRET accept (account-token, api-key_secret as much as auth_token).
  keywords: [
    'twilio',
    'auth_token',
    'authtoken',
    'auth-token',
    'account_token',
    'accounttoken',
    'account-token',
    'api_secret',
    'apisecret',
    'api-secret',
    'key_secret',
    'keysecret',
    'key-secret',
  ],
  tags: ['CWE-798', 'NHI2', 'NHI7'],
  help: `**Why.** A Twilio auth token, with its Account SID, is the master credential of the account: it sends SMS and places calls billed to the account (toll fraud), reads message logs and recordings, and creates more API keys. An API key secret can do everything but manage the account.

**Fix.** Rotate the auth token in the Twilio Console (Account → API keys & tokens: request a secondary token, then promote it), or delete the API key; give applications a dedicated API key read from a secret store.

\`\`\`python
import os
from twilio.rest import Client

client = Client(os.environ["TWILIO_API_KEY"], os.environ["TWILIO_API_SECRET"], os.environ["TWILIO_ACCOUNT_SID"])
\`\`\``,
  scan(doc: Document, ctx: RuleContext) {
    const sids = [...doc.text.matchAll(SID)]
      .slice(0, MAX_TOKEN_FINDINGS)
      .map((m) => ({ start: m.index, end: m.index + m[1]!.length, type: m[1]!.slice(0, 2) as Sid['type'] }));
    const found = candidates(doc, sids);
    if (found.length > MAX_TOKEN_FINDINGS)
      ctx.note(`more than ${MAX_TOKEN_FINDINGS} matches in this file; only the first ${MAX_TOKEN_FINDINGS} are reported`, 'warning');
    for (const candidate of found.slice(0, MAX_TOKEN_FINDINGS)) {
      const wanted = candidate.kind === 'auth-token' ? 'AC' : 'SK';
      const sid = nearest(
        sids.filter((s) => s.type === wanted),
        candidate.start,
      );
      if (!sid && !candidate.named) continue;
      const what = candidate.kind === 'auth-token' ? 'Twilio auth token' : 'Twilio API key secret';
      ctx.report(
        { start: candidate.start, end: candidate.end },
        `${what} committed in plain text${sid ? ' with its SID' : ''}; it stays valid until rotated: ${
          candidate.kind === 'auth-token'
            ? 'rotate the auth token in the Twilio Console (API keys & tokens) and give the application its own API key from a secret store'
            : 'delete the API key in the Twilio Console and load its replacement from a secret store'
        }`,
        {
          secret: candidate.value,
          severity: candidate.kind === 'auth-token' ? 'critical' : 'high',
          related: sid ? [{ target: { start: sid.start, end: sid.end }, message: wanted === 'AC' ? 'the Account SID' : 'the API key SID' }] : undefined,
          properties: { lifetime: 'long-lived', tokenType: what },
        },
      );
    }
  },
});

function candidates(doc: Document, sids: readonly Sid[]): Candidate[] {
  const found: Candidate[] = [];
  const add = (candidate: Candidate) => {
    if (found.length > MAX_TOKEN_FINDINGS) return;
    if (isPlaceholder(candidate.value) || hasFillerRun(candidate.value) || shannonEntropy(candidate.value) < 3.2) return;
    if (candidate.kind === 'api-secret' && !mixed(candidate.value)) return;
    if (found.some((c) => c.start < candidate.end && candidate.start < c.end)) return;
    found.push(candidate);
  };
  for (const match of doc.text.matchAll(POSITIONAL)) {
    const value = match.groups!['secret']!;
    const kind: Kind = match.groups!['sid']!.startsWith('AC') ? 'auth-token' : 'api-secret';
    if (kind === 'auth-token' && !/^[0-9a-f]{32}$/.test(value)) continue;
    const [start, end] = match.indices!.groups!['secret']!;
    add({ start, end, value, kind, named: true });
  }
  for (const [regex, kind] of [
    [AUTH_TOKEN, 'auth-token'],
    [API_SECRET, 'api-secret'],
  ] as const) {
    for (const match of doc.text.matchAll(regex)) {
      const [start, end] = match.indices!.groups!['secret']!;
      add({ start, end, value: match.groups!['secret']!, kind, named: /twilio/i.test(match[0]) });
    }
  }
  for (const sid of sids) if (sid.type === 'SK') for (const candidate of secretsNear(doc, sid)) add(candidate);
  return found;
}

/** Unnamed quoted secrets within a few lines of an API key SID (`env('TWILIO_API_KEY', '…')`). */
function secretsNear(doc: Document, sid: Sid): Candidate[] {
  const from = Math.max(0, sid.start - NEARBY);
  const window = doc.text.slice(from, Math.min(doc.text.length, sid.end + NEARBY));
  const found: Candidate[] = [];
  for (const match of window.matchAll(QUOTED_32)) {
    const [start, end] = match.indices![1]!;
    const value = match[1]!;
    if (/^[0-9a-f]{32}$/.test(value)) continue; // the hex tail of another SID or a digest
    found.push({ start: from + start, end: from + end, value, kind: 'api-secret', named: false });
  }
  return found;
}

/** API key secrets are random alphanumerics: both letter cases and digits. */
function mixed(value: string): boolean {
  const { lower, upper, digit } = charClasses(value);
  return lower && upper && digit;
}

function nearest(sids: readonly Sid[], offset: number): Sid | undefined {
  let best: Sid | undefined;
  for (const sid of sids) if (!best || Math.abs(sid.start - offset) < Math.abs(best.start - offset)) best = sid;
  return best;
}
