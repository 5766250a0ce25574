import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * How much of a client's address a session keeps:
 * - `'full'`: the address as given (cut to 64 characters);
 * - `'truncated'`: the network only, IPv4 to its /24 (`203.0.113.0`), IPv6 to its /48
 *   (`2001:db8:85a3::`), enough to tell a city or provider apart without naming a household;
 * - `{ hashKey }`: an HMAC-SHA256 of the address under that key (32 hex digits), so two
 *   sessions from one address can be matched without storing it; keep the key secret, since a
 *   plain hash of an IPv4 address is reversed by trying all 2³² of them;
 * - `'none'`: no address.
 */
export type SessionAddressPolicy = 'full' | 'truncated' | 'none' | { readonly hashKey: string };

/** Longest address a session keeps: a whole IPv6 address with a zone fits. @internal */
export const MAX_KEPT_ADDRESS_LENGTH = 64;
/** Shortest `hashKey`: a guessable key would make the hashes as readable as the addresses. */
export const MIN_ADDRESS_HASH_KEY_LENGTH = 16;
/** Hex digits of a hashed address: 128 bits. */
const HASH_HEX_LENGTH = 32;
const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/**
 * The form of `address` a session records under `policy`; `null` when there is none to keep
 * (no address, `'none'`, or an address that `'truncated'` cannot read as IP).
 * @internal
 */
export function keptAddress(
  address: string | undefined,
  policy: SessionAddressPolicy,
): string | null {
  if (address === undefined || address === '' || policy === 'none') return null;
  if (policy === 'full') return address.slice(0, MAX_KEPT_ADDRESS_LENGTH);
  if (policy === 'truncated') return networkOf(address);
  return createHmac('sha256', policy.hashKey)
    .update(address)
    .digest('hex')
    .slice(0, HASH_HEX_LENGTH);
}

function networkOf(address: string): string | null {
  const mapped = IPV4_MAPPED.exec(address)?.[1];
  const ip = mapped ?? address;
  if (isIPv4(ip)) return `${ip.split('.').slice(0, 3).join('.')}.0`;
  if (!isIPv6(ip)) return null;
  const groups = ipv6Groups(ip);
  const network = groups.slice(0, 3).map((group) => Number.parseInt(group, 16).toString(16));
  // RFC 5952's short form: the zero groups that end the network fold into the final `::`.
  while (network.at(-1) === '0') network.pop();
  return `${network.join(':')}::`;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` expanded and a zone dropped. */
function ipv6Groups(address: string): string[] {
  const [withoutZone = ''] = address.split('%');
  const [head = '', tail] = withoutZone.split('::');
  const part = (text: string) => (text === '' ? [] : text.split(':').flatMap(dottedToGroups));
  const front = part(head);
  const back = tail === undefined ? [] : part(tail);
  return [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
}

/** An embedded IPv4 tail (`::1.2.3.4`) is two groups; any other group is itself. */
function dottedToGroups(group: string): string[] {
  if (!group.includes('.')) return [group];
  const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
