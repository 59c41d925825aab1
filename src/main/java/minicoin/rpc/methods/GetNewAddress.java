package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getnewaddress [label] [address_type]} (alias {@code createwallet}, the seed's name) → a new
 * wallet address "1...". Core's {@code label} is accepted and not kept: the wallet has no labels.
 * {@code address_type} may only be Core's "legacy": every Minicoin address is P2PKH.
 */
public final class GetNewAddress implements RpcMethod {

    /** Core's label is at most a line of text; a longer one is a mistake, not a label. */
    private static final int MAX_LABEL_CHARS = 255;
    /** Core's name for P2PKH, the only kind of address Minicoin has. */
    static final String LEGACY = "legacy";

    private final ParamSpec params = ParamSpec.of(
            optional("label", new JsonObject().put("type", "string").put("maxLength", MAX_LABEL_CHARS)
                    .put("description", "accepted and not kept (the wallet has no labels)")),
            optional("address_type", new JsonObject().put("type", "string").put("enum", new JsonArray().add(LEGACY))
                    .put("description", "\"legacy\" (P2PKH), the only kind there is")));

    @Override
    public String name() {
        return "getnewaddress";
    }

    @Override
    public String description() {
        return "Returns a new address of the node's wallet.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.WALLET_CREATE, new JsonObject()).map(reply -> reply.getString("address"));
    }
}
