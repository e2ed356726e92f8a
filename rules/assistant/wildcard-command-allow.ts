import { defineRule } from '../../src/rule/index.js';
import type { Severity } from '../../src/rule/index.js';
import {
  ASSISTANT_KINDS,
  assistantConfig,
  type CommandBreadth,
  type CommandReach,
  type CommandRemedy,
  type CommandGrant,
  type ExecUtility,
  type ShipAction,
} from '../../src/model/assistant/index.js';
import { grantConfidence, grantSeverity } from './shared/grading.js';
import { actingIdentity, fileNoun, grantProperties, grantText, inertNote } from './shared/wording.js';

const WHAT: Record<Exclude<CommandReach, 'bounded'>, string> = {
  any: 'any command',
  exec: 'any program',
  deploy: "a command that ships with the developer's own authority (push, merge, release, publish, apply or deploy)",
  network: 'transfers to and from any host',
  identity: "any action the developer's stored cloud or forge credentials allow",
  script: 'any script it can also edit unasked',
};

/** How each utility runs other programs. */
const RUNS_PROGRAMS: Record<ExecUtility, string> = {
  find: 'runs any program through `-exec`',
  fd: 'runs any program through `--exec`',
  sed: 'runs shell commands with GNU `e` and writes any file with `w`/`-i`',
  git: 'runs any program through `-c core.pager=…`, aliases and hooks',
  tar: 'runs any program through `--to-command` and `--checkpoint-action`',
  zip: 'runs any program through `-TT`',
  tmux: 'starts shells that outlive the approval',
  screen: 'starts shells that outlive the approval',
  crontab: 'schedules any command to run later',
  at: 'schedules any command to run later',
  'systemd-run': 'starts any command as a service',
  launchctl: 'starts any command as a service',
};

const SHIPS: Record<ShipAction, string> = {
  'pushes-commits': 'pushes commits',
  merges: 'merges',
  publishes: 'publishes',
  'changes-infrastructure': 'changes live infrastructure',
  'starts-workflows': 'starts workflows',
  deploys: 'deploys',
};

/** Why the pattern reaches that far, as a clause: "`python` is an interpreter: it runs any code passed to it". */
function breadth(why: CommandBreadth): string {
  switch (why.kind) {
    case 'every-command':
      return 'it matches every command';
    case 'evaluator':
      return `\`${why.program}\` runs whatever it is given as code`;
    case 'wrapper':
      return `\`${why.program}\` runs whatever command follows it`;
    case 'ships':
      return `\`${why.command}\` ${SHIPS[why.action]} with the developer's own credentials, which no reviewer sees first`;
    case 'remote-shell':
      return '`ssh` runs any command on any host the developer can reach';
    case 'launcher':
      return `\`${why.program}\` runs any program or package named after it`;
    case 'launcher-subcommands':
      return `\`${why.program}\` has subcommands that run any program or package (such as \`${why.example}\`)`;
    case 'script-runner':
      return `\`${why.program}\` runs any script the repository defines`;
    case 'shell':
      return `\`${why.program}\` is a shell: it runs any code passed to it`;
    case 'interpreter':
      return `\`${why.program}\` is an interpreter: it runs any code passed to it`;
    case 'inline-code':
      return `\`${why.program} ${why.flag}\` runs any code given inline`;
    case 'network-client':
      return `\`${why.program}\` sends data to and fetches from any host`;
    case 'cloud-api':
      return `\`${why.command}\` calls any API the developer's stored credential can reach`;
    case 'cloud-cli':
      return `\`${why.program}\` acts with the developer's stored credentials on everything they can reach`;
    case 'runs-programs':
      return `\`${why.program}\` ${RUNS_PROGRAMS[why.program]}`;
    case 'whole-line-pattern':
      return 'the pattern is matched against the whole command line, so anything can be chained after it';
  }
}

const SEVERITY: Record<Exclude<CommandReach, 'bounded'>, Severity> = {
  any: 'high',
  exec: 'medium',
  deploy: 'high',
  network: 'medium',
  identity: 'medium',
  script: 'medium',
};

