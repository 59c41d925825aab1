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
 * {@code encryptwallet passphrase} → a sentence: encrypts every key of the wallet under the
 * passphrase in one commit and leaves the wallet locked (docs/wallet.md). -15 when it already has a
 * passphrase (walletpassphrasechange changes it).
 */
public final class EncryptWallet implements RpcMethod {

    static final String RESULT = "wallet encrypted; the wallet is locked now: unlock it with walletpassphrase to send."
            + " Back it up again with backupwallet: older backups hold its keys unencrypted.";

    private final ParamSpec params = ParamSpec.of(required("passphrase", Schemas.passphrase()));

    @Override
    public String name() {
        return "encryptwallet";
    }

    @Override
    public String description() {
        return "Encrypts the wallet's keys under a passphrase and leaves the wallet locked.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject request = new JsonObject().put("passphrase", call.params().remove("passphrase"));
        return call.bus().request(BusAddresses.WALLET_ENCRYPT, request)
                .map(reply -> RESULT)
                .recover(failure -> WalletRefusals.needsUnencrypted(failure, name()));
    }
}
