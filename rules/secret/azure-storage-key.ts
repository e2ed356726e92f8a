import { defineRule, type Document } from '../../src/rule/index.js';
import { keyedValue, lineStartWithin, tokenRule, type Lifetime, type TokenRefinement } from '../../src/detect/index.js';

/** The key of the local Azurite / Storage Emulator account, published in Microsoft's documentation. */
const EMULATOR_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const ROTATE =
  'rotate the account key (Storage account → Security + networking → Access keys), and use Microsoft Entra ID with a managed identity, or a Key Vault reference, instead of account keys';

/** The text of the line before the match: enough to see which connection string holds it. */
function lineBefore(doc: Document, index: number): string {
  const start = lineStartWithin(doc.text, index, 600) ?? index - 600;
  return doc.text.slice(start, index);
}

/** Storage keys only: the emulator key is public, and Cosmos DB strings are azure-connection-string's. */
function isStorageKey(secret: string, match: RegExpExecArray, doc: Document): boolean {
  return secret !== EMULATOR_KEY && !/AccountEndpoint\s*=/i.test(lineBefore(doc, match.index + match[0].length - secret.length));
}

/** A bare `access_key` (Terraform's azurerm backend, SDK settings) is a storage key inside an Azure block. */
function inAzureContext(secret: string, match: RegExpExecArray, doc: Document): boolean {
  const before = doc.text.slice(Math.max(0, match.index - 600), match.index);
  return /azurerm|azure|storage[_-]?account|blob\.core\.windows\.net/i.test(before) && isStorageKey(secret, match, doc);
}

/** A SAS must sit in a SAS: a service version (`sv=`) or a Service Bus resource (`sr=`) before `sig=`. */
function isSignature(secret: string, match: RegExpExecArray, doc: Document): boolean {
  const before = lineBefore(doc, match.index);
  return /[?&;\s]sv=\d{4}-\d{2}-\d{2}/.test(before) || (/(?:^|[?&;\s])sr=/.test(before) && /skn=|se=/.test(doc.text.slice(match.index, match.index + 200)));
}

/** How long a SAS lasts, from its start (`st=`) and expiry (`se=`) when both are present. */
function signatureLifetime(_secret: string, match: RegExpExecArray, doc: Document): TokenRefinement {
  const lineEnd = doc.text.indexOf('\n', match.index);
  const sas = lineBefore(doc, match.index) + doc.text.slice(match.index, lineEnd < 0 ? undefined : lineEnd);
  const start = parseTime(/[?&;]st=([^&;"'\s]+)/.exec(sas)?.[1]);
  const expiry = parseTime(/[?&;\s]se=([^&;"'\s]+)/.exec(sas)?.[1]);
  let lifetime: Lifetime = 'unknown';
  if (start !== undefined && expiry !== undefined) lifetime = expiry - start > 7 * 24 * 3600 * 1000 ? 'long-lived' : 'short-lived';
  return { lifetime, severity: lifetime === 'short-lived' ? 'medium' : 'high' };
}

/** ISO 8601 (possibly URL-encoded) or Unix seconds, as milliseconds. */
function parseTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const decoded = value.replace(/%3A/gi, ':');
  if (/^[0-9]{9,11}$/.test(decoded)) return Number(decoded) * 1000;
  const time = Date.parse(decoded);
  return Number.isNaN(time) ? undefined : time;
}

export default defineRule(
  tokenRule({
    id: 'azure-storage-key',
    title: 'Azure Storage account key or SAS',
    description: 'An Azure Storage account key (in a connection string or under a storage-key name) or a shared access signature is committed.',
    severity: 'critical',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** A storage account key is root for the account: it reads, overwrites and deletes every blob, queue, table and file share, and signs new SAS tokens at will. It never expires. A shared access signature grants what its \`sp=\` permissions say until its \`se=\` expiry, often set years ahead; it can only be revoked by rotating the key that signed it.

**Fix.** Rotate the key (Storage account → Security + networking → Access keys), then give applications Microsoft Entra ID access through a managed identity (and disable shared-key access), or at least read connection strings from Key Vault. Issue short-lived user-delegation SAS tokens at run time.

\`\`\`csharp
var client = new BlobServiceClient(new Uri("https://myaccount.blob.core.windows.net"), new DefaultAzureCredential());
\`\`\``,
    patterns: [
      {
        name: 'Azure Storage account key',
        regex: /(?<![A-Za-z])AccountKey[ \t]*=[ \t]*(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/dgi,
        keywords: ['accountkey'],
        lifetime: 'long-lived',
        entropy: 4.5,
        check: isStorageKey,
        action: ROTATE,
      },
      {
        name: 'Azure Storage account key',
        regex: new RegExp(
          keyedValue(
            '(?<![A-Za-z0-9])(?:(?:azure[_-]?)?storage[_-]?(?:account[_-]?)?(?:access[_-]?|primary[_-]?|secondary[_-]?|shared[_-]?)?key|account[_-]?key|arm[_-]?access[_-]?key|(?:primary|secondary)[_-]?access[_-]?key)',
            '[A-Za-z0-9+/]{86}==',
          ),
          'dgi',
        ),
        keywords: ['storage', 'accountkey', 'account_key', 'account-key', 'access_key', 'access-key', 'accesskey'],
        // One of them begins within ten characters of the name's start (`secondary_access_key`, `azure_storage…`).
        keywordReach: 10,
        lifetime: 'long-lived',
        entropy: 4.5,
        check: isStorageKey,
        action: ROTATE,
      },
      {
        name: 'Azure Storage account key',
        regex: new RegExp(keyedValue('(?<![A-Za-z0-9])(?:access[_-]?key|shared[_-]?key|key)', '[A-Za-z0-9+/]{86}=='), 'dgi'),
        // Every match begins with one of these, so the regex is tried only where they start; the
        // file must also be about Azure storage.
        keywords: ['access', 'shared', 'key'],
        requires: ['azurerm', 'azure', 'storage'],
        lifetime: 'long-lived',
        entropy: 4.5,
        check: inAzureContext,
        action: ROTATE,
      },
      {
        name: 'Azure shared access signature (SAS)',
        regex: /(?<=[?&;]|\s)sig=(?<secret>(?:[A-Za-z0-9+/]|%2[BbFf]){40,100}(?:%3[Dd]|=){0,2})(?![A-Za-z0-9+/%])/dg,
        keywords: ['sig='],
        lifetime: 'unknown',
        entropy: 3.5,
        check: isSignature,
        refine: signatureLifetime,
        action:
          'rotate the key that signed it (or revoke the stored access policy or user delegation key), and issue short-lived user-delegation SAS tokens at run time',
      },
    ],
  }),
);
