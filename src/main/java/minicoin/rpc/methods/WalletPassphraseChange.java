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
 * {@code walletpassphrasechange oldpassphrase newpassphrase} → null: reseals every key under the new
 * passphrase in one commit; the wallet stays locked or unlocked as it was. -14 when the old one is
 * wrong, -15 when the wallet has no passphrase.
 */
public final class WalletPassphraseChange implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(
            required("oldpassphrase", Schemas.passphrase()),
            required("newpassphrase", Schemas.passphrase()));

    @Override
    public String name() {
        return "walletpassphrasechange";
    }

    @Override
    public String description() {
        return "Reseals the wallet's keys under a new passphrase.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject request = new JsonObject()
                .put("old", call.params().remove("oldpassphrase"))
                .put("new", call.params().remove("newpassphrase"));
        return call.bus().request(BusAddresses.WALLET_CHANGE_PASSPHRASE, request)
                .map(reply -> (Object) null)
                .recover(failure -> WalletRefusals.needsEncrypted(failure, name()));
    }
}
