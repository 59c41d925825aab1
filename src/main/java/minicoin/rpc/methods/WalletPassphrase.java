package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code walletpassphrase passphrase timeout} → null: keeps the wallet's key in memory for
 * {@code timeout} seconds (cut to 100,000,000, as Core), replacing the time of an unlock in force; 0
 * only checks the passphrase. -14 for a wrong passphrase, -15 when the wallet has none.
 */
public final class WalletPassphrase implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(
            required("passphrase", Schemas.passphrase()),
            required("timeout", Schemas.integer(0, Schemas.MAX_SAFE_INTEGER)));

    @Override
    public String name() {
        return "walletpassphrase";
    }

    @Override
    public String description() {
        return "Keeps the wallet unlocked for a number of seconds.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject request = new JsonObject()
                .put("passphrase", call.params().remove("passphrase"))
                .put("seconds", call.params().getLong("timeout"));
        return call.bus().request(BusAddresses.WALLET_UNLOCK, request)
                .map(reply -> (Object) null)
                .recover(failure -> WalletRefusals.needsEncrypted(failure, name()));
    }
}
