package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code sendtoaddress address amount [comment] [comment_to]} → the txid, as Core's, paid from the
 * wallet's own coins. The wallet pays from one address at a time ({@code wallet.send}), so the rule
 * is: the wallet address with the most coins it can spend now (confirmed, not spent by a mempool
 * transaction: {@code chain.balance}'s withUnconfirmed − pending), the first in wallet order on a
 * tie; the change goes back to it; the fee is the relay minimum for the payment's size. Coins of
 * several addresses are not combined: a payment larger than the richest address is -6.
 */
public final class SendToAddress implements RpcMethod {

    /** Core's comments are a line of text each; they are not stored here. */
    private static final int MAX_COMMENT_CHARS = 1024;

    private final ParamSpec params = ParamSpec.of(
            required("address", Schemas.address()),
            required("amount", new JsonObject().put("type", "number").put("description", "whole coins, above 0")),
            optional("comment", new JsonObject().put("type", "string").put("maxLength", MAX_COMMENT_CHARS)),
            optional("comment_to", new JsonObject().put("type", "string").put("maxLength", MAX_COMMENT_CHARS)));

    @Override
    public String name() {
        return "sendtoaddress";
    }

    @Override
    public String description() {
        return "Pays an amount to an address from the wallet's richest address; returns the txid.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        long amount = wholeCoins(call.params().getNumber("amount"));
        String to = call.params().getString("address");
        return call.bus().request(BusAddresses.WALLET_LIST, new JsonObject())
                .compose(wallet -> richest(call, wallet.getJsonArray("addresses", new JsonArray())))
                .compose(from -> call.bus().request(BusAddresses.WALLET_SEND,
                        new JsonObject().put("from", from).put("to", to).put("amount", amount)))
                .map(sent -> sent.getString("txid"));
    }

    /** Core's -3 "Invalid amount for send" for 0 or less; Minicoin's amounts are whole coins. */
    static long wholeCoins(Number amount) {
        double value = amount.doubleValue();
        if (value <= 0) {
            throw new RpcException(RpcError.BAD_AMOUNT, "Invalid amount for send");
        }
        if (value != Math.rint(value) || value > Schemas.MAX_SAFE_INTEGER) {
            throw new RpcException(RpcError.BAD_AMOUNT, "Invalid amount: amounts are whole coins up to "
                    + Schemas.MAX_SAFE_INTEGER);
        }
        return amount.longValue();
    }

    /** The address with the most coins spendable now, the first on a tie; -6 when the wallet has none. */
    static Future<String> richest(RpcCall call, JsonArray addresses) {
        List<Future<JsonObject>> balances = PerAddress.ask(call, BusAddresses.CHAIN_BALANCE, addresses.getList());
        return Future.all(balances).map(all -> {
            String best = null;
            long most = 0;
            for (Future<JsonObject> balance : balances) {
                JsonObject found = balance.result();
                long spendable = found.getLong("withUnconfirmed", 0L) - found.getLong("pending", 0L);
                if (spendable > most) {
                    most = spendable;
                    best = found.getString("address");
                }
            }
            if (best == null) {
                throw new RpcException(RpcError.INSUFFICIENT_FUNDS, "Insufficient funds: no address of the wallet has coins to spend");
            }
            return best;
        });
    }
}
