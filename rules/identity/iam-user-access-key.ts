import { defineRule, type RuleContext } from '../../src/rule/index.js';
import { isDeclarationFile, span } from '../../src/ast/js.js';
import { cloudIam, type IamAccessKey } from '../../src/model/cloud-iam.js';
import { adminGroupsAcrossFiles, type ImportedAdminGroup } from '../../src/model/cdk-types.js';
import type { Location } from '../../src/rule/index.js';

/** Names that say a user exists for automation. */
const MACHINE_NAME =
  /\b(?:ci|cd|cicd|deploy(?:er|ment)?|pipeline|github|gitlab|bitbucket|circleci|jenkins|travis|buildkite|actions|bot|automation|service|svc|terraform|pulumi|cdk|runner|build|release|publisher|uploader|sync)\b/i;

export default defineRule({
  id: 'iam-user-access-key',
  family: 'identity',
  title: 'IAM user with a long-lived access key created in infrastructure code',
  description:
    'AWS CDK, Pulumi or CDK for Terraform code creates an access key for an IAM user: a static, long-lived machine credential, worst when the user holds administrator permissions or the secret is published as an output.',
  severity: 'high',
  confidence: 'high',
  kinds: ['typescript', 'javascript'],
  keywords: ['accesskey'],
  tags: ['NHI7', 'NHI5', 'CICD-SEC-2', 'CICD-SEC-6', 'CWE-798'],
  help: `**Why.** An IAM user access key never expires. Created for CI or a bot, it ends up in CI variables, laptops and logs, and works from anywhere until someone rotates it; with \`AdministratorAccess\` one leak gives away the account. Publishing the secret as a stack output puts it in plain text in CloudFormation or Terraform state.

Administrator permissions count when granted to the user, or to a group the user joins (\`groups: [admins]\`, \`addToGroup\`, \`addUser\`, group membership resources); a group another module of the repository creates is followed through the imports with ts-morph (loaded only then).

**Fix.** Delete the user and the key. Let CI assume a role through OIDC federation (GitHub Actions, GitLab, Bitbucket and CircleCI all support it), scoped to what the pipeline deploys, with a trust policy bound to the repository and branch.

\`\`\`ts
const provider = new iam.OpenIdConnectProvider(this, 'GitHub', {
  url: 'https://token.actions.githubusercontent.com',
  clientIds: ['sts.amazonaws.com'],
});
new iam.Role(this, 'DeployRole', {
  assumedBy: new iam.WebIdentityPrincipal(provider.openIdConnectProviderArn, {
    StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main' },
  }),
});
\`\`\``,
  scan(doc, ctx) {
    // The model knows only classes named `…AccessKey` (the keyword matched any case): no parse without one.
    if (isDeclarationFile(doc.path) || !doc.text.includes('AccessKey')) return;
    const program = doc.js()?.program;
    if (!program) return;
    const { keys } = cloudIam(program);
    const imported = importedAdminGroups(keys, doc.path, doc.text, ctx);
    for (const key of keys) reportKey(key, imported, ctx);
  },
});

/**
 * Groups another module creates (`user.addToGroup(shared.admins)`): only for keyed users whose
 * admin rights this module cannot tell, the type-aware analysis (ts-morph, loaded only then)
 * follows the reference through the module's imports.
 */
function importedAdminGroups(keys: IamAccessKey[], path: string, text: string, ctx: RuleContext): Map<number, ImportedAdminGroup> {
  const references = keys.flatMap((k) => (k.user && !k.user.admin.length && !k.user.adminGroups.length ? k.user.unresolvedGroups : []));
  const starts = references.flatMap((r) => (r.start != null && r.end != null ? [{ start: r.start, end: r.end }] : []));
  if (!starts.length) return new Map();
  try {
    const answer = adminGroupsAcrossFiles(path, text, ctx.sources, starts);
    if (answer.limit)
      ctx.note(
        `the module imports more repository code than the type-aware analysis reads (limit: ${answer.limit}; ${answer.files} files read); groups created in the modules left out were not followed`,
        'warning',
      );
    return new Map(answer.groups.map((g) => [g.referenceStart, g]));
  } catch {
    ctx.note('the type-aware analysis could not read this module with the modules it imports; IAM groups created elsewhere were not followed', 'warning');
    return new Map();
  }
}

function reportKey(key: IamAccessKey, imported: ReadonlyMap<number, ImportedAdminGroup>, ctx: RuleContext): void {
  const direct = key.user?.admin ?? [];
  const groups = key.user?.adminGroups ?? [];
  const elsewhere = (key.user?.unresolvedGroups ?? []).flatMap((r) => {
    const group = r.start != null ? imported.get(r.start) : undefined;
    return group ? [{ reference: r, group }] : [];
  });
  const viaGroup = [...groups.map((g) => g.group), ...elsewhere.map((g) => g.group.group)];
  const admin = [...direct, ...groups.map((g) => g.membership), ...elsewhere.map((g) => g.reference)];
  const who = `IAM user \`${key.userLabel}\``;
  const machine = MACHINE_NAME.test(key.userLabel.replace(/[-_]/g, ' ')) ? ' (a machine identity)' : '';
  const problems = [
    admin.length
      ? `it holds administrator permissions${!direct.length && viaGroup.length ? ` through the group \`${viaGroup[0]}\`` : ''}, so one leak opens the whole account`
      : undefined,
    key.exposed.length ? 'its secret is published in plain text as an output' : undefined,
  ].filter(Boolean);
  const worse = problems.length ? `; ${problems.join(', and ')}` : '';
  ctx.report(
    span(key.node),
    `${who}${machine} gets a long-lived access key here: the key never expires and works from anywhere once it leaks${worse}; let CI assume a role through OIDC federation instead of creating user keys.`,
    {
      severity: admin.length || key.exposed.length ? 'critical' : undefined,
      related: [
        ...(key.user ? [{ target: span(key.user.node), message: `the IAM user ${key.userLabel}` }] : []),
        ...direct.map((node) => ({ target: span(node), message: 'administrator permissions granted here' })),
        ...groups.flatMap((g) => [
          { target: span(g.membership), message: `the user joins the group ${g.group} here` },
          ...g.grants.map((node) => ({ target: span(node), message: `administrator permissions granted to the group ${g.group} here` })),
        ]),
        ...elsewhere.flatMap(({ reference, group }) => [
          { target: span(reference), message: `the user joins the group ${group.group} here` },
          ...group.grants.map((grant) => ({
            location: grant satisfies Location,
            message: `administrator permissions granted to the group ${group.group} here`,
          })),
        ]),
        ...key.exposed.map((node) => ({ target: span(node), message: 'the secret access key is published here' })),
      ],
      fingerprintKey: `iam-user-key:${key.userLabel}`,
      properties: {
        user: key.userLabel,
        tool: key.tool,
        admin: admin.length > 0,
        adminThroughGroup: viaGroup.length > 0 && !direct.length,
        exposed: key.exposed.length > 0,
        lifetime: 'long-lived',
      },
    },
  );
}
