import { identityKey } from '../src/rule/types.js';
import { describe, expect, it } from 'vitest';
import { Document } from '../src/document/document.js';
import { assistantConfig } from '../src/model/assistant/index.js';
import { frontmatter } from '../src/ast/embedded.js';
import { at, str } from '../src/ast/index.js';
import { loadParsers, parseSyntax } from '../src/document/parse.js';
import { classifyPath } from '../src/pipeline/classify.js';
import { scanFiles, textFile } from './helpers/scan.js';

await loadParsers(['yaml', 'json', 'toml']);

const MCP_WITH_SECRETS = `{
  "mcpServers": {
    "internal": {
      "command": "node",
      "args": ["./mcp/server.js"],
      "env": {
        "INTERNAL_API_TOKEN": "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzd",
        "PLAIN_PASSWORD": "fxIq2HZtPlJhx2jIcl9Q",
        "GITHUB_TOKEN": "\${GITHUB_TOKEN}"
      }
    }
  }
}
`;

describe('assistant config classification', () => {
  it.each([
    ['.claude/settings.json', 'claude-settings'],
    ['.claude/settings.local.json', 'claude-settings'],
    ['etc/claude-code/managed-settings.json', 'claude-settings'],
    ['.claude/agents/reviewer.md', 'claude-agent'],
    ['.claude/commands/release.md', 'claude-agent'],
    ['.claude/skills/deploy/SKILL.md', 'claude-agent'],
    ['.mcp.json', 'mcp-config'],
    ['dotfiles/.claude.json', 'mcp-config'],
    ['.cursor/mcp.json', 'mcp-config'],
    ['.vscode/mcp.json', 'mcp-config'],
    ['.gemini/settings.json', 'gemini-settings'],
    ['.gemini/policies/team.toml', 'gemini-policy'],
    ['.windsurf/mcp_config.json', 'mcp-config'],
    ['.codeium/windsurf/mcp_config.json', 'mcp-config'],
    ['cline_mcp_settings.json', 'mcp-config'],
    ['.roo/mcp.json', 'mcp-config'],
    ['.kiro/settings/mcp.json', 'mcp-config'],
    ['.amazonq/mcp.json', 'mcp-config'],
    ['.aws/amazonq/mcp.json', 'mcp-config'],
    ['.continue/mcpServers/github.json', 'mcp-config'],
    ['.continue/mcpServers/browser.yaml', 'continue-config'],
    ['.continue/config.yaml', 'continue-config'],
    ['.junie/mcp/mcp.json', 'mcp-config'],
    ['.zed/settings.json', 'zed-settings'],
    ['.config/zed/settings.json', 'zed-settings'],
    ['Library/Application Support/Claude/claude_desktop_config.json', 'mcp-config'],
    ['.copilot/mcp-config.json', 'mcp-config'],
    ['.cursor/cli.json', 'cursor-config'],
    ['.cursor/permissions.json', 'cursor-config'],
    ['.cursor/environment.json', 'cursor-config'],
    ['.vscode/settings.json', 'vscode-settings'],
    ['app.code-workspace', 'vscode-settings'],
    ['.devcontainer/devcontainer.json', 'vscode-settings'],
    ['.github/copilot-setup-steps.yml', 'copilot-setup-steps'],
    ['.github/workflows/copilot-setup-steps.yml', 'github-workflow'],
    ['.codex/config.toml', 'codex-config'],
    ['.aider.conf.yml', 'aider-config'],
    ['.amazonq/cli-agents/default.json', 'amazonq-agent'],
    ['.kiro/agents/builder.json', 'amazonq-agent'],
    ['.config/goose/config.yaml', 'goose-config'],
    ['.openhands/setup.sh', 'agent-setup-script'],
    ['.openhands/config.toml', 'openhands-config'],
  ])('%s is %s', (path, kind) => {
    expect(classifyPath(path)).toBe(kind);
  });
});

