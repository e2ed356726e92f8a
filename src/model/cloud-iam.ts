import type * as t from '@babel/types';
import { arrayElements, asNode, memberName, memberPath, propertyKeyName, propertyValue, stringValue, unwrap, walkJs, type JsNode } from '../ast/js.js';
import { importBindings } from './js-modules.js';

/**
 * AWS IAM users and their access keys declared in infrastructure code: AWS CDK (`iam.User`,
 * `iam.CfnUser`, `iam.AccessKey`, `iam.CfnAccessKey`), Pulumi (`aws.iam.User`,
 * `aws.iam.AccessKey`, policy attachments) and CDK for Terraform (`IamUser`, `IamAccessKey`).
 * A user that gets an access key in code is a machine identity with a long-lived credential.
 */

type IacTool = 'cdk' | 'pulumi' | 'cdktf';

interface IamUser {
  node: t.NewExpression;
  tool: IacTool;
  /** The user's name (`userName`/`name`), else its construct id or Pulumi resource name. */
  label: string;
  /** The variable or field the user is stored in. */
  variable?: string;
  /** Where the user receives administrator-level permissions. */
  admin: JsNode[];
  /** Groups the user joins that hold administrator-level permissions. */
  adminGroups: AdminGroupMembership[];
  /**
   * Group references this module cannot resolve (a group another module creates): where the user
   * joins them, for the type-aware analysis to follow.
   */
  unresolvedGroups: JsNode[];
}

interface IamGroup {
  node: t.NewExpression;
  label: string;
  variable?: string;
  /** Where the group receives administrator-level permissions. */
  admin: JsNode[];
}

/** A user's membership in a group with administrator permissions. */
interface AdminGroupMembership {
  group: string;
  /** Where the user joins the group. */
  membership: JsNode;
  /** Where the group receives administrator permissions. */
  grants: JsNode[];
}

export interface IamAccessKey {
  node: t.NewExpression;
  tool: IacTool;
  /** The user the key belongs to, when it is declared in this module. */
  user?: IamUser;
  /** The user's name as the key refers to it. */
  userLabel: string;
  variable?: string;
  /** Where the secret half is published in plain text (a stack output, a plain parameter). */
  exposed: JsNode[];
}

export interface CloudIam {
  users: IamUser[];
  keys: IamAccessKey[];
}

/** Modules whose `User`/`AccessKey` classes are IAM ones. */
const IAM_MODULE =
  /(?:^|\/)aws-iam$|^@pulumi\/aws(?:\/iam)?$|^@cdktf\/provider-aws(?:\/lib\/iam-(?:user|access-key|user-policy-attachment|user-policy|policy-attachment))?$|^@aws-cdk\/aws-iam$/;
/** Managed policies (by name or ARN) that amount to administrator access. */
const ADMIN_POLICY = /(?:^|[/:])(?:AdministratorAccess|IAMFullAccess)$/;
/** `"Action": "*"` inside a JSON policy string. */
const JSON_ADMIN_ACTION = /"Action"\s{0,8}:\s{0,8}(?:"(?:\*|iam:\*)"|\[[^\]]{0,2000}"(?:\*|iam:\*)")/;

type Kind = 'user' | 'key' | 'user-policy' | 'policy' | 'output' | 'group' | 'group-policy' | 'membership';

/** Reads IAM users, access keys and what grants them admin in one module (once per tree). */
export function cloudIam(root: JsNode): CloudIam {
  let found = analysed.get(root);
  if (!found) {
    found = root.type === 'Program' ? analyse(root) : { users: [], keys: [] };
    analysed.set(root, found);
  }
  return found;
}

/** The rule and the fact extractor both ask: one analysis per tree. */
const analysed = new WeakMap<JsNode, CloudIam>();

