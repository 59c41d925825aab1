/**
 * The cryptography of Minicoin: hashes, secp256k1 keys, ECDSA signatures, Base58Check and
 * pay-to-public-key-hash addresses.
 *
 * <p>Everything here is a pure, synchronous function of its inputs: no I/O, no clocks, no
 * threads, no mutable static state, and no knowledge of Vert.x. Callers on an event loop must
 * move signature verification onto a worker themselves; this package does not decide where it
 * runs.
 *
 * <p>Signatures are verified on the package's own secp256k1 arithmetic ({@code FieldElement},
 * {@code JacobianPoint}, {@code EcdsaVerifier}), which is variable-time and so touches only public
 * data; Bouncy Castle still signs, derives public keys and parses them. The verifier's tables of
 * multiples of G are built once at class initialisation and only read afterwards.
 *
 * <p>What it does not do: it knows nothing of transactions, scripts or sighash types (the
 * signatures it verifies carry no trailing sighash byte), it does not store or encrypt keys, and it
 * understands only main-chain P2PKH addresses ({@code 1...}) and main-chain WIF keys. P2SH,
 * bech32/SegWit and testnet strings are recognised only well enough to be rejected with a reason.
 */
package minicoin.crypto;
