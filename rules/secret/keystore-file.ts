import { defineRule } from '../../src/rule/index.js';

const FORMAT_NAMES = { pkcs12: 'PKCS#12 key store', jks: 'Java key store (JKS)', jceks: 'Java key store (JCEKS)' } as const;

export default defineRule({
  id: 'keystore-file',
  family: 'secret',
  title: 'Key store with private keys committed',
  description: 'A binary PKCS#12 (.p12, .pfx) or Java (.jks, .keystore, .jceks) key store that holds private keys is committed.',
  severity: 'high',
  confidence: 'high',
  kinds: ['keystore'],
  tags: ['CWE-321', 'CWE-798', 'NHI2', 'NHI7'],
  help: `**Why.** A key store bundles private keys with their certificates: TLS server keys, client certificates that authenticate a service, code- and app-signing keys (an Android release keystore signs every update of the app). Its password is often the tool default (\`changeit\`, \`android\`) or sits next to it in the build configuration, and key-store passwords are cheap to guess offline, so the file itself must stay secret.

**Fix.** Replace the key pair (revoke the certificate; for app signing, rotate through the store's key-upgrade process), purge the file from history, and load key stores at build or run time from a secret store (CI secret files, a vault, a cloud KMS or HSM-backed signing service). Trust stores that hold only public certificates are not reported.

nhiscan recognises these files by their magic bytes and reads only the entry list a Java key store shows without a password; it never tries passwords.`,

  scan(doc, ctx) {
    const keystore = doc.keystore;
    if (!keystore || keystore.privateKeys === 'no') return;
    const what = FORMAT_NAMES[keystore.format];
    // Android's debug key store is generated per machine with the published password `android`;
    // projects commit it on purpose so every debug build is signed alike.
    const debugKeystore = /(?:^|\/)debug\.keystore$/i.test(doc.path);
    const message =
      keystore.privateKeys === 'yes'
        ? `A ${what} holding private keys is committed; anyone with the file can try its password offline and then act as the keys' owner — replace the key pair and load the key store from a secret store at build or run time`
        : `A ${what} is committed; its entries are encrypted, so it may hold private keys that anyone with the file can attack offline — if it does, replace the key pair and load the key store from a secret store`;
    const severity = debugKeystore || keystore.privateKeys === 'unknown' ? 'low' : 'high';
    ctx.report(
      { start: 0, end: 0 },
      debugKeystore ? `${message} (an Android debug key store: low, since its password is the published default and it signs only debug builds)` : message,
      {
        severity,
        confidence: keystore.privateKeys === 'yes' ? 'high' : 'medium',
        properties: {
          lifetime: 'long-lived',
          format: keystore.format,
          privateKeys: keystore.privateKeys,
          ...(keystore.entries !== undefined ? { entries: keystore.entries } : {}),
        },
        fingerprintKey: `keystore:${keystore.digest}`,
      },
    );
  },
});
