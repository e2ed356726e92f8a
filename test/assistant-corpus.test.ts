import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/rule/types.js';
import { classifyPath } from '../src/pipeline/classify.js';
import { ASSISTANT_KINDS } from '../src/model/assistant/index.js';
import { FIXTURES } from './helpers/fixtures.js';
import { scanFiles, textFile } from './helpers/scan.js';

/**
 * The real-world corpus (fixtures/corpus/assistant-configs): every file scanned under its
 * original path with every rule, and compared with the reviewer's judgment in INDEX.tsv.
 *
 * A file counts as flagged when an `assistant/*` (or `secret/*`) finding of severity medium or above remains
 * (low and info findings are the inventory-grade notes the index also calls benign: a pinned
 * formatter hook, an unpinned launcher). "risky", "mixed" and "subtle" judgments are risky;
 * everything else ("benign", "mostly benign", "informational") is benign.
 */

const CORPUS = join(FIXTURES, 'corpus', 'assistant-configs');
const FLAGGING = new Set(['critical', 'high', 'medium']);

interface Row {
  tool: string;
  sourceRepo: string;
  sourcePath: string;
  savedAs: string;
  judgment: string;
  risky: boolean;
  /** The path the file had in its repository: the part of the saved name after `owner__repo__`. */
  path: string;
}

/**
 * Files where nhiscan and the index disagree, with why. `raw` disagreements hold on the corpus as
 * saved; with the dummy tokens restored to realistic values (the index judged the originals)
 * only the `restored` ones remain.
 */
const DISAGREEMENTS: Record<string, { reason: string; restoredToo: boolean }> = {
  'mcp/0K-cool__athena__.mcp.json': {
    reason:
      'the index judges the servers by purpose (Kali and Velociraptor bridges for pentesting); the config itself only launches local scripts, one unpinned package and a redacted key slot',
    restoredToo: true,
  },
  'gemini/4ndr0666__scr__.gemini__settings.json': {
    reason:
      'the widening keys (includeDirectories, maxSessionTurns) sit under `model.*`, where Gemini does not read them, and the directory is a clone folder, not a home or root; only low-severity notes remain',
    restoredToo: true,
  },
  'gh-actions/0x666c6f__safe-agentic__.github__workflows__claude.yml': {
    reason:
      'the index calls the ignored `allowed_tools` a lost restriction, but it was an allow-list: on v1 the listed commands are simply not approved, so nothing widens (reported as a low ignored-setting note); the index is wrong here',
    restoredToo: true,
  },
  'roo-cline/A-Point-Systems-ltd__ms-sql-mcp__.roo__mcp.json': {
    reason: 'only read tools are auto-approved (ReadData, List*, Describe*); the index weighs the sensitivity of the ERP data, which the file does not show',
    restoredToo: true,
  },
  'vscode-copilot/0xTanzim__nextRush__.vscode__mcp.json': {
    reason:
      'the risk was the hard-coded extension token, replaced by AAAA… in the corpus copy (a placeholder, correctly quiet); with a realistic token credential-in-config reports it',
    restoredToo: false,
  },
  'kiro/Acurioustractor__act-placemat__.kiro__settings__mcp.json': {
    reason:
      'the risk was the Notion token, zero-filled in the corpus copy; the auto-approved tools are read-only; with a realistic token credential-in-config reports it',
    restoredToo: false,
  },
  'continue/Forwall100__dotfiles__.continue__config.yaml': {
    reason: 'the risk was the OpenRouter key, zero-filled in the corpus copy; with a realistic key credential-in-config reports it',
    restoredToo: false,
  },
};

function readIndex(): Row[] {
  const lines = readFileSync(join(CORPUS, 'INDEX.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim());
  return lines.map((line) => {
    const [tool = '', sourceRepo = '', sourcePath = '', , savedAs = '', judgment = ''] = line.split('\t');
    const name = savedAs.split('/').pop()!;
    return {
      tool,
      sourceRepo,
      sourcePath,
      savedAs,
      judgment,
      risky: /^(?:risky|mixed|subtle)/i.test(judgment.trim()),
      path: name.split('__').slice(2).join('/'),
    };
  });
}

/** Every value `restoreTokens` planted, to check none is ever printed. */
const planted = new Set<string>();

/** Same-shape, non-repeating stand-ins for the zero-filled dummy tokens (deterministic). */
function restoreTokens(text: string): string {
  let seed = 7;
  const random = (n: number) => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let out = '';
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      out += alphabet[seed % alphabet.length];
    }
    planted.add(out);
    return out;
  };
  return text
    .replace(/\b(sbp_|figd_|ntn_|BSA|sk-or-v1-)(0{20,})/g, (_, prefix: string, zeros: string) => prefix + random(zeros.length))
    .replace(/"A{30,}"/g, (quoted) => `"${random(quoted.length - 2)}"`);
}

