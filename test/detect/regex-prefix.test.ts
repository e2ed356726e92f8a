import { describe, expect, it } from 'vitest';
import { KeywordMatcher, matchesAt } from '../../src/detect/keywords.js';
import { startsAtKeywords } from '../../src/detect/regex-prefix.js';

describe('startsAtKeywords', () => {
  it('anchors a regex whose every path begins with a keyword', () => {
    expect(startsAtKeywords(/(?<![A-Za-z0-9_])(ghp_[A-Za-z0-9]{36})/dg, ['ghp_'])).toBe(true);
    expect(startsAtKeywords(/(?<![A-Za-z0-9_-])((?:cfk|cfut|cfat)_[A-Za-z0-9]{40})/dg, ['cfk_', 'cfut_', 'cfat_'])).toBe(true);
    // Optional groups expand: the match starts at bootstrap…, join… or token.
    expect(startsAtKeywords(/(?<![A-Za-z0-9])(?:(?:bootstrap[\w.-]{0,16}|join[\w.-]{0,16})?token)=x/dgi, ['\\bbootstrap', '\\bjoin', '\\btoken'])).toBe(true);
    expect(startsAtKeywords(/\bSSWS\s+(00[A-Za-z0-9_-]{40})/dg, ['ssws'])).toBe(true);
    expect(startsAtKeywords(/\bvault\s+login/dg, ['\\bvault'])).toBe(true);
    expect(startsAtKeywords(/(?<=[?&;]|\s)sig=(?<secret>[A-Za-z0-9]{40})/dg, ['sig='])).toBe(true);
    // Small classes of literal characters expand: aws[_.-]?secret begins awssecret, aws_secret, aws.secret or aws-secret.
    const awsNames = ['awssecret', 'aws_secret', 'aws.secret', 'aws-secret', 'secretaccess', 'secret_access', 'secret.access', 'secret-access'];
    expect(startsAtKeywords(/(?<![A-Za-z0-9])(?:aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|secret[_.-]?access[_.-]?key|aws[_.-]?secret)=x/dgi, awsNames)).toBe(
      true,
    );
    expect(startsAtKeywords(/(?<![A-Za-z0-9])(?:gh_?(?:oauth_?)?client_?secret)=x/dgi, ['gh_client', 'ghclient', 'gh_oauth', 'ghoauth'])).toBe(true);
    expect(startsAtKeywords(/[\-_]?token/dg, ['-token', '_token', 'token'])).toBe(true);
    // Paths stop at the longest keyword's length: many optional separators after it do not make too many paths.
    expect(startsAtKeywords(/abc(?:[_.-]?x){40}/dg, ['abc'])).toBe(true);
  });

  it('refuses when a path begins with no keyword, or the keyword pass could miss a start', () => {
    // gh_?(?:oauth_?)? can begin "ghoauth", which no keyword covers.
    expect(startsAtKeywords(/(?<![A-Za-z0-9])(?:gh_?(?:oauth_?)?client_?secret)=x/dgi, ['gh_client', 'ghclient', 'gh_oauth'])).toBe(false);
    // A word-start keyword needs the regex to exclude a letter or digit before the match.
    expect(startsAtKeywords(/token=x/dg, ['\\btoken'])).toBe(false);
    expect(startsAtKeywords(/(?<![A-Za-z])token=x/dg, ['\\btoken'])).toBe(false);
    expect(startsAtKeywords(/(?:(?<=\/bot)|(?<![A-Za-z0-9_:-]))token/dg, ['\\btoken'])).toBe(false);
    expect(startsAtKeywords(/(?<![A-Za-z0-9_:-])token/dg, ['\\btoken'])).toBe(true);
    // Leading repetition, classes and digits: the keyword is not where the match starts.
    expect(startsAtKeywords(/(?<![A-Za-z0-9_-])([0-9]{8,10}:AA[A-Za-z0-9_-]{33})/dg, [':aa'])).toBe(false);
    expect(startsAtKeywords(/x*token/dg, ['token'])).toBe(false);
    expect(startsAtKeywords(/tok?en/dg, ['token'])).toBe(false);
    // Unicode case folding maps ſ (U+017F) to s; the keyword pass folds ASCII only.
    expect(startsAtKeywords(/secret_/dgiu, ['secret_'])).toBe(false);
    // A class with a separator no keyword has; ranges, negated and escape classes are not literals.
    expect(startsAtKeywords(/aws[_.-]?secret/dgi, ['awssecret', 'aws_secret', 'aws-secret'])).toBe(false);
    expect(startsAtKeywords(/[a-c]bc/dg, ['abc', 'bbc', 'cbc'])).toBe(false);
    expect(startsAtKeywords(/[^_]bc/dg, ['abc', 'bbc'])).toBe(false);
    expect(startsAtKeywords(/[\w]bc/dg, ['abc'])).toBe(false);
    // The Kelvin sign lower-cases to an ASCII k, but the keyword pass never folds it to one.
    expect(startsAtKeywords(new RegExp('\u212Aey=', 'dg'), ['key='])).toBe(false);
    expect(startsAtKeywords(new RegExp('[\u212Ak]ey=', 'dg'), ['key='])).toBe(false);
    expect(startsAtKeywords(/secret_/dg, [])).toBe(false);
  });

  it('finds the same matches at the keywords as over the whole text', () => {
    const awsNames = ['awssecret', 'aws_secret', 'aws.secret', 'aws-secret', 'secretaccess', 'secret_access', 'secret.access', 'secret-access'];
    const cases: [RegExp, string[]][] = [
      [
        /(?<![A-Za-z0-9])(?:(?:bootstrap[\w.-]{0,16}|join[\w.-]{0,16})?token)[ \t]*[:=][ \t]*(?<secret>[a-z0-9]{6}\.[a-z0-9]{16})/dgi,
        ['\\bbootstrap', '\\bjoin', '\\btoken'],
      ],
      [/(?<![A-Za-z0-9_-])((?:sk|rk)_test_[A-Za-z0-9]{4,8})(?![A-Za-z0-9_])/dg, ['sk_test_', 'rk_test_']],
      [/\bab(?:c|cd)?e?[0-9]{2}/dgi, ['ab']],
      [
        /(?<![A-Za-z0-9])(?:aws[_.-]?secret[_.-]?(?:access[_.-]?)?key|secret[_.-]?access[_.-]?key|aws[_.-]?secret)[ \t]*[:=][ \t]*(?<secret>[a-z0-9]{6})/dgi,
        awsNames,
      ],
    ];
    const pieces = [
      'bootstrap',
      'Join',
      'TOKEN',
      '_',
      '-',
      '.',
      ':',
      '=',
      ' ',
      'x',
      '9',
      'abc9',
      'sk_test_',
      'rk_test_',
      'abcd',
      'e',
      '12',
      'a1b2c3',
      'AWS',
      'Secret',
      'access',
      'key',
      '.d4e5f6g7h8i9j0k1',
      'q',
    ];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
    for (const [regex, keywords] of cases) {
      expect(startsAtKeywords(regex, keywords)).toBe(true);
      const matcher = new KeywordMatcher(keywords);
      const sticky = new RegExp(regex.source, regex.flags + 'y');
      for (let n = 0; n < 2000; n++) {
        const text = Array.from({ length: 30 }, () => pieces[Math.floor(random() * pieces.length)]).join('');
        const hits = matcher.match(text);
        const starts = [...new Set(keywords.flatMap((_, id) => hits.starts(id)))].sort((a, b) => a - b);
        const at = [...matchesAt(text, sticky, starts)].map((m) => `${m.index}:${m[0]}`);
        expect(at).toEqual([...text.matchAll(regex)].map((m) => `${m.index}:${m[0]}`));
      }
    }
  });
});