describe('assistant model', () => {
  it('is built only for assistant kinds, without parsing anything else', () => {
    const doc = new Document('src/index.ts', 'typescript', 'export const x = 1;\n', () => {
      throw new Error('parsed');
    });
    expect(assistantConfig(doc)).toBeUndefined();
  });

  it('is built once per document', () => {
    const doc = new Document('.mcp.json', 'mcp-config', MCP_WITH_SECRETS, parseSyntax);
    expect(assistantConfig(doc)).toBe(assistantConfig(doc));
  });

  it('never throws on odd shapes', () => {
    const odd = [
      ['.claude/settings.json', 'claude-settings', '{"permissions": "Bash", "hooks": [1, 2], "env": ["x"], "mcpServers": 3}'],
      ['.mcp.json', 'mcp-config', '{"mcpServers": {"a": "npx -y x", "b": {"command": 5, "args": {"x": 1}, "env": [1]}}}'],
      ['.codex/config.toml', 'codex-config', 'approval_policy = 1\n[projects]\nx = 2\n[mcp_servers.a]\nargs = "npx"\n'],
      [
        '.github/workflows/a.yml',
        'github-workflow',
        'on: [issues]\njobs:\n  a:\n    steps: "claude"\n  b:\n    steps:\n      - uses: 3\n      - run: [claude]\n',
      ],
      ['.claude/agents/x.md', 'claude-agent', '---\n- just\n- a list\n---\nbody'],
      ['.vscode/settings.json', 'vscode-settings', '{"chat.tools.terminal.autoApprove": ["bash"], "chat.tools.edits.autoApprove": 1}'],
      ['.zed/settings.json', 'zed-settings', '{"agent": {"tool_permissions": {"tools": {"terminal": {"always_allow": "x"}}}}}'],
      ['.amazonq/cli-agents/a.json', 'amazonq-agent', '{"allowedTools": "execute_bash", "toolsSettings": {"execute_bash": {"allowedCommands": [1, null]}}}'],
    ] as const;
    for (const [path, kind, text] of odd) {
      const doc = new Document(path, kind, text, parseSyntax);
      expect(() => assistantConfig(doc), path).not.toThrow();
    }
  });

  it('keeps frontmatter offsets in the outer document', () => {
    const text = '---\nname: x\nallowed-tools: Read, Bash(python3:*)\n---\n# body\n';
    const doc = new Document('.claude/commands/x.md', 'claude-agent', text, parseSyntax);
    const node = at(frontmatter(doc), ['allowed-tools']);
    expect(str(node)).toBe('Read, Bash(python3:*)');
    const config = assistantConfig(doc)!;
    expect(config.commands).toHaveLength(1);
    expect(text.slice(config.commands[0]!.range.start, config.commands[0]!.range.end)).toBe('Bash(python3:*)');
  });

  it('reads no grant from commented-out TOML or JSONC', () => {
    const toml = new Document(
      '.codex/config.toml',
      'codex-config',
      '# approval_policy = "never"\n# [sandbox_workspace_write]\n# network_access = true\n',
      parseSyntax,
    );
    const jsonc = new Document(
      '.vscode/settings.json',
      'vscode-settings',
      '{\n  // "chat.tools.global.autoApprove": true,\n  /* "chat.tools.terminal.autoApprove": {"bash": true} */\n}\n',
      parseSyntax,
    );
    for (const doc of [toml, jsonc]) {
      const config = assistantConfig(doc)!;
      expect([...config.approvals, ...config.commands, ...config.network]).toEqual([]);
    }
  });
});

