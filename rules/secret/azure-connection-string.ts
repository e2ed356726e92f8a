import { defineRule } from '../../src/rule/index.js';
import { keyedValue, tokenRule, type TokenRefinement } from '../../src/detect/index.js';

/** The Cosmos DB emulator's key, published in Microsoft's documentation. */
const COSMOS_EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

const MANAGED_IDENTITY = 'and connect with Microsoft Entra ID through a managed identity (or read the connection string from Key Vault) instead';

/** The policy name in a Service Bus / Event Hubs / IoT Hub string decides how much the key can do. */
function sharedAccessContext(_secret: string, match: RegExpExecArray): TokenRefinement {
  const text = match[0];
  const service = /azure-devices\.net/i.test(text) ? 'Azure IoT Hub' : /servicebus\.windows\.net/i.test(text) ? 'Azure Service Bus / Event Hubs' : 'Azure';
  const owner = /SharedAccessKeyName=(?:RootManageSharedAccessKey|iothubowner)\b/i.test(text);
  return {
    name: `${service} connection string key${owner ? ' (namespace owner policy)' : ''}`,
    severity: owner ? 'critical' : 'high',
  };
}

/** Format placeholders (`{0}`, `%s`) are templates, not passwords. */
function notTemplate(secret: string): boolean {
  return !/^(?:\{[^}]*\}|%[sd]|\?)$/.test(secret);
}

/** A Cosmos DB account key, in a connection string or next to its name. */
const COSMOS_KEY = {
  name: 'Azure Cosmos DB account key',
  lifetime: 'long-lived',
  entropy: 4.5,
  severity: 'critical',
  check: (secret: string) => secret !== COSMOS_EMULATOR_KEY,
  action: `regenerate the account key (Cosmos DB account → Keys) ${MANAGED_IDENTITY}`,
} as const;

export default defineRule(
  tokenRule({
    id: 'azure-connection-string',
    title: 'Azure service connection string with a key',
    description:
      'A connection string for an Azure service (Service Bus, Event Hubs, IoT Hub, Cosmos DB, Azure SQL and databases, Cache for Redis, App Configuration, SignalR, Web PubSub, Communication Services) is committed with its key or password.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7', 'CICD-SEC-6'],
    help: `**Why.** These connection strings carry a shared key or password: anyone with the string reads and writes the service's data (messages, documents, tables, cache entries, configuration) with the policy's rights, from anywhere the service's firewall allows. Shared keys do not expire, and rotating them breaks every client that copied the string.

**Fix.** Regenerate the key or change the password in the Azure portal, then connect with Microsoft Entra ID through a managed identity, which needs no secret at all, or at least load the connection string from Key Vault at run time.

\`\`\`csharp
var client = new ServiceBusClient("mynamespace.servicebus.windows.net", new DefaultAzureCredential());
\`\`\``,
    patterns: [
      {
        name: 'Azure shared access key',
        regex:
          /(?:Endpoint=sb:\/\/[^;"'\s]{1,200}|HostName=[^;"'\s]{1,200})(?:;[^;"'\s=]{1,40}=[^;"'\s]{0,200}){0,4}?;SharedAccessKey=(?<secret>[A-Za-z0-9+/]{42,43}=)(?![A-Za-z0-9+/=])/dgi,
        keywords: ['sharedaccesskey='],
        lifetime: 'long-lived',
        entropy: 4,
        refine: sharedAccessContext,
        action: `regenerate the key of the shared access policy in the Azure portal ${MANAGED_IDENTITY}`,
      },
      {
        ...COSMOS_KEY,
        regex: /AccountEndpoint=https:\/\/[^;"'\s]{1,200};AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/dgi,
        keywords: ['accountendpoint='],
      },
      {
        ...COSMOS_KEY,
        regex: new RegExp(
          keyedValue('(?<![A-Za-z0-9])cosmos(?:db)?[_-]?(?:primary[_-]?|secondary[_-]?|master[_-]?|account[_-]?|auth[_-]?)?key', '[A-Za-z0-9+/]{86}=='),
          'dgi',
        ),
        keywords: ['cosmos'],
      },
      {
        name: 'Azure database password in a connection string',
        regex:
          /(?:database\.windows\.net|database\.azure\.com|sql\.azuresynapse\.net|database\.chinacloudapi\.cn|database\.usgovcloudapi\.net)[^\n"'`]{0,300}?(?<![A-Za-z])(?:Password|Pwd)[ \t]*=[ \t]*(?<secret>[^;"'`\s]{4,128})/dgi,
        keywords: ['database.windows.net', 'database.azure.com', 'sql.azuresynapse.net', 'database.chinacloudapi.cn', 'database.usgovcloudapi.net'],
        lifetime: 'long-lived',
        check: notTemplate,
        action: `change the password ${MANAGED_IDENTITY}`,
      },
      {
        name: 'Azure database password in a connection string',
        regex:
          /(?<![A-Za-z])(?:Password|Pwd)[ \t]*=[ \t]*(?<secret>[^;"'`\s]{4,128});[^\n"'`]{0,300}?(?:database\.windows\.net|database\.azure\.com|sql\.azuresynapse\.net)/dgi,
        keywords: ['database.windows.net', 'database.azure.com', 'sql.azuresynapse.net'],
        lifetime: 'long-lived',
        check: notTemplate,
        action: `change the password ${MANAGED_IDENTITY}`,
      },
      {
        name: 'Azure Cache for Redis access key',
        regex: /[A-Za-z0-9-]{1,63}\.redis\.cache\.windows\.net(?::[0-9]{2,5})?,[^\n"'`]{0,200}?password=(?<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/dgi,
        keywords: ['redis.cache.windows.net'],
        lifetime: 'long-lived',
        entropy: 4,
        action: `regenerate the access key (Cache → Authentication → Access keys) ${MANAGED_IDENTITY}`,
      },
      {
        name: 'Azure App Configuration connection string secret',
        regex:
          /(?:Endpoint=)?https:\/\/[A-Za-z0-9-]{1,63}\.azconfig\.io\/?;Id=[^;"'\s]{1,80};Secret=(?<secret>[A-Za-z0-9+/]{40,88}={0,2})(?![A-Za-z0-9+/=])/dgi,
        keywords: ['azconfig.io'],
        lifetime: 'long-lived',
        entropy: 4,
        action: `regenerate the access key (App Configuration → Access settings) ${MANAGED_IDENTITY}`,
      },
      {
        name: 'Azure SignalR, Web PubSub or Communication Services access key',
        regex:
          /Endpoint=https:\/\/[A-Za-z0-9.-]{1,120}\.(?:service\.signalr\.net|webpubsub\.azure\.com|communication\.azure\.com)\/?;AccessKey=(?<secret>[A-Za-z0-9+/]{40,88}={0,2})(?![A-Za-z0-9+/=])/dgi,
        keywords: ['accesskey='],
        lifetime: 'long-lived',
        entropy: 4,
        action: `regenerate the access key in the Azure portal (Keys) ${MANAGED_IDENTITY}`,
      },
    ],
  }),
);
