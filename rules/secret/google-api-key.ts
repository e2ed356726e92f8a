import { defineRule, type Document } from '../../src/rule/index.js';
import { tokenRule, type TokenRefinement } from '../../src/detect/index.js';

/** Markers of a Firebase or mobile client configuration, where the key ships to every user by design. */
const CLIENT_CONFIG =
  /firebaseConfig|initializeApp\s*\(|authDomain|messagingSenderId|"current_key"|google-services|GoogleService-Info|<key>API_KEY<\/key>|NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_/;

/** Firebase and mobile app configs carry browser keys: still worth restricting, not a leaked secret. */
function clientConfigContext(_secret: string, match: RegExpExecArray, doc: Document): TokenRefinement | undefined {
  const start = match.index;
  const around = doc.text.slice(Math.max(0, start - 600), Math.min(doc.text.length, start + 600));
  const path = doc.path.toLowerCase();
  if (CLIENT_CONFIG.test(around) || /google-services\.json$|googleservice-info\.plist$/.test(path)) {
    return {
      severity: 'low',
      confidence: 'low',
      name: 'Google API key in a client (Firebase or app) configuration',
      properties: { context: 'client-config' },
    };
  }
  return undefined;
}

export default defineRule(
  tokenRule({
    id: 'google-api-key',
    title: 'Google API key',
    description: 'A Google Cloud or Firebase API key (AIza…) is committed.',
    severity: 'high',
    confidence: 'high',
    tags: ['CWE-798', 'NHI2', 'NHI7'],
    help: `**Why.** A Google API key bills its project for every call made with it. An unrestricted key works for every API enabled in the project (Maps, Gemini, Translate…), so a leaked one is used for quota theft and can run up large bills; some APIs also return project data. Keys never expire.

Keys in Firebase or mobile app configurations are shipped to every user by design; they are reported at low severity as a reminder to restrict them.

**Fix.** Delete or regenerate the key in Google Cloud console → APIs & Services → Credentials. Give server code a service identity instead, and restrict any key that must ship in a client (HTTP referrers, app signatures, and an API allow-list).

\`\`\`python
import os
import google.generativeai as genai

genai.configure(api_key=os.environ["GOOGLE_API_KEY"])
\`\`\``,
    patterns: [
      {
        name: 'Google API key',
        regex: /(?<![A-Za-z0-9_+/-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/dg,
        keywords: ['aiza'],
        lifetime: 'long-lived',
        publicPrefix: 4,
        entropy: 3.5,
        refine: clientConfigContext,
        action:
          'delete or regenerate it in Google Cloud console (APIs & Services → Credentials) and restrict the replacement to the APIs and callers that need it',
      },
    ],
  }),
);
