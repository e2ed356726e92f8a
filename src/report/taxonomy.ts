/** Names of the taxonomy entries rules may cite in their `tags`. */

/** OWASP Non-Human Identities Top 10, 2025 edition. */
export const OWASP_NHI: Record<string, string> = {
  NHI1: 'Improper Offboarding',
  NHI2: 'Secret Leakage',
  NHI3: 'Vulnerable Third-Party NHI',
  NHI4: 'Insecure Authentication',
  NHI5: 'Overprivileged NHI',
  NHI6: 'Insecure Cloud Deployment Configurations',
  NHI7: 'Long-Lived Secrets',
  NHI8: 'Environment Isolation',
  NHI9: 'NHI Reuse',
  NHI10: 'Human Use of NHI',
};

/** OWASP Top 10 CI/CD Security Risks. */
export const OWASP_CICD: Record<string, string> = {
  'CICD-SEC-1': 'Insufficient Flow Control Mechanisms',
  'CICD-SEC-2': 'Inadequate Identity and Access Management',
  'CICD-SEC-3': 'Dependency Chain Abuse',
  'CICD-SEC-4': 'Poisoned Pipeline Execution (PPE)',
  'CICD-SEC-5': 'Insufficient PBAC (Pipeline-Based Access Controls)',
  'CICD-SEC-6': 'Insufficient Credential Hygiene',
  'CICD-SEC-7': 'Insecure System Configuration',
  'CICD-SEC-8': 'Ungoverned Usage of 3rd Party Services',
  'CICD-SEC-9': 'Improper Artifact Integrity Validation',
  'CICD-SEC-10': 'Insufficient Logging and Visibility',
};

/** The CWE entries nhiscan's rules cite (others are shown by number). */
export const CWE: Record<string, string> = {
  '77': 'Improper Neutralization of Special Elements used in a Command',
  '78': "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
  '94': "Improper Control of Generation of Code ('Code Injection')",
  '200': 'Exposure of Sensitive Information to an Unauthorized Actor',
  '250': 'Execution with Unnecessary Privileges',
  '256': 'Plaintext Storage of a Password',
  '259': 'Use of Hard-coded Password',
  '260': 'Password in Configuration File',
  '266': 'Incorrect Privilege Assignment',
  '269': 'Improper Privilege Management',
  '272': 'Least Privilege Violation',
  '284': 'Improper Access Control',
  '285': 'Improper Authorization',
  '306': 'Missing Authentication for Critical Function',
  '312': 'Cleartext Storage of Sensitive Information',
  '321': 'Use of Hard-coded Cryptographic Key',
  '324': 'Use of a Key Past its Expiration Date',
  '522': 'Insufficiently Protected Credentials',
  '540': 'Inclusion of Sensitive Information in Source Code',
  '653': 'Improper Isolation or Compartmentalization',
  '668': 'Exposure of Resource to Wrong Sphere',
  '693': 'Protection Mechanism Failure',
  '732': 'Incorrect Permission Assignment for Critical Resource',
  '798': 'Use of Hard-coded Credentials',
  '829': 'Inclusion of Functionality from Untrusted Control Sphere',
  '862': 'Missing Authorization',
  '863': 'Incorrect Authorization',
  '1188': 'Initialization of a Resource with an Insecure Default',
  '1390': 'Weak Authentication',
};

/** Which taxonomy a tag belongs to, and its entry id. */
export function classifyTag(tag: string): { taxonomy: 'OWASP NHI Top 10' | 'OWASP CI/CD Top 10' | 'CWE'; id: string } | undefined {
  if (/^NHI\d+$/.test(tag)) return { taxonomy: 'OWASP NHI Top 10', id: tag };
  if (/^CICD-SEC-\d+$/.test(tag)) return { taxonomy: 'OWASP CI/CD Top 10', id: tag };
  const cwe = /^CWE-(\d+)$/.exec(tag);
  if (cwe) return { taxonomy: 'CWE', id: cwe[1]! };
  return undefined;
}
