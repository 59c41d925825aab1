package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code importprivkey privkey [label] [rescan=true]} → null, as Core's ({@code wallet.importKey}):
 * adds a WIF key to the wallet, sealed under the passphrase if the wallet is encrypted. Refused with
 * -13 while locked (even for a key already there, as Core), -5 "Invalid private key encoding".
 * The key's coins count at once (balances and payments read the chain's coins by address); with
 * {@code rescan} the wallet replays the main chain into its records afterwards, in the background,
 * so listtransactions learns the key's past transactions (Core's rescan finishes before it answers).
 * {@code label} is accepted and not kept. The key is never logged or repeated in an error.
 */
public final class ImportPrivKey implements RpcMethod {

    /** A WIF key is 51 or 52 characters; the schema refuses anything much longer. */
    private static final int MAX_WIF_CHARS = 64;
    /** Core's label is a line of text. */
    private static final int MAX_LABEL_CHARS = 1024;

    private final ParamSpec params = ParamSpec.of(
            required("privkey", new JsonObject().put("type", "string").put("maxLength", MAX_WIF_CHARS)
                    .put("description", "a private key in WIF")),
            optional("label", new JsonObject().put("type", "string").put("maxLength", MAX_LABEL_CHARS)
                    .put("description", "accepted and not kept (the wallet has no labels)")),
            optional("rescan", new JsonObject().put("type", "boolean")
                    .put("description", "replay the chain into the wallet's history (default true)")));

    @Override
    public String name() {
        return "importprivkey";
    }

    @Override
    public String description() {
        return "Adds a private key (WIF) to the wallet; refused while the wallet is locked.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject request = new JsonObject().put("wif", call.params().getString("privkey"))
                .put("rescan", call.params().getBoolean("rescan", true));
        return call.bus().request(BusAddresses.WALLET_IMPORT_KEY, request)
                .map(imported -> (Object) null)
                .recover(failure -> failure instanceof RpcException refused && refused.error() == RpcError.BAD_ADDRESS
                        ? Future.failedFuture(new RpcException(RpcError.BAD_ADDRESS, "Invalid private key encoding"))
                        : Future.failedFuture(failure));
    }
}
