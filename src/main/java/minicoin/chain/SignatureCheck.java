package minicoin.chain;

import minicoin.core.Bytes;
import minicoin.core.Hash;

/** One signature to verify: input {@code inputIndex} of transaction {@code txid}. */
public record SignatureCheck(Hash txid, int inputIndex, Bytes publicKey, Hash sigHash, Bytes signature) {
}