function analyse(root: t.Program): CloudIam {
  const result: CloudIam = { users: [], keys: [] };
  const imports = importBindings(root);
  const bound = new Map<JsNode, string>();
  const constants = new Map<string, JsNode>();
  const constructs: { node: t.NewExpression; kind: Kind; tool: IacTool }[] = [];
  const calls: t.CallExpression[] = [];
  walkJs(root, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
      const init = unwrap(node.init);
      if (init) bound.set(init, node.id.name);
      constants.set(node.id.name, node.init);
    } else if (node.type === 'AssignmentExpression' && node.operator === '=') {
      const path = memberPath(node.left);
      const right = unwrap(node.right);
      if (path && right) bound.set(right, path.join('.'));
    } else if (node.type === 'NewExpression') {
      const kind = constructKind(node, imports);
      if (kind) constructs.push({ node, ...kind });
    } else if (node.type === 'CallExpression') calls.push(node);
  });

  const users = new Map<string, IamUser>();
  for (const { node, kind, tool } of constructs) {
    if (kind !== 'user') continue;
    const props = propsOf(node, tool);
    const label = stringValue(propertyValue(props, 'userName')) ?? stringValue(propertyValue(props, 'name')) ?? constructId(node, tool) ?? 'user';
    const user: IamUser = { node, tool, label, variable: bound.get(node), admin: [], adminGroups: [], unresolvedGroups: [] };
    for (const key of ['managedPolicies', 'managedPolicyArns', 'policies']) {
      for (const entry of arrayElements(propertyValue(props, key))) if (grantsAdmin(entry, constants)) user.admin.push(entry);
    }
    result.users.push(user);
    if (user.variable) users.set(user.variable, user);
    users.set(`name:${label}`, user);
  }

  const groups = new Map<string, IamGroup>();
  for (const { node, kind, tool } of constructs) {
    if (kind !== 'group') continue;
    const props = propsOf(node, tool);
    const label = stringValue(propertyValue(props, 'groupName')) ?? stringValue(propertyValue(props, 'name')) ?? constructId(node, tool) ?? 'group';
    const group: IamGroup = { node, label, variable: bound.get(node), admin: [] };
    for (const key of ['managedPolicies', 'managedPolicyArns', 'policies']) {
      for (const entry of arrayElements(propertyValue(props, key))) if (grantsAdmin(entry, constants)) group.admin.push(entry);
    }
    if (group.variable) groups.set(group.variable, group);
    groups.set(`name:${label}`, group);
  }
  const groupOf = (node: unknown): IamGroup | undefined => lookup(groups, node);
  /** `user` joins the group `reference` at `where`. */
  const memberships: { user: IamUser; reference: JsNode; where: JsNode }[] = [];
  const join = (user: IamUser | undefined, reference: unknown, where: JsNode) => {
    const node = asNode(reference);
    if (user && node) memberships.push({ user, reference: node, where });
  };

  const userOf = (node: unknown): IamUser | undefined => lookup(users, node);
  for (const { node, kind, tool } of constructs) {
    const props = propsOf(node, tool);
    if (kind === 'key') {
      const reference = propertyValue(props, 'user') ?? propertyValue(props, 'userName');
      const user = userOf(reference);
      const userLabel =
        user?.label ??
        stringValue(reference) ??
        importedUserName(reference, constants) ??
        (reference ? memberPath(reference)?.join('.') : undefined) ??
        'an IAM user';
      result.keys.push({ node, tool, user, userLabel, variable: bound.get(node), exposed: [] });
    } else if (kind === 'user-policy' || kind === 'policy') {
      // Pulumi/CDKTF attachments name the user; CDK policies list `users`.
      const targets = [propertyValue(props, 'user'), ...arrayElements(propertyValue(props, 'users'))].flatMap((r) => userOf(r) ?? []);
      if (targets.length && grantsAdmin(props, constants)) for (const user of targets) user.admin.push(node);
      const groupTargets = [propertyValue(props, 'group'), ...arrayElements(propertyValue(props, 'groups'))].flatMap((r) => groupOf(r) ?? []);
      if (groupTargets.length && grantsAdmin(props, constants)) for (const group of groupTargets) group.admin.push(node);
    } else if (kind === 'group-policy') {
      const group = groupOf(propertyValue(props, 'group'));
      if (group && grantsAdmin(props, constants)) group.admin.push(node);
    } else if (kind === 'membership') {
      // `GroupMembership { group, users }`, `UserGroupMembership { user, groups }`, `CfnUserToGroupAddition { groupName, users }`.
      const group = propertyValue(props, 'group') ?? propertyValue(props, 'groupName');
      for (const user of arrayElements(propertyValue(props, 'users'))) if (group) join(userOf(user), group, node);
      for (const joined of arrayElements(propertyValue(props, 'groups'))) join(userOf(propertyValue(props, 'user')), joined, node);
    } else if (kind === 'user') {
      // `new iam.User(…, { groups: [admins] })`
      for (const joined of arrayElements(propertyValue(props, 'groups')))
        join(
          result.users.find((u) => u.node === node),
          joined,
          joined,
        );
    }
  }

  for (const call of calls) {
    const callee = unwrap(call.callee);
    if (callee?.type !== 'MemberExpression') continue;
    const method = memberName(callee);
    const receiver = userOf(callee.object);
    if (receiver && /^(?:addManagedPolicy|addToPolicy|addToPrincipalPolicy|attachInlinePolicy)$/.test(method ?? '')) {
      if (call.arguments.some((a) => grantsAdmin(a, constants))) receiver.admin.push(call);
    } else if (method === 'attachToUser') {
      const user = userOf(call.arguments[0]);
      if (user && grantsAdmin(callee.object, constants)) user.admin.push(call);
    } else if (receiver && method === 'addToGroup') join(receiver, call.arguments[0], call);
    else if (method === 'addUser') join(userOf(call.arguments[0]), callee.object, call);
    else if (method === 'attachToGroup') {
      const group = groupOf(call.arguments[0]);
      if (group && grantsAdmin(callee.object, constants)) group.admin.push(call);
    } else {
      const group = groupOf(callee.object);
      if (
        group &&
        /^(?:addManagedPolicy|addToPolicy|addToPrincipalPolicy|attachInlinePolicy)$/.test(method ?? '') &&
        call.arguments.some((a) => grantsAdmin(a, constants))
      )
        group.admin.push(call);
    }
  }

  // Group grants are complete only now: memberships resolve last.
  for (const { user, reference, where } of memberships) {
    const group = groupOf(reference);
    if (!group) user.unresolvedGroups.push(reference);
    else if (group.admin.length && !user.adminGroups.some((m) => m.group === group.label))
      user.adminGroups.push({ group: group.label, membership: where, grants: group.admin });
  }

  for (const { node, kind } of constructs) {
    // A `sensitive` Terraform output is masked; the key is in the state either way.
    if (kind !== 'output' || isTrue(propertyValue(unwrap(node.arguments[2]), 'sensitive'))) continue;
    for (const key of result.keys) if (key.variable && mentionsSecret(node, key.variable)) key.exposed.push(node);
  }
  return result;
}

