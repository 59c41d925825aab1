package minicoin.rpc.methods;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import minicoin.core.Bytes;
import minicoin.core.CodecException;
import minicoin.core.Transaction;
import minicoin.core.TxIn;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;

/**
 * A transaction in Bitcoin Core's decoderawtransaction shape (txid, hash, version, size, vsize,
 * weight, locktime, vin, vout), shared by decoderawtransaction and getrawtransaction. Minicoin's
 * transactions have no scripts: an input's {@code scriptSig} is written as the two pushes of a
 * P2PKH spend (signature, public key) and an output's {@code scriptPubKey} as the P2PKH script that
 * checks the same key hash; there are no sequence numbers, so every input shows Core's final one.
 */
final class CoreTransactionView {

    /** Core's sequence of an input that opts out of everything: Minicoin's inputs have no field for it. */
    static final long FINAL_SEQUENCE = 0xffffffffL;
    /** Core's weight of a transaction without witness data is four times its size. */
    private static final int WITNESS_SCALE_FACTOR = 4;
    /** Script opcodes 1 to 75 push that many bytes; a longer push needs OP_PUSHDATA1 (both fields are at most 100). */
    private static final int MAX_DIRECT_PUSH_BYTES = 75;
    private static final String OP_PUSHDATA1 = "4c";
    /** Core's own wording for a hex string that is not a transaction (-22). */
    static final String DECODE_FAILED = "TX decode failed";

    private CoreTransactionView() {
    }

    /** Decodes the hex of a whole transaction, or fails with Core's -22 "TX decode failed". */
    static Transaction decode(String hex) {
        try {
            return Transaction.decode(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException | CodecException e) {
            throw new RpcException(RpcError.DESERIALIZATION_ERROR, DECODE_FAILED + ": " + e.getMessage());
        }
    }

    static String hex(Transaction tx) {
        return HexFormat.of().formatHex(tx.encode());
    }

    static JsonObject of(Transaction tx) {
        JsonArray vin = new JsonArray();
        for (TxIn input : tx.inputs()) {
            vin.add(tx.isCoinbase() ? new JsonObject().put("coinbase", input.publicKey().hex()).put("sequence", FINAL_SEQUENCE)
                    : new JsonObject().put("txid", input.prevOut().txid().toString()).put("vout", input.prevOut().index())
                            .put("scriptSig", new JsonObject()
                                    .put("asm", input.signature().hex() + " " + input.publicKey().hex())
                                    .put("hex", push(input.signature()) + push(input.publicKey())))
                            .put("sequence", FINAL_SEQUENCE));
        }
        JsonArray vout = new JsonArray();
        for (int n = 0; n < tx.outputs().size(); n++) {
            TxOut output = tx.outputs().get(n);
            vout.add(new JsonObject().put("value", output.value()).put("n", n)
                    .put("scriptPubKey", scriptPubKey(output.address())));
        }
        int size = tx.size();
        return new JsonObject()
                .put("txid", tx.txid().toString())
                .put("hash", tx.fullHash().toString())
                .put("version", tx.version())
                .put("size", size)
                .put("vsize", size)
                .put("weight", size * WITNESS_SCALE_FACTOR)
                .put("locktime", tx.lockTime())
                .put("vin", vin)
                .put("vout", vout);
    }

    /** Core's scriptPubKey object of an output paying {@code address}: the P2PKH script that checks the same key hash. */
    static JsonObject scriptPubKey(Address address) {
        return new JsonObject()
                .put("asm", "OP_DUP OP_HASH160 " + HexFormat.of().formatHex(address.hash160()) + " OP_EQUALVERIFY OP_CHECKSIG")
                .put("hex", ValidateAddress.scriptPubKey(address)).put("address", address.toString()).put("type", "pubkeyhash");
    }

    /** A script push of {@code data}: its length byte, after OP_PUSHDATA1 when it does not fit an opcode. */
    private static String push(Bytes data) {
        String length = String.format("%02x", data.length());
        return (data.length() > MAX_DIRECT_PUSH_BYTES ? OP_PUSHDATA1 + length : length) + data.hex();
    }
}
