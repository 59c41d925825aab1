package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code listaddressgroupings} → Core's nested arrays, one group per set of addresses whose common
 * ownership the chain shows, each entry {@code [address, amount, label]}. Every Minicoin payment
 * spends the coins of one address and returns its change to that same address, so no transaction
 * ever links two of the wallet's addresses: each group is one address. Listed: the wallet's
 * addresses that hold coins ({@code chain.balance}: confirmed or in the mempool), the amount what
 * it can spend now (as getbalance counts it); the label "" (the wallet keeps no labels, and Core
 * gives "" to an address made without one). Core also lists addresses whose coins were all spent;
 * those are left out here.
 */
public final class ListAddressGroupings implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "listaddressgroupings";
    }

    @Override
    public String description() {
        return "Lists the wallet's addresses holding coins, one group each, as [address, amount, label].";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.WALLET_LIST, new JsonObject()).compose(wallet -> {
            List<Future<JsonObject>> balances = PerAddress.ask(call, BusAddresses.CHAIN_BALANCE,
                    wallet.getJsonArray("addresses", new JsonArray()).getList());
            return Future.all(balances).map(all -> groupings(balances.stream().map(Future::result).toList()));
        });
    }

    static JsonArray groupings(List<JsonObject> balances) {
        JsonArray groups = new JsonArray();
        for (JsonObject balance : balances) {
            if (balance.getLong("confirmed", 0L) == 0 && balance.getLong("withUnconfirmed", 0L) == 0) {
                continue;
            }
            long spendable = GetBalance.spendable(List.of(balance));
            groups.add(new JsonArray().add(new JsonArray()
                    .add(balance.getString("address")).add(CoreAmount.of(spendable)).add("")));
        }
        return groups;
    }
}