/** A user or group by literal name or by the variable (or field) holding it. */
function lookup<T>(known: Map<string, T>, node: unknown): T | undefined {
  const literal = stringValue(node);
  if (literal !== undefined) return known.get(`name:${literal}`);
  const path = memberPath(node);
  if (!path) return undefined;
  for (let i = path.length; i > 0; i--) {
    const found = known.get(path.slice(0, i).join('.'));
    if (found) return found;
  }
  return undefined;
}

/** What an IAM-related `new X(...)` declares, and with which tool. */
function constructKind(node: t.NewExpression, imports: ReturnType<typeof importBindings>): { kind: Kind; tool: IacTool } | undefined {
  const path = memberPath(node.callee);
  if (!path) return undefined;
  const name = path[path.length - 1]!;
  const fromIam = path.length >= 2 ? path[path.length - 2] === 'iam' : IAM_MODULE.test(imports.get(name)?.specifier ?? '');
  const pulumi = path.length === 3 && path[0] === 'aws' && path[1] === 'iam';
  const tool: IacTool =
    pulumi || (path.length === 2 && imports.get('iam')?.specifier.startsWith('@pulumi/')) || typeof stringValue(node.arguments[0]) === 'string'
      ? 'pulumi'
      : 'cdk';
  if (/^(?:CfnOutput|TerraformOutput|StringParameter)$/.test(name)) return { kind: 'output', tool };
  if (name === 'IamUser') return { kind: 'user', tool: 'cdktf' };
  if (name === 'IamAccessKey') return { kind: 'key', tool: 'cdktf' };
  if (name === 'IamUserPolicyAttachment' || name === 'IamUserPolicy' || name === 'IamPolicyAttachment') return { kind: 'user-policy', tool: 'cdktf' };
  if (name === 'IamGroup') return { kind: 'group', tool: 'cdktf' };
  if (name === 'IamGroupPolicyAttachment' || name === 'IamGroupPolicy') return { kind: 'group-policy', tool: 'cdktf' };
  if (name === 'IamGroupMembership' || name === 'IamUserGroupMembership') return { kind: 'membership', tool: 'cdktf' };
  if (!fromIam) return undefined;
  if (name === 'User' || name === 'CfnUser') return { kind: 'user', tool };
  if (name === 'AccessKey' || name === 'CfnAccessKey') return { kind: 'key', tool };
  if (name === 'UserPolicyAttachment' || name === 'UserPolicy' || name === 'PolicyAttachment') return { kind: 'user-policy', tool };
  if (name === 'Group' || name === 'CfnGroup') return { kind: 'group', tool };
  if (name === 'GroupPolicyAttachment' || name === 'GroupPolicy') return { kind: 'group-policy', tool };
  if (name === 'GroupMembership' || name === 'UserGroupMembership' || name === 'CfnUserToGroupAddition') return { kind: 'membership', tool };
  if (name === 'Policy' || name === 'ManagedPolicy' || name === 'CfnPolicy' || name === 'CfnManagedPolicy') return { kind: 'policy', tool };
  return undefined;
}

