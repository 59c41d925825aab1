package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code decoderawtransaction hexstring [iswitness]} → Core's object (txid, hash, version, size,
 * vsize, weight, locktime, vin, vout), decoded here without asking any service. Hex that is not one
 * whole transaction is Core's -22 "TX decode failed". {@code iswitness} is accepted and ignored:
 * Minicoin has no witness serialization.
 */
public final class DecodeRawTransaction implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(
            required("hexstring", RawTransactionHex.schema()),
            optional("iswitness", new JsonObject().put("type", "boolean")));

    @Override
    public String name() {
        return "decoderawtransaction";
    }

    @Override
    public String description() {
        return "Decodes a transaction's hex into an object, as Core's.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return Future.succeededFuture(CoreTransactionView.of(CoreTransactionView.decode(call.params().getString("hexstring"))));
    }
}
