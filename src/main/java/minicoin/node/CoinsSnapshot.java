package minicoin.node;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import minicoin.bus.BusFailure;
import minicoin.chain.Coin;
import minicoin.chain.Utxo;
import minicoin.core.OutPoint;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.wallet.CoinSource;

/**
 * One address's coins as the chain worker reported them ({@code chain.coins}): the wallet worker
 * picks coins from this snapshot, since it cannot read the chain directly.
 */
final class CoinsSnapshot implements CoinSource {

    private final Address address;
    private final long tipHeight;
    private final List<Utxo> confirmed;
    private final List<Utxo> unconfirmed;
    private final Set<OutPoint> spentInMempool = new HashSet<>();

    CoinsSnapshot(Address address, JsonObject reply) throws BusFailure {
        this.address = address;
        this.tipHeight = reply.getLong("tipHeight", -1L);
        this.confirmed = coins(address, reply.getJsonArray("confirmed", new JsonArray()));
        this.unconfirmed = coins(address, reply.getJsonArray("unconfirmed", new JsonArray()));
        for (Object spent : reply.getJsonArray("spentInMempool", new JsonArray())) {
            spentInMempool.add(outPoint((JsonObject) spent));
        }
    }

    private static List<Utxo> coins(Address address, JsonArray list) throws BusFailure {
        List<Utxo> coins = new ArrayList<>(list.size());
        for (Object item : list) {
            JsonObject coin = (JsonObject) item;
            coins.add(new Utxo(outPoint(coin), new Coin(new TxOut(coin.getLong("value"), address),
                    coin.getLong("height"), coin.getBoolean("coinbase", false))));
        }
        return coins;
    }

    private static OutPoint outPoint(JsonObject json) throws BusFailure {
        return new OutPoint(ChainService.hash(json, "txid"), json.getLong("index"));
    }

    /** The value of a coin of this snapshot, for a payment's fee; 0 for one it does not hold. */
    long valueOf(OutPoint outPoint) {
        for (List<Utxo> coins : List.of(confirmed, unconfirmed)) {
            for (Utxo utxo : coins) {
                if (utxo.outPoint().equals(outPoint)) {
                    return utxo.value();
                }
            }
        }
        return 0;
    }

    @Override
    public List<Utxo> confirmedCoins(Address of) {
        return of.equals(address) ? confirmed : List.of();
    }

    @Override
    public List<Utxo> unconfirmedCoins(Address of) {
        return of.equals(address) ? unconfirmed : List.of();
    }

    @Override
    public boolean spentInMempool(OutPoint outPoint) {
        return spentInMempool.contains(outPoint);
    }

    @Override
    public long tipHeight() {
        return tipHeight;
    }
}
