package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import minicoin.bus.BusAddresses;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code listunspent [minconf=1] [maxconf=9999999] [addresses]} → Core's objects (txid, vout, address,
 * scriptPubKey, amount, confirmations, spendable, solvable, safe) for the wallet's unspent outputs, from the chain's
 * {@code chain.coins} of each wallet address ({@code wallet.list}). As Core: coins a mempool
 * transaction spends and coinbase outputs not yet mature are left out; an unconfirmed coin has 0
 * confirmations and is not "safe" (the chain does not say whether it is the wallet's own change).
 */
public final class ListUnspent implements RpcMethod {

    /** Core's default: only confirmed coins. */
    private static final int DEFAULT_MIN_CONF = 1;
    /** Core's default upper bound, higher than any chain's height. */
    private static final int DEFAULT_MAX_CONF = 9_999_999;
    /** More addresses than a wallet would filter by in one call; each costs a chain request. */
    private static final int MAX_ADDRESSES = 1000;

    private final int coinbaseMaturity;
    private final ParamSpec params = ParamSpec.of(
            optional("minconf", Schemas.integer(0, DEFAULT_MAX_CONF)),
            optional("maxconf", Schemas.integer(0, DEFAULT_MAX_CONF)),
            optional("addresses", new JsonObject().put("type", "array").put("maxItems", MAX_ADDRESSES)
                    .put("items", Schemas.address())
                    .put("description", "only coins of these addresses")));

    /** @param coinbaseMaturity the network's: a younger coinbase output cannot be spent, so is not listed */
    public ListUnspent(int coinbaseMaturity) {
        this.coinbaseMaturity = coinbaseMaturity;
    }

    @Override
    public String name() {
        return "listunspent";
    }

    @Override
    public String description() {
        return "Returns the wallet's unspent outputs with between minconf and maxconf confirmations.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject params = call.params();
        int minConf = params.getInteger("minconf", DEFAULT_MIN_CONF);
        int maxConf = params.getInteger("maxconf", DEFAULT_MAX_CONF);
        Set<String> only = new LinkedHashSet<>();
        for (Object address : params.getJsonArray("addresses", new JsonArray())) {
            if (!only.add((String) address)) {
                throw new RpcException(RpcError.INVALID_PARAMS, "Invalid parameter, duplicated address: " + address);
            }
        }
        return call.bus().request(BusAddresses.WALLET_LIST, new JsonObject()).compose(wallet -> {
            List<String> addresses = new ArrayList<>();
            for (Object address : wallet.getJsonArray("addresses", new JsonArray())) {
                if (only.isEmpty() || only.contains(address)) {
                    addresses.add((String) address);
                }
            }
            List<Future<JsonObject>> coins = PerAddress.ask(call, BusAddresses.CHAIN_COINS, addresses);
            return Future.all(coins).map(all -> {
                JsonArray unspent = new JsonArray();
                for (int i = 0; i < addresses.size(); i++) {
                    unspent.addAll(unspent(addresses.get(i), coins.get(i).result(), minConf, maxConf));
                }
                return unspent;
            });
        });
    }

    /** Core's objects for one address's coins as {@code chain.coins} reports them. */
    JsonArray unspent(String address, JsonObject coins, int minConf, int maxConf) {
        long tipHeight = coins.getLong("tipHeight", -1L);
        Set<String> spent = new LinkedHashSet<>();
        for (Object outPoint : coins.getJsonArray("spentInMempool", new JsonArray())) {
            spent.add(key((JsonObject) outPoint));
        }
        JsonArray result = new JsonArray();
        for (Object item : coins.getJsonArray("confirmed", new JsonArray())) {
            JsonObject coin = (JsonObject) item;
            long confirmations = tipHeight - coin.getLong("height") + 1;
            boolean immature = coin.getBoolean("coinbase", false) && tipHeight + 1 - coin.getLong("height") < coinbaseMaturity;
            if (!spent.contains(key(coin)) && !immature && confirmations >= minConf && confirmations <= maxConf) {
                result.add(entry(address, coin, confirmations, true));
            }
        }
        if (minConf == 0) {
            for (Object item : coins.getJsonArray("unconfirmed", new JsonArray())) {
                result.add(entry(address, (JsonObject) item, 0, false));
            }
        }
        return result;
    }

    private static JsonObject entry(String address, JsonObject coin, long confirmations, boolean safe) {
        return new JsonObject()
                .put("txid", coin.getString("txid"))
                .put("vout", coin.getLong("index"))
                .put("address", address)
                .put("scriptPubKey", scriptPubKey(address))
                .put("amount", coin.getLong("value"))
                .put("confirmations", confirmations)
                .put("spendable", true)
                .put("solvable", true)
                .put("safe", safe);
    }

    /** Core's clients read it as a required field (the P2PKH script of the address, as validateaddress gives it). */
    private static String scriptPubKey(String address) {
        try {
            return ValidateAddress.scriptPubKey(Address.parse(address));
        } catch (AddressFormatException e) {
            throw new RpcException(RpcError.INTERNAL_ERROR, "the wallet lists an address that does not parse: " + e.getMessage());
        }
    }

    private static String key(JsonObject outPoint) {
        return outPoint.getString("txid") + ":" + outPoint.getLong("index");
    }
}
