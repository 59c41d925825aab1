package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code validateaddress address} → Core's shape: a valid address gives {@code isvalid}, the
 * address, its {@code scriptPubKey} (the P2PKH script Bitcoin would lock to it: Minicoin's outputs
 * pay the HASH160 itself, which is what that script checks), {@code isscript} and
 * {@code iswitness} false; an invalid one {@code isvalid} false and Core's {@code error} sentence.
 * Answered here, without the wallet or the chain.
 */
public final class ValidateAddress implements RpcMethod {

    /** OP_DUP OP_HASH160 PUSH20: the P2PKH script's opening. */
    private static final String P2PKH_PREFIX = "76a914";
    /** OP_EQUALVERIFY OP_CHECKSIG: the P2PKH script's end. */
    private static final String P2PKH_SUFFIX = "88ac";
    /** Longer than any Base58 address; the schema refuses more rather than decode it. */
    private static final int MAX_ADDRESS_CHARS = 128;

    private final ParamSpec params = ParamSpec.of(required("address", new JsonObject()
            .put("type", "string").put("maxLength", MAX_ADDRESS_CHARS).put("description", "the address to check")));

    @Override
    public String name() {
        return "validateaddress";
    }

    @Override
    public String description() {
        return "Tells whether a string is a valid address, and its scriptPubKey.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return Future.succeededFuture(validate(call.params().getString("address")));
    }

    static JsonObject validate(String text) {
        Address address;
        try {
            address = Address.parse(text);
        } catch (AddressFormatException e) {
            return new JsonObject().put("isvalid", false).put("error_locations", new JsonArray()).put("error", error(e));
        }
        return new JsonObject()
                .put("isvalid", true)
                .put("address", address.toString())
                .put("scriptPubKey", scriptPubKey(address))
                .put("isscript", false)
                .put("iswitness", false);
    }

    /** The P2PKH script Bitcoin would lock to {@code address}, in hex: what Minicoin's outputs to it check. */
    static String scriptPubKey(Address address) {
        return P2PKH_PREFIX + HexFormat.of().formatHex(address.hash160()) + P2PKH_SUFFIX;
    }

    /** Core's sentences (DecodeDestination in key_io.cpp) for the same failures. */
    private static String error(AddressFormatException e) {
        return switch (e.reason()) {
            case BAD_CHECKSUM, WRONG_LENGTH -> "Invalid checksum or length of Base58 address (P2PKH or P2SH)";
            case WRONG_VERSION -> "Invalid or unsupported Base58-encoded address.";
            default -> "Invalid or unsupported Segwit (Bech32) or Base58 encoding.";
        };
    }
}
