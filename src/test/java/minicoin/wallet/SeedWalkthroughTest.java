package minicoin.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import minicoin.chain.ChainState;
import minicoin.chain.ChainState.Outcome;
import minicoin.chain.Ledger;
import minicoin.chain.Mempool;
import minicoin.chain.MempoolPolicy;
import minicoin.chain.SignatureVerifier;
import minicoin.chain.MemoryChainStore;
import minicoin.core.Block;
import minicoin.core.Bytes;
import minicoin.core.ConsensusParams;
import minicoin.core.HeaderHasher;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import org.junit.jupiter.api.Test;

/**
 * The seed's walkthrough, in process: a genesis pays 1000; two sends of 100 from the genesis
 * address before any block (the second spends the first's unconfirmed change) both confirm in
 * one block; balances add up, and the supply is 1000 per block.
 */
class SeedWalkthroughTest {

    private static final ConsensusParams PARAMS = ConsensusParams.DEVNET;

    @Test
    void twoSendsFromTheGenesisAddressConfirmInOneBlock() throws Exception {
        long[] clock = {1_700_000_000L};
        try (MemoryChainStore store = new MemoryChainStore(); WalletStore wallet = WalletStore.inMemory()) {
            SignatureVerifier verifier = SignatureVerifier.withDefaults();
            ChainState chain = new ChainState(PARAMS, store, verifier, () -> clock[0], Optional.empty());
            Ledger ledger = new Ledger(chain, new Mempool(PARAMS, MempoolPolicy.DEFAULT, verifier, () -> clock[0]), () -> clock[0]);
            CoinSource coins = new LedgerCoins(ledger);

            // genesis_block -> "Genesis Wallet is: 1..."
            Address genesisAddress = wallet.createAddress();
            ledger.createGenesis(genesisAddress);
            assertEquals(1000, wallet.balance(genesisAddress, coins).confirmed());

            // createwallet, twice
            Address first = wallet.createAddress();
            Address second = wallet.createAddress();
            assertEquals(List.of(genesisAddress, first, second), wallet.addresses());

            // send --from genesis --to first/second --amount 100, before any block, with the default fee
            Transaction one = wallet.createPayment(genesisAddress, first, 100, WalletStore.DEFAULT_FEE_RATE, coins, PARAMS);
            assertEquals(1, ledger.submitTransaction(one), "the relay minimum for a payment of about 200 bytes");
            Transaction two = wallet.createPayment(genesisAddress, second, 100, WalletStore.DEFAULT_FEE_RATE, coins, PARAMS);
            assertEquals(1, ledger.submitTransaction(two));
            assertTrue(two.inputs().stream().anyMatch(in -> in.prevOut().txid().equals(one.txid())),
                    "the second send spends the first's unconfirmed change");
            assertEquals(798, wallet.balance(genesisAddress, coins).withUnconfirmed());
            assertEquals(1000, wallet.balance(genesisAddress, coins).confirmed());

            // The pool-full miner: one block with both, the reward to the wallet's first address.
            clock[0] += 10;
            Block template = ledger.blockTemplate(wallet.firstAddress().orElseThrow(), Bytes.EMPTY);
            assertEquals(3, template.transactions().size());
            Block block = new Block(HeaderHasher.solve(template.header()), template.transactions());
            assertEquals(Outcome.CONNECTED, ledger.submitBlock(block).outcome());
            assertEquals(0, ledger.mempool().size());

            // balance on every address: the same figures a user sees on every node; the fees came back with the reward.
            assertEquals(798 + 1000 + 2, wallet.balance(genesisAddress, coins).confirmed());
            assertEquals(100, wallet.balance(first, coins).confirmed());
            assertEquals(100, wallet.balance(second, coins).confirmed());
            long supply = 0;
            for (Address address : wallet.addresses()) {
                supply += wallet.balance(address, coins).confirmed();
            }
            assertEquals(1000L * (chain.tipHeight() + 1), supply);
        }
    }
}
