import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * Which addresses the poller may connect to. A feed is hostile until proven otherwise: it can redirect, or name a
 * host that resolves, to the machine the poller runs on (the Lambda runtime API on 127.0.0.1:9001, DynamoDB Local,
 * a developer's services), its network, or a cloud metadata endpoint (169.254.169.254). So every address is checked
 * after DNS resolution, in the socket's own `lookup` (the address checked is the one connected to: no rebinding
 * between a check and the connect), and again on the connected socket, for every hop of every request.
 *
 * Refused: every special-purpose IPv4 and IPv6 range (IANA registries), IPv4 hidden inside IPv6 (mapped, translated,
 * compatible, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) judged by the IPv4 it carries, and the host's own interface
 * addresses. Numeric forms such as `2130706433`, `0x7f.1` or `0177.0.0.1` reach here already normalised by the URL
 * parser, and whatever DNS answers is checked the same way.
 */
export interface AddressPolicy {
  /**
   * Tests and the offline demo only: loopback ports (a replay server's) that may be reached. Given in code or, for
   * the CLI, by `INQUIRY_WATCH_ALLOW_LOOPBACK_PORTS`; never by a config file, and no feed can set it. Only loopback
   * addresses on exactly these ports are let through; every other refusal stands.
   */
  loopbackPorts?: readonly number[];
}

/** A connection the address guard refused. `code` lets the fetcher tell it from a network failure. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
  readonly code = 'EBLOCKEDADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`refusing to connect to ${host === address ? address : `${host} (${address})`}: ${reason} address`);
  }
}

type Range = readonly [prefix: string, bits: number, reason: string];

const V4_RANGES: readonly Range[] = [
  ['0.0.0.0', 8, '"this network"'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved or broadcast'],
];

const V6_RANGES: readonly Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'IPv4-compatible (deprecated)'],
  ['100::', 64, 'discard-only'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['2001::', 23, 'IETF protocol (Teredo, ORCHID)'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'segment routing'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/** IPv6 prefixes whose address carries an IPv4 address at `at`: judged by that IPv4 address. */
const V4_IN_V6: readonly (readonly [prefix: string, bits: number, at: number, form: string])[] = [
  ['::ffff:0:0', 96, 12, 'IPv4-mapped'],
  ['::ffff:0:0:0', 96, 12, 'IPv4-translated'],
  ['64:ff9b::', 96, 12, 'NAT64'],
  ['2002::', 16, 2, '6to4'],
];

/** Why `address` (an IP literal) may not be connected to on `port`, or undefined when it may. */
export function refusalReason(address: string, port: number, policy: AddressPolicy = {}): string | undefined {
  const bytes = ipBytes(address);
  if (!bytes) return 'unparseable';
  const reason = specialPurpose(bytes) ?? (ownAddresses().has(canonical(bytes)) ? "this host's own" : undefined);
  if (reason === undefined) return undefined;
  if (policy.loopbackPorts?.includes(port) && isLoopback(bytes)) return undefined;
  return reason;
}

/**
 * A `lookup` for `net.connect`/`http.request`: resolves as usual, then refuses the host if ANY of its addresses is
 * refused (a name answering with one public and one internal address must not get a chance at the second).
 */
export function guardedLookup(port: number, policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const a of addresses) {
        const reason = refusalReason(a.address, port, policy);
        if (reason) return callback(new BlockedAddressError(hostname, a.address, reason) as unknown as NodeJS.ErrnoException, '', 0);
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** The loopback allowance the CLI reads from its environment (a comma-separated list of ports). */
export function loopbackPortsFromEnv(env: NodeJS.ProcessEnv = process.env): number[] {
  return (env.INQUIRY_WATCH_ALLOW_LOOPBACK_PORTS ?? '')
    .split(',')
    .map((p) => Number(p.trim()))
    .filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
}

function specialPurpose(bytes: Uint8Array): string | undefined {
  if (bytes.length === 4) return V4_RANGES.find((r) => inRange(bytes, r))?.[2];
  for (const [prefix, bits, at, form] of V4_IN_V6) {
    if (!matches(bytes, ipBytes(prefix)!, bits)) continue;
    const v4 = bytes.subarray(at, at + 4);
    const inner = specialPurpose(v4) ?? (ownAddresses().has(canonical(v4)) ? "this host's own" : undefined);
    return inner && `${form} ${inner}`;
  }
  return V6_RANGES.find((r) => inRange(bytes, r))?.[2];
}

function isLoopback(bytes: Uint8Array): boolean {
  if (bytes.length === 4) return bytes[0] === 127;
  const mapped = V4_IN_V6.find(([prefix, bits]) => matches(bytes, ipBytes(prefix)!, bits));
  if (mapped) return bytes[mapped[2]] === 127;
  return canonical(bytes) === '::1';
}

const inRange = (bytes: Uint8Array, [prefix, bits]: Range): boolean => {
  const p = ipBytes(prefix)!;
  return p.length === bytes.length && matches(bytes, p, bits);
};

function matches(bytes: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  if (bytes.length !== prefix.length) return false;
  for (let i = 0; i < bits; i += 8) {
    const mask = bits - i >= 8 ? 0xff : (0xff << (8 - (bits - i))) & 0xff;
    if ((bytes[i / 8]! & mask) !== (prefix[i / 8]! & mask)) return false;
  }
  return true;
}

/** 4 bytes for IPv4, 16 for IPv6 (brackets and a `%zone` allowed); undefined when not an IP literal. */
export function ipBytes(literal: string): Uint8Array | undefined {
  const address = literal.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(address);
  if (family === 4) return Uint8Array.from(address.split('.').map(Number));
  if (family !== 6) return undefined;
  let text = address.toLowerCase();
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/)?.[1];
  if (dotted) {
    const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const words = (s: string) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const front = words(head);
  const back = tail === undefined ? [] : words(tail);
  const all = [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  const bytes = new Uint8Array(16);
  all.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  return bytes;
}

/** One spelling per address: dotted quad, or the 8 IPv6 words in hex without leading zeros or `::`. */
function canonical(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  const words = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  const joined = words.join(':');
  return joined === '0:0:0:0:0:0:0:1' ? '::1' : joined;
}

/** The machine's own addresses, read at each check: interfaces come and go (VPNs, containers). */
function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      const bytes = ipBytes(a.address);
      if (bytes) own.add(canonical(bytes));
    }
  }
  return own;
}
