package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import minicoin.bus.BusAddresses;
import minicoin.core.Block;
import minicoin.core.CodecException;
import minicoin.core.RejectCode;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code submitblock hexdata [dummy]} → null when the block joined the main chain, else Core's BIP 22
 * string: {@code duplicate}, {@code duplicate-invalid}, {@code inconclusive} (valid so far, on a
 * branch with less work), {@code prev-blk-not-found} (its parent is unknown: it waits in the orphan
 * pool), or the rule it broke in Core's words ({@code high-hash}, {@code bad-txnmrklroot},
 * {@code bad-cb-amount}, ...). Hex that is not one block is -22 "Block decode failed", as Core.
 */
public final class SubmitBlock implements RpcMethod {

    /** Two hex digits a byte of the largest block the codec reads. */
    static final int MAX_HEX_CHARS = 2 * Block.MAX_BYTES;
    /** Core's words for a hex string that is not a block (-22). */
    static final String DECODE_FAILED = "Block decode failed";

    private final ParamSpec params = ParamSpec.of(
            required("hexdata", new JsonObject().put("type", "string").put("maxLength", MAX_HEX_CHARS)
                    .put("description", "the block in hex")),
            optional("dummy", new JsonObject().put("description", "ignored, as in Core (BIP 22's workid)")));

    @Override
    public String name() {
        return "submitblock";
    }

    @Override
    public String description() {
        return "Offers a solved block in hex to the chain; null when accepted, else why not (BIP 22).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        String hex = call.params().getString("hexdata");
        Block block;
        try {
            block = Block.decode(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException | CodecException e) {
            throw new RpcException(RpcError.DESERIALIZATION_ERROR, DECODE_FAILED + ": " + e.getMessage());
        }
        if (block.transactions().isEmpty() || !block.transactions().get(0).isCoinbase()) {
            throw new RpcException(RpcError.DESERIALIZATION_ERROR, "Block does not start with a coinbase");
        }
        return call.bus().request(BusAddresses.CHAIN_SUBMIT_RAW_BLOCK, new JsonObject().put("hex", hex))
                .map(SubmitBlock::core);
    }

    /** Core's answer from the chain's: null when connected, else a BIP 22 reason. */
    static String core(JsonObject reply) {
        String outcome = reply.getString("outcome", "");
        return switch (outcome) {
            case "CONNECTED" -> null;
            case "DUPLICATE" -> "duplicate";
            case "SIDE_BRANCH" -> "inconclusive";
            case "ORPHAN" -> "prev-blk-not-found";
            case "REJECTED" -> reply.getBoolean("knownInvalid", false) ? "duplicate-invalid" : rejected(reply);
            default -> throw new RpcException(RpcError.INTERNAL_ERROR, "the chain answered an unknown outcome " + outcome);
        };
    }

    private static String rejected(JsonObject reply) {
        JsonObject rejection = reply.getJsonObject("rejection", new JsonObject());
        String code = rejection.getString("code", "");
        try {
            return CoreRejectReason.forBlock(RejectCode.valueOf(code));
        } catch (IllegalArgumentException e) {
            return "rejected";
        }
    }
}
