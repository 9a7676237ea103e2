import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { guardedLookup, refusalReason } from '../../../lib/http/address-guard.ts';

describe('address guard', () => {
  it('refuses every internal and special-purpose address, in every IPv4 and IPv6 spelling', () => {
    // Prepare
    const refused = {
      '127.0.0.1': 'loopback',
      '127.255.0.9': 'loopback',
      '0.0.0.0': '"this network"',
      '10.1.2.3': 'private',
      '172.20.0.1': 'private',
      '192.168.1.1': 'private',
      '100.64.0.1': 'carrier-grade NAT',
      '169.254.169.254': 'link-local (cloud metadata)',
      '224.0.0.251': 'multicast',
      '255.255.255.255': 'reserved or broadcast',
      '198.18.0.1': 'benchmarking',
      '::1': 'loopback',
      '::': 'unspecified',
      '0:0:0:0:0:0:0:1': 'loopback',
      '[::1]': 'loopback',
      '::ffff:127.0.0.1': 'IPv4-mapped loopback',
      '::ffff:7f00:1': 'IPv4-mapped loopback',
      '0:0:0:0:0:ffff:7f00:0001': 'IPv4-mapped loopback',
      '::ffff:a9fe:a9fe': 'IPv4-mapped link-local (cloud metadata)',
      '::ffff:0:7f00:1': 'IPv4-translated loopback',
      '::7f00:1': 'IPv4-compatible (deprecated)',
      '::127.0.0.1': 'IPv4-compatible (deprecated)',
      '64:ff9b::7f00:1': 'NAT64 loopback',
      '64:ff9b::10.0.0.1': 'NAT64 private',
      '2002:7f00:1::1': '6to4 loopback',
      '2002:a9fe:a9fe::': '6to4 link-local (cloud metadata)',
      'fc00::1': 'unique local',
      'fd12:3456::1': 'unique local',
      'fe80::1%eth0': 'link-local',
      'ff02::1': 'multicast',
      '2001:db8::1': 'documentation',
      '2001:0:4136:e378::1': 'IETF protocol (Teredo, ORCHID)',
      '64:ff9b:1::1': 'local-use NAT64',
    };
    // Act
    const reasons = Object.fromEntries(Object.keys(refused).map((a) => [a, refusalReason(a, 80)]));
    // Assess
    expect(reasons).toEqual(refused);
  });

  it('lets public addresses through, also when IPv6 carries a public IPv4', () => {
    // Prepare
    const open = ['8.8.8.8', '151.101.0.81', '172.32.0.1', '100.128.0.1', '2a00:1450:4009:81f::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'];
    // Act, Assess
    expect(open.filter((a) => refusalReason(a, 443) !== undefined)).toEqual([]);
  });

  it("refuses the host's own interface addresses, whatever they are", () => {
    // Prepare: every address this machine has (loopback included), and IPv4 ones wrapped in IPv6
    const own = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
    const wrapped = own.filter((a) => a.includes('.')).map((a) => `::ffff:${a}`);
    // Act
    const passed = [...own, ...wrapped].filter((a) => refusalReason(a, 80) === undefined);
    // Assess
    expect(own.length).toBeGreaterThan(0);
    expect(passed).toEqual([]);
  });

  it('allows loopback only on the allowed ports, and nothing else internal', () => {
    // Prepare
    const policy = { loopbackPorts: [8080] };
    // Act, Assess
    expect(refusalReason('127.0.0.1', 8080, policy)).toBeUndefined();
    expect(refusalReason('::ffff:7f00:1', 8080, policy)).toBeUndefined();
    expect(refusalReason('127.0.0.1', 9001, policy)).toBe('loopback');
    expect(refusalReason('169.254.169.254', 8080, policy)).toBe('link-local (cloud metadata)');
    expect(refusalReason('10.0.0.1', 8080, policy)).toBe('private');
  });

  it('refuses a name whose DNS answer is internal, in the lookup the socket connects with', async () => {
    // Prepare: `localhost` is resolved by the system resolver like any feed host
    const lookup = guardedLookup(80, {});
    // Act
    const err = await new Promise<Error | null>((resolve) => lookup('localhost', { all: true }, (e) => resolve(e)));
    // Assess
    expect(err).toMatchObject({ name: 'BlockedAddressError', message: expect.stringMatching(/^refusing to connect to localhost \((127\.0\.0\.1|::1)\): loopback address$/) });
  });
});
