#!/usr/bin/env node
// postinstall: lets uWS' native binaries load on glibc older than the one they were built against.
// uWebSockets.js 20.57 (@btc-vision/uwebsockets.js, the upstream binaries) is built on Ubuntu 24.04:
// besides symbols every glibc since 2.17 has, it takes three from GLIBC_2.38, __isoc23_strtol,
// __isoc23_strtoul and __isoc23_sscanf. They are the C23 variants glibc 2.38 headers substitute for
// strtol, strtoul and sscanf; they differ only in also reading a "0b" prefix (binary) where the base is
// 0 or 2. On an older glibc (Debian 12 has 2.36) the binary does not load at all. This script points
// those three references at the classic functions: each dynamic symbol's name at the suffix of its own
// string ("__isoc23_strtol" + 9 = "strtol"), its version to the default one, and the GLIBC_2.38 need
// to weak. It changes nothing else and nothing when the machine's glibc is new enough or a binary needs
// any other newer symbol (then the edge refuses to start and says why). Idempotent.
// Node built-ins only.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = path.join(root, 'node_modules', 'uWebSockets.js');
const C23_PREFIX = '__isoc23_';
/** The C23 variants whose classic function has the same signature and, for bases other than 0 and 2, the same result. */
const REPLACEABLE = new Set(['strtol', 'strtoul', 'strtoll', 'strtoull', 'sscanf', 'vsscanf']);
const SHT_DYNSYM = 11;
const SHT_GNU_VERSYM = 0x6fffffff;
const SHT_GNU_VERNEED = 0x6ffffffe;
const VER_NDX_GLOBAL = 1;
const VER_FLG_WEAK = 0x2;

const log = (message) => process.stderr.write(`[uws-glibc-compat] ${message}\n`);

/** [major, minor] of "GLIBC_2.38" or "2.36"; undefined for anything else. */
function glibcVersion(text) {
  const match = /^(?:GLIBC_)?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}
const newer = (a, b) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

function cString(buf, offset) {
  return buf.toString('latin1', offset, buf.indexOf(0, offset));
}

function sections(elf) {
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const size = elf.readUInt16LE(0x3a);
  const count = elf.readUInt16LE(0x3c);
  return Array.from({ length: count }, (_, i) => {
    const at = shoff + i * size;
    return { at, type: elf.readUInt32LE(at + 4), offset: Number(elf.readBigUInt64LE(at + 24)), size: Number(elf.readBigUInt64LE(at + 32)), link: elf.readUInt32LE(at + 40) };
  });
}

/**
 * Patches the buffer in place; answers what it did: 'patched', 'current' (nothing needs a newer glibc)
 * or the reason it left the binary alone.
 */
export function patchElf(elf, runtime) {
  const isElf64Le = elf.readUInt32BE(0) === 0x7f454c46 && elf[4] === 2 && elf[5] === 1;
  if (!isElf64Le) return 'not a 64-bit little-endian ELF file';
  const all = sections(elf);
  const dynsym = all.find((s) => s.type === SHT_DYNSYM);
  const versym = all.find((s) => s.type === SHT_GNU_VERSYM);
  const verneed = all.find((s) => s.type === SHT_GNU_VERNEED);
  if (!dynsym || !versym || !verneed) return 'no versioned dynamic symbols';
  const dynstr = all[dynsym.link];
  const name = (offset) => cString(elf, dynstr.offset + offset);

  // the version needs newer than the machine's glibc: version index -> flags offset
  const tooNew = new Map();
  for (let need = verneed.offset, more = true; more; ) {
    for (let aux = need + elf.readUInt32LE(need + 8), n = elf.readUInt16LE(need + 2); n > 0; n--) {
      const version = glibcVersion(name(elf.readUInt32LE(aux + 8)));
      const weak = (elf.readUInt16LE(aux + 4) & VER_FLG_WEAK) !== 0; // weak: patched before, or never fatal
      if (version && newer(version, runtime) && !weak) tooNew.set(elf.readUInt16LE(aux + 6), aux + 4);
      aux += elf.readUInt32LE(aux + 12);
    }
    more = elf.readUInt32LE(need + 12) !== 0;
    need += elf.readUInt32LE(need + 12);
  }
  if (tooNew.size === 0) return 'current';

  const edits = [];
  for (let i = 0; i < dynsym.size / 24; i++) {
    const versymAt = versym.offset + i * 2;
    if (!tooNew.has(elf.readUInt16LE(versymAt) & 0x7fff)) continue;
    const symAt = dynsym.offset + i * 24;
    const symbol = name(elf.readUInt32LE(symAt));
    if (!symbol.startsWith(C23_PREFIX) || !REPLACEABLE.has(symbol.slice(C23_PREFIX.length))) {
      return `${symbol} needs a newer glibc than ${runtime.join('.')} and has no older equivalent`;
    }
    edits.push({ symAt, versymAt });
  }
  for (const { symAt, versymAt } of edits) {
    elf.writeUInt32LE(elf.readUInt32LE(symAt) + C23_PREFIX.length, symAt);
    elf.writeUInt16LE(VER_NDX_GLOBAL, versymAt);
  }
  for (const flagsAt of tooNew.values()) elf.writeUInt16LE(elf.readUInt16LE(flagsAt) | VER_FLG_WEAK, flagsAt);
  return 'patched';
}

function main() {
  const runtime = glibcVersion(process.report?.getReport().header.glibcVersionRuntime ?? '');
  if (process.platform !== 'linux' || !runtime) return; // macOS, Windows, musl: nothing of this applies
  if (!fs.existsSync(packageDir)) return;
  const prefix = `uws_linux_${process.arch}_`;
  for (const file of fs.readdirSync(packageDir).filter((f) => f.startsWith(prefix) && f.endsWith('.node'))) {
    const full = path.join(packageDir, file);
    const elf = fs.readFileSync(full);
    const outcome = patchElf(elf, runtime);
    if (outcome === 'current') continue;
    if (outcome !== 'patched') {
      log(`${file} left as it is: ${outcome}`);
      continue;
    }
    const temp = `${full}.${process.pid}.tmp`;
    fs.writeFileSync(temp, elf, { mode: fs.statSync(full).mode });
    fs.renameSync(temp, full);
    log(`${file}: the C23 strtol/strtoul/sscanf references now use glibc ${runtime.join('.')}'s classic ones`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
