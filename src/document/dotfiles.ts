/**
 * chezmoi keeps a home directory in a repository under encoded names: `dot_claude/settings.json`
 * is `~/.claude/settings.json`, `private_dot_codex/private_config.toml` is `~/.codex/config.toml`.
 * Attribute prefixes (`private_`, `readonly_`, `exact_`…) come first, then `dot_` for a leading
 * dot (https://www.chezmoi.io/reference/source-state-attributes/).
 */
const ATTRIBUTES = /^(?:(?:create|modify|remove|symlink|encrypted|private|readonly|empty|executable|exact|external)_)+/;

/**
 * The home-relative path a chezmoi source path stands for, or undefined when no segment uses
 * chezmoi's `dot_` encoding (so ordinary paths are never rewritten).
 */
export function dotfileTarget(path: string): string | undefined {
  if (!/(?:^|\/)(?:[a-z]+_)*dot_/.test(path)) return undefined;
  let encoded = false;
  const segments = path.split('/').map((segment) => {
    const bare = segment.replace(ATTRIBUTES, '');
    if (bare.startsWith('dot_')) {
      encoded = true;
      return '.' + bare.slice(4);
    }
    return bare === segment ? segment : bare.replace(/^literal_/, '');
  });
  return encoded ? segments.join('/') : undefined;
}
