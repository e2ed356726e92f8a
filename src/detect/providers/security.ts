import type { ProviderSpec } from '../provider.js';

/** Security and threat-intelligence services. Examples are fake values of each documented format. */
export const SECURITY: ProviderSpec[] = [
  {
    id: 'jupiterone-api-key',
    provider: 'JupiterOne',
    category: 'security',
    revoke: 'revoke it in JupiterOne → Settings → Account management → API keys',
    credentials: [
      {
        name: 'JupiterOne API key',
        grants: "queries and changes the account's asset graph, which maps the whole infrastructure",
        lifetime: 'long-lived',
        keyed: { names: 'jupiterone|jupiter_one', value: '[A-Za-z0-9]{76}' },
        keywords: ['jupiterone', 'jupiter_one'],
        examples: [
          'JUPITERONE_API_KEY="Ay«»HlHdHDTYeQTmJjCxnWAygbpINJFJY5Bn970q9iIVXMyJgUHZkR0VqHA68kVgsEVI0FtS6Em48C"',
          'jupiterone_token: 6l«»OeFR3F4D4hlwWvVnqFMnHV3zDi7Pj7qzuDuXeo5DhmCBw697YJDF3K0O5bLSQzXblp8pBYBVLO',
        ],
        negatives: ['JUPITERONE_API_KEY=${JUPITERONE_API_KEY}', 'jupiterone_region: us-east-1'],
      },
    ],
  },
  {
    id: 'shodan-api-key',
    provider: 'Shodan',
    category: 'security',
    revoke: 'reset it at account.shodan.io',
    credentials: [
      {
        name: 'Shodan API key',
        grants: "runs searches and scans billed to the account's credits",
        lifetime: 'long-lived',
        keyed: { names: 'shodan', value: '[A-Za-z0-9]{32}' },
        examples: ['SHODAN_API_KEY="sC«»Fw26cYKM4m2MWlwnSwlcgB9lzcTJ3W"', 'shodan_token: IM«»3quyXMHqlVWxoYWokNXGTpk3oBYsmr'],
        negatives: ['SHODAN_API_KEY=${SHODAN_API_KEY}', 'shodan_region: us-east-1'],
      },
    ],
  },
  {
    id: 'virustotal-api-key',
    provider: 'VirusTotal',
    category: 'security',
    revoke: 'reset it in VirusTotal → API key',
    credentials: [
      {
        name: 'VirusTotal API key',
        grants: "submits files and reads reports against the account's quota, and for premium keys downloads samples",
        lifetime: 'long-lived',
        keyed: { names: 'virustotal|vt_api|vtapi', value: '[a-f0-9]{64}' },
        keywords: ['virustotal', 'vt_api', 'vtapi'],
        examples: [
          'VIRUSTOTAL_API_KEY="9d«»11d2b7d0b47ed196ec671f0097bca2e40edb1cc39f7fc70e6465cd9f6991e6"',
          'virustotal_token: 64«»e6ad2469d70ad69d2b78740055a12b4b093b2d51e4db6d890de64add96c79c',
        ],
        negatives: ['VIRUSTOTAL_API_KEY=${VIRUSTOTAL_API_KEY}', 'virustotal_region: us-east-1'],
      },
    ],
  },
  {
    id: 'censys-secret',
    provider: 'Censys',
    category: 'security',
    revoke: 'reset it at search.censys.io/account/api',
    credentials: [
      {
        name: 'Censys API secret',
        grants: "runs searches against the account's quota",
        lifetime: 'long-lived',
        keyed: { names: 'censys', value: '[A-Za-z0-9]{32}' },
        examples: ['CENSYS_API_KEY="iL«»dhkxEBi3pnFuP3sIc9igd27JoF7wzV"', 'censys_token: mT«»056rl1UX60RDCt46iK9jvVIi6RESaH'],
        negatives: ['CENSYS_API_KEY=${CENSYS_API_KEY}', 'censys_region: us-east-1'],
      },
    ],
  },
  {
    id: 'securitytrails-key',
    provider: 'SecurityTrails',
    category: 'security',
    revoke: 'regenerate it in the SecurityTrails account → API',
    credentials: [
      {
        name: 'SecurityTrails API key',
        grants: "runs DNS and domain queries against the account's quota",
        lifetime: 'long-lived',
        keyed: { names: 'securitytrails', value: '[A-Za-z0-9]{32}' },
        examples: ['SECURITYTRAILS_API_KEY="ap«»nubLQLKFTNMibOQ125QlAsONS47DcF"', 'securitytrails_token: HI«»o3vjSUcoF6T08uStV0NdlnMu1KfYcP'],
        negatives: ['SECURITYTRAILS_API_KEY=${SECURITYTRAILS_API_KEY}', 'securitytrails_region: us-east-1'],
      },
    ],
  },
  {
    id: 'urlscan-api-key',
    provider: 'urlscan.io',
    category: 'security',
    revoke: 'delete the key in urlscan.io → Settings & API',
    env: 'URLSCAN_API_KEY',
    credentials: [
      {
        name: 'urlscan.io API key',
        grants: "submits scans and searches private results under the account's quota",
        lifetime: 'long-lived',
        keyed: { names: 'urlscan', value: '[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}' },
        examples: ['URLSCAN_API_KEY="ea«»01c08f-e131-db86-af5d-b4d8bdf45d41"', 'urlscan_key: ef«»ca5bf6-5dfd-b0bf-f57f-c07ee474bff9'],
        negatives: ['URLSCAN_API_KEY=${URLSCAN_API_KEY}', 'urlscan_region: us-east-1'],
      },
    ],
  },
  {
    id: 'sslmate-api-key',
    provider: 'SSLMate',
    category: 'security',
    revoke: 'regenerate the key in SSLMate → Account → API credentials',
    env: 'SSLMATE_API_KEY',
    credentials: [
      {
        name: 'SSLMate API key',
        grants: "buys, reissues and revokes the account's certificates and reads Cert Spotter monitoring",
        lifetime: 'long-lived',
        keyed: { names: 'sslmate|certspotter|cert_spotter', value: '[A-Za-z0-9_]{36}' },
        validator: 'mixed-case',
        examples: ['SSLMATE_API_KEY="Pf«»YSHICoPeE5DMYt667wkEK6jsqHIabxwbwb"', 'sslmate_key: 7R«»rxqXMdSvMRvEE21bgpHr2GeQ6ENvyfPWpS'],
        negatives: ['SSLMATE_API_KEY=${SSLMATE_API_KEY}', 'sslmate_region: us-east-1'],
      },
    ],
  },
  {
    id: 'hibp-api-key',
    provider: 'Have I Been Pwned',
    category: 'security',
    revoke: 'regenerate it at haveibeenpwned.com/API/Key',
    env: 'HIBP_API_KEY',
    credentials: [
      {
        name: 'Have I Been Pwned API key',
        grants: 'queries breached accounts of any domain the account verified',
        lifetime: 'long-lived',
        keyed: { names: 'hibp|haveibeenpwned', value: '[a-f0-9]{32}' },
        examples: ['HIBP_API_KEY="5e«»6c6bf7c59f2c21803269ff82253bfa"', 'hibp_token: 69«»1901750d433824a915f8b182812837'],
        negatives: ['HIBP_API_KEY=${HIBP_API_KEY}', 'hibp_region: us-east-1'],
      },
    ],
  },
  {
    id: 'gitguardian-token',
    provider: 'GitGuardian',
    category: 'security',
    revoke: 'revoke it in the GitGuardian dashboard → API → Personal access tokens',
    env: 'GITGUARDIAN_API_KEY',
    credentials: [
      {
        name: 'GitGuardian API token',
        grants: 'reads the incidents, secrets and members of the workspace',
        lifetime: 'long-lived',
        keyed: { names: 'gitguardian', value: '[A-Za-z0-9]{71}' },
        examples: [
          'GITGUARDIAN_API_KEY="2d«»K7IzI3AxUVYIrXK9QuFABIECMTt4nr5DRTkOea3l1o8JNqTkI52J8kIqAGE6XpUIJnXSM"',
          'gitguardian_token: vY«»CCqes2KQyjtW6Bu8sADkdtCiZ8yL1XyitvU5tQiHQqQOP9cahnsul3pI81sSDiH1UC5Of',
        ],
        negatives: ['GITGUARDIAN_API_KEY=${GITGUARDIAN_API_KEY}', 'gitguardian_region: us-east-1'],
      },
    ],
  },
  {
    id: 'nightfall-api-key',
    provider: 'Nightfall',
    category: 'security',
    revoke: 'delete the key in the Nightfall dashboard → API keys',
    env: 'NIGHTFALL_API_KEY',
    credentials: [
      {
        name: 'Nightfall API key',
        grants: "sends content to the organisation's detection policies and reads their findings",
        lifetime: 'long-lived',
        prefix: 'NF-',
        body: '[A-Za-z0-9]{32}',
        validator: 'mixed-case',
        examples: ['NIGHTFALL_API_KEY=NF-«»wZcN1aX2Ali1hDV3T8biQrgNZAfjW7IF', 'client = connect(token="NF-«»SzLlfkhcYFZGjCYClxbc0vC5B9QJ53pC")'],
        negatives: ['NIGHTFALL_API_KEY=NF-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', '# Nightfall keys look like NF-…'],
      },
    ],
  },
  {
    id: 'tines-webhook',
    provider: 'Tines',
    category: 'security',
    revoke: 'change the secret of the webhook action in the Tines story',
    credentials: [
      {
        name: 'Tines webhook URL',
        grants: 'starts the story with any data',
        lifetime: 'long-lived',
        pattern: /https:\/\/[a-z0-9-]+\.tines\.(?:com|io)\/webhook\/[a-f0-9]{32}\/(?<secret>[a-f0-9]{32})/,
        keywords: ['.tines.com/webhook', '.tines.io/webhook'],
        examples: ['URL=https://acme.tines.com/webhook/0f1e2d3c4b5a69788796a5b4c3d2e1f0/a874«»bcf7839ddc31c57764768a413c2e'],
        negatives: ['TINES_API_KEY=${TINES_API_KEY}'],
      },
    ],
  },
];
