// Every relative link of the READMEs and docs/*.md resolves (issue #19: "README and docs describe what the
// code does, checked by ... a link check over docs/"): the file or folder exists, and an anchor names a
// heading (GitHub's slugs) or an explicit anchor of the target Markdown file. No network: http(s) links
// are not followed.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot } from '../../engine/platform/config.js';

/** The folders whose README is checked along with the top one. */
const FOLDER_READMES = ['bench', 'edge', 'engine', 'lua', 'scripts', 'test', 'workers'];

/** The Markdown files checked: the READMEs and everything under docs/. */
function checkedFiles(): string[] {
  const docs = readdirSync(join(projectRoot, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.endsWith('.md'))
    .map((entry) => join(projectRoot, 'docs', entry));
  const readmes = FOLDER_READMES.map((folder) => join(projectRoot, folder, 'README.md')).filter((file) => existsSync(file));
  return [join(projectRoot, 'README.md'), ...readmes, ...docs];
}

/** Markdown without fenced code blocks and inline code, where brackets and parentheses are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped (not `-` or `_`), spaces to `-`, repeats numbered. */
function slugs(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const [, heading] of withoutFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '');
    const base = text.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    found.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const [, id] of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(id);
  return found;
}

/** `[text](target)` and `[label]: target` links of one file, with their line numbers. */
function linksOf(markdown: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  prose(markdown).split('\n').forEach((text, i) => {
    for (const [, target] of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target, line: i + 1 });
    for (const [, target] of text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/g)) links.push({ target, line: i + 1 });
  });
  return links;
}

function brokenLinks(file: string): string[] {
  const markdown = readFileSync(file, 'utf8');
  const broken: string[] = [];
  for (const { target, line } of linksOf(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http(s), mailto: not followed
    const [path, anchor] = target.split('#', 2);
    const resolved = path === '' ? file : join(dirname(file), decodeURIComponent(path));
    const where = `${relative(projectRoot, file)}:${line} → ${target}`;
    if (!existsSync(resolved)) {
      broken.push(`${where} (no such file)`);
      continue;
    }
    if (anchor === undefined || anchor === '' || !resolved.endsWith('.md') || statSync(resolved).isDirectory()) continue;
    if (!slugs(readFileSync(resolved, 'utf8')).has(decodeURIComponent(anchor))) broken.push(`${where} (no such heading)`);
  }
  return broken;
}

describe('docs - links', () => {
  it('docs - headings slug like GitHub', () => {
    assert.deepEqual([...slugs('# Quick start\n## `REDIS_URL` and NATS (cluster)\n## Quick start\n```\n# not a heading\n```\n<a id="custom"></a>')],
      ['quick-start', 'redis_url-and-nats-cluster', 'quick-start-1', 'custom']);
  });

  it('docs - every relative link of the READMEs and docs/ resolves, anchors included', () => {
    const files = checkedFiles();
    assert.ok(files.length > 5);
    assert.deepEqual(files.flatMap(brokenLinks), []);
  });
});
