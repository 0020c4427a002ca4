import type { AbortOptions, PrivateKey } from "@libp2p/interface";

/** What Noise signs with the identity key: this prefix, then the host's static Noise public key. */
export const NOISE_STATIC_KEY_PREFIX = new TextEncoder().encode("noise-libp2p-static-key:");

/** Distinct Noise static keys whose signature is kept (a host has one for its lifetime). */
const KEPT_SIGNATURES = 4;

/**
 * The host's identity key, with the signature Noise asks for on every handshake made once and
 * reused.
 *
 * In each Noise handshake a libp2p host proves that its static Noise key belongs to its identity:
 * it signs `"noise-libp2p-static-key:" + static public key` with its identity key. The static key
 * is drawn once when the host starts, so the message is the same for every handshake, and a
 * secp256k1 signature (RFC 6979, deterministic) over it is the same bytes every time: on a node
 * this signature was a sizeable share of the CPU each new connection costs. The returned key
 * signs such a message once and answers later requests for the same message with a copy of that
 * signature; every other message is signed afresh by `key`. Verifying the remote peer's
 * signature is untouched: each handshake still checks the other side's proof.
 *
 * @param key - The host's identity key.
 * @returns A key that behaves as `key` in every other respect (same type, public key, raw bytes,
 * prototype).
 */
export function withCachedNoiseSignature<K extends PrivateKey>(key: K): K {
  const signatures = new Map<string, Promise<Uint8Array>>();
  const sign = (
    message: Parameters<PrivateKey["sign"]>[0],
    options?: AbortOptions,
  ): Uint8Array | Promise<Uint8Array> => {
    if (!(message instanceof Uint8Array) || !startsWith(message, NOISE_STATIC_KEY_PREFIX)) {
      return key.sign(message, options);
    }
    const id = Buffer.from(message).toString("base64");
    let signature = signatures.get(id);
    if (signature === undefined) {
      signature = Promise.resolve(key.sign(message, options));
      if (signatures.size >= KEPT_SIGNATURES) signatures.clear();
      signatures.set(id, signature);
      // A failed signature (aborted, say) is not kept: the next handshake signs again.
      signature.catch(() => signatures.delete(id));
    }
    // A copy, so that a caller changing its bytes never changes what the next handshake sends.
    return signature.then((bytes) => bytes.slice());
  };
  const wrapped = Object.create(key) as K;
  Object.defineProperty(wrapped, "sign", { value: sign, enumerable: false });
  return wrapped;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