/** What to do instead, for each remedy the model names. */
const REMEDY: Record<CommandRemedy, string | ((grant: CommandGrant) => string)> = {
  'amazonq-allowed-commands': 'write anchored patterns without `.*`, e.g. `"^npm test$"`',
  'amazonq-execute-bash': 'remove it from `allowedTools` and list exact commands in `toolsSettings.execute_bash.allowedCommands` (e.g. `"^npm test$"`)',
  'anchored-patterns': 'list the exact commands the task needs instead as anchored patterns',
  'anchored-regexes': 'list the exact commands the task needs instead (anchored regexes such as `/^npm test$/`)',
  'exact-command-prefixes': 'list the exact commands the task needs instead (e.g. `npm test`)',
  'exact-commands': (g) => `list the exact commands the task needs instead${g.example ? `, e.g. \`${g.example}\`` : ''}`,
  'gemini-action-no-settings': 'pass `settings` with `tools.core` listing the exact commands the run needs',
  'gemini-no-core-tools': 'list the tools the run needs in `tools.core`, e.g. `run_shell_command(gh issue view)`',
  'gemini-policy-shell': 'add a `commandPrefix` naming the exact commands',
  'kiro-capability-shell': 'add patterns naming the exact commands',
  'vscode-terminal-true': 'use an object of exact commands, e.g. `{ "npm test": true }`',
  'zed-terminal-allow': 'set it to "confirm" and list the exact commands the task needs under `always_allow`',
};

function remedy(grant: CommandGrant): string {
  const text = REMEDY[grant.remedy];
  return typeof text === 'string' ? text : text(grant);
}

export default defineRule({
  id: 'wildcard-command-allow',
  family: 'assistant',
  title: 'Agent command allow-list that amounts to a wildcard',
  description:
    'A pre-approved command pattern lets the agent run any command: a bare shell tool, `*`, an interpreter or launcher prefix, a pass-through wrapper, or a regex that matches whole command lines.',
  severity: 'high',
  confidence: 'high',
  kinds: ASSISTANT_KINDS,
  tags: ['CWE-250', 'CWE-78', 'NHI5', 'CICD-SEC-7'],
  help: `**Why.** Allow rules match the start of a command. \`Bash\`, \`Bash(*)\` and \`Shell(**)\` match everything; so does any rule that starts with an interpreter or launcher (\`python\`, \`node\`, \`bash\`, \`npx\`, \`uv run\`, \`docker\`), a wrapper that runs what follows it (\`timeout\`, \`env\`, \`xargs\`, \`sudo\`), or \`source\`/\`eval\`: \`python -c '…'\` is any program. Utilities such as \`find\` (\`-exec\`), \`sed\` (\`e\`, \`w\`) and \`git\` (\`-c core.pager=…\`) run programs too, network clients (\`curl\`, \`ssh\`, \`scp\`) move data to any host, and bare cloud CLIs (\`gh\`, \`aws\`, \`kubectl\`) act with the developer's stored credentials. Amazon Q matches \`allowedCommands\` against the whole line, so \`cd .*\` also matches \`cd x && curl … | sh\`. A deny list does not narrow these: \`bash -c 'rm …'\` is not \`rm\`.

**Fix.** Pre-approve exact commands, or prefixes that end in a fixed subcommand.

\`\`\`json
{ "permissions": { "allow": ["Bash(npm test)", "Bash(npm run lint)", "Bash(git status)", "Bash(git diff:*)"] } }
\`\`\``,
  scan(doc, ctx) {
    const config = assistantConfig(doc);
    if (!config) return;
    for (const grant of config.commands) {
      const reach = grant.analysis.reach;
      if (reach === 'bounded') continue;
      if (reach === 'script' && !config.writesAutoApproved) continue;
      // Only a bounded pattern (skipped above) has no reason.
      const clause = grant.analysis.why ? breadth(grant.analysis.why) : '';
      const why = reach === 'script' ? `${clause}, and file edits are auto-approved` : clause;
      ctx.report(
        grant.range,
        `\`${grantText(grant)}\` in \`${grant.setting}\` of ${fileNoun(config)} lets the agent run ${WHAT[reach]} without asking${inertNote(grant)}, as ${actingIdentity(config)}, because ${why}; ${reach === 'deploy' ? 'take push, merge, release and deploy commands out of the allow-list so each one is confirmed, and ship from CI behind an approval' : remedy(grant)}.`,
        {
          severity: grantSeverity(SEVERITY[reach], config, grant),
          confidence: grantConfidence(reach === 'any' ? 'high' : 'medium', grant),
          properties: { ...grantProperties(config, grant), reach, command: grant.analysis.head },
          fingerprintKey: `${grant.setting}:${grantText(grant)}`,
        },
      );
    }
  },
});
