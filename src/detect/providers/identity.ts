import type { ProviderSpec } from '../provider.js';

/** Identity providers. Examples are fake values of each documented format. */
export const IDENTITY: ProviderSpec[] = [
  {
    id: 'google-oauth-client-secret',
    provider: 'Google',
    category: 'identity',
    revoke: 'reset the secret in Google Cloud console → APIs & Services → Credentials → the OAuth client, then delete the old one',
    env: 'GOOGLE_CLIENT_SECRET',
    credentials: [
      {
        name: 'Google OAuth client secret',
        grants: 'with the client ID, completes OAuth flows as the app: exchanges authorization codes and refresh tokens of every user who granted it access',
        lifetime: 'long-lived',
        prefix: 'GOCSPX-',
        body: '[A-Za-z0-9_-]{28}',
        examples: ['"client_secret": "GOCSPX-«»sFyuYxqkqycVBKq3uQB2_rt8GfFe"', 'GOOGLE_CLIENT_SECRET=GOCSPX-«»-7kPNS70T2EC6G6maTZGk8HGoiSI'],
        negatives: ['GOOGLE_CLIENT_SECRET=GOCSPX-XXXXXXXXXXXXXXXXXXXXXXXXXXXX', '# Google client secrets start with GOCSPX-…'],
      },
    ],
  },
  {
    id: 'linkedin-client-secret',
    provider: 'LinkedIn',
    category: 'identity',
    revoke: 'reset the client secret at linkedin.com/developers → app → Auth',
    credentials: [
      {
        name: 'LinkedIn app client secret',
        grants: 'signs OAuth exchanges as the LinkedIn app and calls the APIs it was granted',
        lifetime: 'long-lived',
        keyed: { names: 'linkedin', value: '[A-Za-z0-9]{16}' },
        examples: ['LINKEDIN_CLIENT_SECRET="yk«»0xsS1sTtL1s0ZC"', 'linkedin_secret: wf«»bsmdcQls58obEL'],
        negatives: ['LINKEDIN_CLIENT_SECRET=${LINKEDIN_CLIENT_SECRET}', 'linkedin_region: us-east-1'],
      },
    ],
  },
  {
    id: 'loginradius-api-secret',
    provider: 'LoginRadius',
    category: 'identity',
    revoke: 'reset it in the LoginRadius admin console → Configuration → API credentials',
    credentials: [
      {
        name: 'LoginRadius API secret',
        grants: 'reads and changes every user profile of the LoginRadius site',
        lifetime: 'long-lived',
        keyed: { names: 'loginradius', value: '[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}' },
        examples: ['LOGINRADIUS_API_KEY="c2«»818c27-4cd1-497f-9bdb-61c14eefb43d"', 'loginradius_token: 97«»a258de-028d-5059-8d9f-f4d687b090a8'],
        negatives: ['LOGINRADIUS_API_KEY=${LOGINRADIUS_API_KEY}', 'loginradius_region: us-east-1'],
      },
    ],
  },
  {
    id: 'auth0-client-secret',
    provider: 'Auth0',
    category: 'identity',
    revoke: 'rotate the client secret in the Auth0 dashboard → Applications → the application → Settings',
    env: 'AUTH0_CLIENT_SECRET',
    credentials: [
      {
        name: 'Auth0 client secret',
        grants: 'obtains tokens as the application, including Management API tokens when it is authorised for them',
        lifetime: 'long-lived',
        keyed: { names: 'auth0', value: '[A-Za-z0-9_-]{64}' },
        examples: [
          'AUTH0_CLIENT_SECRET="yy«»aVEeVc3Iwtr2-dUh0CLZSURo1dUN2eiiAYj9lh-OQ67uW1DSSg_63S8Odk-Hb1"',
          'auth0_token: Lp«»NCCeg92byfiXC1p1P6_XYbItaqlmX-u-ad5dy_GPIjzryi7iBkpOigT8TPnsZp',
        ],
        negatives: ['AUTH0_CLIENT_SECRET=${AUTH0_CLIENT_SECRET}', 'auth0_region: us-east-1'],
      },
    ],
  },
  {
    id: 'stytch-secret',
    provider: 'Stytch',
    category: 'identity',
    revoke: 'rotate it in the Stytch dashboard → API keys',
    credentials: [
      {
        name: 'Stytch live secret',
        grants: 'manages every user, session and organisation of the project',
        lifetime: 'long-lived',
        prefix: 'secret-live-',
        body: '[A-Za-z0-9_-]{36}',
        examples: [
          'STYTCH_API_KEY=secret-live-«»5hbhRGF55V72mtKy6TetRlj_zu1T2tiI5_S3',
          'client = connect(token="secret-live-«»CeRYKReOIroAmJm6QVmUUkIcRpYuwrLiQN8q")',
        ],
        negatives: ['STYTCH_API_KEY=secret-live-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', '# Stytch tokens look like secret-live--_ZF9…'],
      },
      {
        name: 'Stytch test secret',
        grants: 'manages the users and sessions of the test environment',
        lifetime: 'long-lived',
        prefix: 'secret-test-',
        body: '[A-Za-z0-9_-]{36}',
        mode: 'test',
        examples: [
          'STYTCH_API_KEY=secret-test-«»bpmsZ0eHhCTr5f8gW-JdXQPHmhnYm0QpqOs4',
          'client = connect(token="secret-test-«»65hAtX3I-NXI-VW7VigKos64xYS0hTIEPJ3-")',
        ],
        negatives: ['STYTCH_API_KEY=secret-test-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', '# Stytch tokens look like secret-test-KeZBm…'],
      },
    ],
  },
  {
    id: 'keycloak-client-secret',
    provider: 'Keycloak',
    category: 'identity',
    revoke: 'regenerate it in the Keycloak admin console → Clients → Credentials',
    env: 'KEYCLOAK_CLIENT_SECRET',
    credentials: [
      {
        name: 'Keycloak client secret',
        grants: "obtains tokens as the confidential client, with its service account's roles",
        lifetime: 'long-lived',
        keyed: { names: 'keycloak', value: '[A-Za-z0-9]{32}' },
        examples: ['KEYCLOAK_CLIENT_SECRET="Kr«»0YUA8BnZBZXc9B2vipidjhJ8KL8FMH"', 'keycloak_token: D3«»1yQV27CzMpVERESGYj0doOnqaXDLPK'],
        negatives: ['KEYCLOAK_CLIENT_SECRET=${KEYCLOAK_CLIENT_SECRET}', 'keycloak_region: us-east-1'],
      },
    ],
  },
  {
    id: 'onelogin-secret',
    provider: 'OneLogin',
    category: 'identity',
    revoke: 'delete the API credential in OneLogin → Developers → API Credentials',
    credentials: [
      {
        name: 'OneLogin API client secret',
        grants: "manages the users, apps and roles of the account within the credential's scope",
        lifetime: 'long-lived',
        keyed: { names: 'onelogin', value: '[a-f0-9]{64}' },
        examples: [
          'ONELOGIN_API_KEY="ee«»d30f8d3126e7850a1852d743a10f8a48fa6ddd50cb70c69c442db18bc7d2b6"',
          'onelogin_token: 0a«»1e05b94ee2565018fd53ff4fba80c42f8aad32e9a7b3735b7861dd6755d5b0',
        ],
        negatives: ['ONELOGIN_API_KEY=${ONELOGIN_API_KEY}', 'onelogin_region: us-east-1'],
      },
    ],
  },
  {
    id: 'jumpcloud-api-key',
    provider: 'JumpCloud',
    category: 'identity',
    revoke: 'reset it in the JumpCloud admin console → My API Key, or the service account',
    credentials: [
      {
        name: 'JumpCloud API key',
        grants: 'manages every user, device and policy of the organisation',
        lifetime: 'long-lived',
        keyed: { names: 'jumpcloud', value: '[a-f0-9]{40}' },
        examples: ['JUMPCLOUD_API_KEY="1f«»8015ae2f8fdb56101214ba53d7db25b6cb331f"', 'jumpcloud_token: 6d«»a796e4917636b261f1379e2eb0d0541f44efeb'],
        negatives: ['JUMPCLOUD_API_KEY=${JUMPCLOUD_API_KEY}', 'jumpcloud_region: us-east-1'],
      },
    ],
  },
  {
    id: 'duo-secret-key',
    provider: 'Duo Security',
    category: 'identity',
    revoke: 'reset the secret key of the application in the Duo Admin Panel',
    credentials: [
      {
        name: 'Duo integration secret key',
        grants: 'calls the Duo Admin or Auth API as the integration: approves logins or manages users',
        lifetime: 'long-lived',
        keyed: { names: 'duo[\\w.-]{0,12}?(?:skey|secret)', value: '[A-Za-z0-9]{40}', bare: true },
        keywords: ['duo'],
        examples: ['DUO_SECRET_KEY="mf«»mBfVLJf8FgldR6spGGYEr21f1fKltikbGtBwMm"', 'duo_skey: zE«»xBdCUhN52b7AbI0xtZVlC1QwZir21NwEso9Htq'],
        negatives: ['DUO_SECRET_KEY=${DUO_SECURITY_API_KEY}', 'duo_region: us-east-1'],
      },
    ],
  },
  {
    id: 'workos-api-key',
    provider: 'WorkOS',
    category: 'identity',
    revoke: 'revoke it in the WorkOS dashboard → API Keys',
    env: 'WORKOS_API_KEY',
    credentials: [
      {
        name: 'WorkOS API key',
        grants: 'manages the SSO connections, directories and users of the environment',
        lifetime: 'long-lived',
        prefix: 'sk_live_a2V5X',
        body: '[A-Za-z0-9]{40,90}',
        publicPrefix: 8,
        examples: [
          'WORKOS_API_KEY=sk_live_a2V5X«»cs0dgHxpLw1Q65MvWZc6zpJOHlUn6HZpsyztWh9v5Gk',
          'client = connect(token="sk_live_a2V5X«»4bPfhlkO4tNI2atMfg3IF9hcHTqdlP6Wq9Ebv4Zcl49")',
        ],
        negatives: ['WORKOS_API_KEY=sk_live_a2V5XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', '# WorkOS tokens look like sk_live_a2V5XmtFlz…'],
      },
      {
        name: 'WorkOS test API key',
        grants: 'manages the SSO connections, directories and users of the staging environment',
        lifetime: 'long-lived',
        prefix: 'sk_test_a2V5X',
        body: '[A-Za-z0-9]{40,90}',
        publicPrefix: 8,
        mode: 'test',
        examples: [
          'WORKOS_API_KEY=sk_test_a2V5X«»Mcsy5diOrR3PVCvdRdPFfL06GnqucZ5cED40tbkeC',
          'client = connect(token="sk_test_a2V5X«»6CYqOlpKEjCpbWokmWnM5J6ZyP6YfdPJzHHqhpec8N7")',
        ],
        negatives: ['WORKOS_API_KEY=sk_test_a2V5XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', '# WorkOS tokens look like sk_test_a2V5XdB0T5…'],
      },
    ],
  },
  {
    id: 'clerk-secret-key',
    provider: 'Clerk',
    category: 'identity',
    revoke: 'roll it in the Clerk dashboard → API Keys',
    env: 'CLERK_SECRET_KEY',
    credentials: [
      {
        name: 'Clerk secret key',
        grants: 'manages every user, session and organisation of the instance',
        lifetime: 'long-lived',
        keyed: { names: 'clerk', value: 'sk_live_[A-Za-z0-9]{40}' },
        keywords: ['clerk'],
        severity: 'critical',
        examples: ['CLERK_SECRET_KEY="sk«»_live_Dv8ubHac0eFakBOyDXT5mYBXfWxVuIHxMD00UdxO"', 'clerk_token: sk«»_live_TYiFAdfwbC3Gu53xFU2fUet5Alhi9v2nUMgj1wwD'],
        negatives: ['CLERK_SECRET_KEY=${CLERK_SECRET_KEY}', 'clerk_region: us-east-1'],
      },
    ],
  },
  {
    id: 'frontegg-secret',
    provider: 'Frontegg',
    category: 'identity',
    revoke: 'rotate it in the Frontegg portal → Keys & domains',
    credentials: [
      {
        name: 'Frontegg API key',
        grants: 'manages the tenants and users of the environment',
        lifetime: 'long-lived',
        keyed: { names: 'frontegg', value: '[a-f0-9]{8}\\-[a-f0-9]{4}\\-[a-f0-9]{4}\\-[a-f0-9]{4}\\-[a-f0-9]{12}' },
        examples: ['FRONTEGG_API_KEY="de«»3a4c16-7f80-a61c-9a39-706ff91b022d"', 'frontegg_token: da«»7ea5d4-e2b0-48e4-4b42-46f2ed5b1b6e'],
        negatives: ['FRONTEGG_API_KEY=${FRONTEGG_API_KEY}', 'frontegg_region: us-east-1'],
      },
    ],
  },
];