async function assistantFindings(path: string, text: string): Promise<Finding[]> {
  const result = await scanFiles([textFile(path, text)]);
  const crashed = result.notes.filter((n) => n.code === 'rule-error' || n.code === 'extractor-error');
  expect(crashed, `${path}: a rule failed`).toEqual([]);
  // Secret findings count too: where a provider rule recognises a token, credential-in-config yields to it.
  return result.findings.filter((f) => (f.family === 'assistant' || f.family === 'secret') && !f.suppressed);
}

const rows = readIndex();
const raw = new Map<string, Finding[]>();
const restored = new Map<string, Finding[]>();

beforeAll(async () => {
  for (const row of rows) {
    const text = readFileSync(join(CORPUS, row.savedAs), 'utf8');
    raw.set(row.savedAs, await assistantFindings(row.path, text));
    const again = restoreTokens(text);
    restored.set(row.savedAs, again === text ? raw.get(row.savedAs)! : await assistantFindings(row.path, again));
  }
});

const flagged = (findings: readonly Finding[]) => findings.some((f) => FLAGGING.has(f.severity));

describe('assistant corpus', () => {
  it('holds every indexed file, each classified as an assistant config', () => {
    expect(rows.length).toBe(66);
    for (const row of rows) expect(ASSISTANT_KINDS, row.path).toContain(classifyPath(row.path));
  });

  it('agrees with the index except for the listed disagreements', () => {
    for (const row of rows) {
      const known = DISAGREEMENTS[row.savedAs];
      const agrees = flagged(raw.get(row.savedAs)!) === row.risky;
      if (known) expect(agrees, `${row.savedAs} is listed as a disagreement (${known.reason}); it now agrees: remove it from the list`).toBe(false);
      else expect(agrees, `${row.savedAs}: index says ${row.risky ? 'risky' : 'benign'} (${row.judgment.slice(0, 120)})`).toBe(true);
    }
  });

  it('agrees with at least 89% of judgments as saved, and 93% with the dummy tokens restored', () => {
    const rawAgreement = rows.filter((r) => flagged(raw.get(r.savedAs)!) === r.risky).length / rows.length;
    const restoredAgreement = rows.filter((r) => flagged(restored.get(r.savedAs)!) === r.risky).length / rows.length;
    expect(rawAgreement).toBeGreaterThanOrEqual(0.89);
    expect(restoredAgreement).toBeGreaterThanOrEqual(0.93);
    for (const row of rows) {
      const known = DISAGREEMENTS[row.savedAs];
      const agrees = flagged(restored.get(row.savedAs)!) === row.risky;
      expect(agrees, `${row.savedAs} with restored tokens`).toBe(!(known?.restoredToo ?? false));
    }
  });

  it('stays quiet on the zero-filled dummy tokens and reports them once restored', () => {
    for (const row of rows.filter((r) => /replaced by (?:same-shape )?dumm/i.test(r.judgment))) {
      const credentialFindings = (findings: readonly Finding[]) =>
        findings.filter((f) => f.ruleId === 'assistant/credential-in-config' || (f.family === 'secret' && f.secret));
      expect(credentialFindings(raw.get(row.savedAs)!), row.savedAs).toEqual([]);
      expect(credentialFindings(restored.get(row.savedAs)!).length, `${row.savedAs} with restored tokens`).toBeGreaterThan(0);
    }
  });

  it('reports nothing on the commented-out Codex reference config', () => {
    expect(raw.get('codex/10daer__ECC__.codex__config.toml')).toEqual([]);
  });

  it('never prints a credential in a message', () => {
    expect(planted.size).toBeGreaterThan(0);
    for (const findings of restored.values()) {
      for (const finding of findings) {
        for (const value of planted) expect(finding.message).not.toContain(value.slice(4, 16));
        if (finding.secret) expect(finding.secret.preview.length).toBeLessThan(16);
      }
    }
  });
});
