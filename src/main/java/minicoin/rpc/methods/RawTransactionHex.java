package minicoin.rpc.methods;

import io.vertx.core.json.JsonObject;
import minicoin.core.Transaction;

/** The schema of a transaction in hex: a string, at most twice the largest transaction's bytes long. */
final class RawTransactionHex {

    /** Two hex digits a byte; a longer string cannot decode, so the schema stops it before the decoder. */
    static final int MAX_CHARS = 2 * Transaction.MAX_BYTES;

    private RawTransactionHex() {
    }

    static JsonObject schema() {
        return new JsonObject().put("type", "string").put("maxLength", MAX_CHARS)
                .put("description", "a transaction in hex");
    }
}