describe('assistant findings', () => {
  it('report one finding per literal credential, with the assistant context, across rule families', async () => {
    const result = await scanFiles([textFile('.mcp.json', MCP_WITH_SECRETS)]);
    const onCredentials = result.findings.filter((f) => f.secret);
    expect(onCredentials.map((f) => [f.ruleId, f.location.start.line])).toEqual([
      ['assistant/credential-in-config', 7],
      ['assistant/credential-in-config', 8],
    ]);
    for (const finding of onCredentials) {
      expect(finding.message).toContain('`internal`');
      expect(finding.message).not.toContain('u8jzPde0IgxLd6');
      expect(finding.message).not.toContain('fxIq2HZt');
    }
  });

  it('records credential facts: references by name, literals by keyed hash', async () => {
    const result = await scanFiles([textFile('.mcp.json', MCP_WITH_SECRETS)], { only: 'assistant/credential-in-config' });
    const facts = result.facts.filter((f) => f.kind === 'credential-use');
    expect(facts.map((f) => identityKey(f.identity).replace(/^literal:.*/, 'literal'))).toEqual(['literal', 'literal', 'variable:GITHUB_TOKEN']);
    for (const fact of facts) expect(fact.attributes).toMatchObject({ tool: 'claude-code', purpose: 'assistant', server: 'internal' });
    expect(JSON.stringify(facts)).not.toContain('u8jzPde0IgxLd6');
  });

  it('takes only the real claude-code-action v0 inputs for ignored ones, not names every object has', async () => {
    const workflow = [
      'on: push',
      'jobs:',
      '  claude:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: anthropics/claude-code-action@v1',
      '        with:',
      '          constructor: x',
      '          toString: y',
      '          disallowed_tools: Bash',
      '',
    ].join('\n');
    const result = await scanFiles([textFile('.github/workflows/claude.yml', workflow)], { only: 'assistant/ignored-agent-setting' });
    expect(result.findings.map((f) => f.properties?.['setting'])).toEqual(['disallowed_tools']);
    expect(result.findings[0]!.message).toContain('(use `claude_args: --disallowedTools …`)');
  });

  it('rates a committed project file above the same grant in a user-level dotfile', async () => {
    const text = '{ "agent": { "always_allow_tool_actions": true } }\n';
    const result = await scanFiles([textFile('.zed/settings.json', text), textFile('dotfiles/.config/zed/settings.json', text)], {
      only: 'assistant/approval-bypass',
    });
    const byPath = Object.fromEntries(result.findings.map((f) => [f.location.path, f]));
    expect(byPath['.zed/settings.json']!.severity).toBe('critical');
    expect(byPath['dotfiles/.config/zed/settings.json']!.severity).toBe('high');
    expect(byPath['.zed/settings.json']!.message).toContain('every developer who opens this repository');
    expect(byPath['dotfiles/.config/zed/settings.json']!.message).toContain("owner's own account");
  });

  it('says who the agent acts as, what it may do unasked and the narrow alternative', async () => {
    const settings = '{ "permissions": { "allow": ["Bash(python3:*)"] } }\n';
    const [finding] = (await scanFiles([textFile('.claude/settings.json', settings)], { only: 'assistant/wildcard-command-allow' })).findings;
    expect(finding!.message).toMatch(/as the account of every developer who opens this repository/);
    expect(finding!.message).toMatch(/run any command without asking/);
    expect(finding!.message).toMatch(/Bash\(npm test\)/);
  });

  it('does not let a deny list mitigate a broad allow', async () => {
    const settings = '{ "permissions": { "allow": ["Bash"], "deny": ["Bash(rm:*)", "Bash(curl:*)", "Bash(sudo:*)"] } }\n';
    const { findings } = await scanFiles([textFile('.claude/settings.json', settings)], { only: 'assistant/wildcard-command-allow' });
    expect(findings.map((f) => f.severity)).toEqual(['high']);
  });

  it('raises a write grant that covers the agent configuration', async () => {
    const cli = '{ "permissions": { "allow": ["Write(src/**)", "Write(**)"] } }\n';
    const { findings } = await scanFiles([textFile('.cursor/cli.json', cli)], { only: 'assistant/auto-approved-tools' });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.severity).toBe('high');
    expect(findings[0]!.message).toContain('widen its grants');
  });

  it('treats a bypass in a workflow triggered by anyone as critical', async () => {
    const workflow = `on: issue_comment
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: claude -p "$BODY" --dangerously-skip-permissions
`;
    const { findings } = await scanFiles([textFile('.github/workflows/a.yml', workflow)], { only: 'assistant/approval-bypass' });
    expect(findings.map((f) => [f.severity, f.location.start.line])).toEqual([['critical', 6]]);
  });
});