/** Props are the third argument in CDK (`scope, id, props`), the second in Pulumi (`name, args`). */
function propsOf(node: t.NewExpression, tool: IacTool): JsNode | undefined {
  return unwrap(node.arguments[tool === 'pulumi' ? 1 : 2]);
}

function constructId(node: t.NewExpression, tool: IacTool): string | undefined {
  return stringValue(node.arguments[tool === 'pulumi' ? 0 : 1]);
}

/** `iam.User.fromUserName(this, 'Ci', 'ci-bot')` stored in a constant: the user's name. */
function importedUserName(reference: unknown, constants: Map<string, JsNode>): string | undefined {
  const path = memberPath(reference);
  const value = path ? unwrap(constants.get(path[0]!)) : undefined;
  if (value?.type !== 'CallExpression' || !/^from(?:UserName|UserArn|UserAttributes)$/.test(memberName(value.callee as t.MemberExpression) ?? ''))
    return undefined;
  return stringValue(value.arguments[2])?.replace(/^.*:user\//, '');
}

/**
 * Whether an expression grants administrator-level permissions: the `AdministratorAccess` or
 * `IAMFullAccess` managed policy (by name, ARN or Pulumi constant), or a statement whose actions
 * are `*` or `iam:*` (in a PolicyStatement, a policy document object or a JSON string).
 * `resources: ['*']` and `notActions: ['*']` are not.
 */
function grantsAdmin(node: unknown, constants: Map<string, JsNode> = new Map()): boolean {
  return scanPolicy(node, undefined, constants, 0);
}

function scanPolicy(node: unknown, key: string | undefined, constants: Map<string, JsNode>, depth: number): boolean {
  const value = unwrap(node);
  if (!value || depth > 12) return false;
  switch (value.type) {
    case 'StringLiteral':
    case 'TemplateLiteral': {
      const text = stringValue(value) ?? '';
      if (ADMIN_POLICY.test(text) || JSON_ADMIN_ACTION.test(text)) return true;
      return (text === '*' || text === 'iam:*' || text === '*:*') && key !== undefined && /^actions?$/i.test(key);
    }
    case 'ArrayExpression':
      return value.elements.some((e) => e !== null && scanPolicy(e.type === 'SpreadElement' ? e.argument : e, key, constants, depth + 1));
    case 'ObjectExpression':
      return value.properties.some((p) => p.type === 'ObjectProperty' && scanPolicy(p.value, propertyKeyName(p), constants, depth + 1));
    case 'MemberExpression': {
      const path = memberPath(value);
      return path !== undefined && ADMIN_POLICY.test(path[path.length - 1]!);
    }
    case 'Identifier': {
      const bound = constants.get(value.name);
      return bound !== undefined && depth < 6 && scanPolicy(bound, key, constants, depth + 3);
    }
    case 'CallExpression':
    case 'NewExpression':
      return value.arguments.some((a) => scanPolicy(a, undefined, constants, depth + 1));
    default:
      return false;
  }
}

/** Whether an output construct publishes `<key>.secretAccessKey` / `.attrSecretAccessKey` / `.secret`. */
function mentionsSecret(output: t.NewExpression, keyVariable: string): boolean {
  let found = false;
  walkJs(output.arguments, (node) => {
    if (found || node.type !== 'MemberExpression') return;
    const path = memberPath(node);
    if (!path || path.length < 2) return;
    const property = path[path.length - 1];
    if (
      path.slice(0, -1).join('.') === keyVariable &&
      (property === 'secretAccessKey' || property === 'attrSecretAccessKey' || property === 'secret' || property === 'encryptedSecret')
    )
      found = true;
  });
  return found;
}

function isTrue(node: unknown): boolean {
  const value = unwrap(node);
  return value?.type === 'BooleanLiteral' && value.value;
}
