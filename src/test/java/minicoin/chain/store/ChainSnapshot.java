package minicoin.chain.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import minicoin.chain.ChainStore;
import minicoin.chain.Coin;
import minicoin.chain.Utxo;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.crypto.Address;

/** What a chain store holds that a rebuild or an import must reproduce: tip, main chain, coins, and coins by address. */
record ChainSnapshot(Optional<Hash> tip, List<Hash> mainChain, Map<OutPoint, Coin> coins, Map<Address, Set<Utxo>> byAddress) {

    static ChainSnapshot of(ChainStore store) {
        List<Hash> main = new ArrayList<>();
        for (long height = 0; store.mainChainHash(height).isPresent(); height++) {
            main.add(store.mainChainHash(height).orElseThrow());
        }
        Map<OutPoint, Coin> coins = new TreeMap<>();
        store.forEachCoin(utxo -> coins.put(utxo.outPoint(), utxo.coin()));
        Map<Address, Set<Utxo>> byAddress = new HashMap<>();
        for (Coin coin : coins.values()) {
            byAddress.computeIfAbsent(coin.output().address(), address -> new HashSet<>(store.coinsOf(address)));
        }
        return new ChainSnapshot(store.tip(), main, coins, byAddress);
    }

    long balance(Address address) {
        return byAddress.getOrDefault(address, Set.of()).stream().mapToLong(Utxo::value).sum();
    }
}
