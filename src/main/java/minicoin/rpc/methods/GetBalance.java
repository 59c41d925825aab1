package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getbalance address} → {@code {"address", "confirmed", "withUnconfirmed", "pending"}} of any
 * address: {@code pending} is what mempool transactions pay it that no block holds yet (Minicoin's
 * own form, the CLI's {@code balance ADDR}). {@code getbalance} with no address → Core's form: the
 * wallet's total in whole coins, a number, what the wallet can spend now (as sendtoaddress counts it).
 */
public final class GetBalance implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(optional("address", Schemas.address()));

    @Override
    public String name() {
        return "getbalance";
    }

    @Override
    public String description() {
        return "Without an address, the wallet's spendable total (Core's form); with one, any address's confirmed, unconfirmed and pending balance (Minicoin's own).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        if (call.params().getString("address") == null) {
            return call.bus().request(BusAddresses.WALLET_LIST, new JsonObject())
                    .compose(wallet -> walletTotal(call, wallet.getJsonArray("addresses", new JsonArray())));
        }
        JsonObject request = new JsonObject().put("address", call.params().getString("address"));
        return call.bus().request(BusAddresses.CHAIN_BALANCE, request)
                .map(reply -> {
                    JsonObject balance = new JsonObject()
                            .put("address", reply.getString("address"))
                            .put("confirmed", reply.getLong("confirmed"))
                            .put("withUnconfirmed", reply.getLong("withUnconfirmed"));
                    // A chain member of an older version (in a cluster) does not say; the field is left out then.
                    if (reply.getValue("pending") instanceof Number pending) {
                        balance.put("pending", pending.longValue());
                    }
                    return balance;
                });
    }

    /**
     * Core's getbalance: the sum over the wallet's addresses of the coins in blocks that no mempool
     * transaction spends ({@code withUnconfirmed − pending}); one chain request per address.
     */
    private static Future<BigDecimal> walletTotal(RpcCall call, JsonArray addresses) {
        List<Future<JsonObject>> balances = PerAddress.ask(call, BusAddresses.CHAIN_BALANCE, addresses.getList());
        return Future.all(balances).map(all -> CoreAmount.of(spendable(balances.stream().map(Future::result).toList())));
    }

    static long spendable(List<JsonObject> balances) {
        long total = 0;
        for (JsonObject balance : balances) {
            total += balance.getLong("withUnconfirmed", 0L) - balance.getLong("pending", 0L);
        }
        return total;
    }
}
