package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import minicoin.chain.ChainState;
import minicoin.chain.Ledger;
import minicoin.chain.MemoryChainStore;
import minicoin.chain.Mempool;
import minicoin.chain.MempoolPolicy;
import minicoin.chain.SignatureVerifier;
import minicoin.chain.TestBlocks;
import minicoin.core.Block;
import minicoin.core.Hash;
import org.junit.jupiter.api.Test;

/** The chain.txsLeft events a block submission gives (docs/reliability.md, finding 5). */
class TxsLeftEventsTest {

    @Test
    void aReorgReplyNamesTheLostBlocksCoinbase() {
        MemoryChainStore store = TestBlocks.memoryStore();
        try {
            SignatureVerifier verifier = SignatureVerifier.withDefaults();
            ChainState chain = new ChainState(TestBlocks.PARAMS, store, verifier, () -> TestBlocks.NOW, Optional.empty());
            Ledger ledger = new Ledger(chain, new Mempool(TestBlocks.PARAMS, MempoolPolicy.DEFAULT, verifier,
                    () -> TestBlocks.NOW), () -> TestBlocks.NOW);
            ChainService service = new ChainService(ledger, "regtest");
            Block genesis = TestBlocks.genesis();
            service.submitBlock(genesis);
            Block lost = TestBlocks.branch(genesis, 0, 1, "main").get(0);
            assertEquals(List.of(), service.submitBlock(lost).left());

            List<Hash> left = new ArrayList<>();
            for (Block block : TestBlocks.branch(genesis, 0, 2, "rival")) {
                left.addAll(service.submitBlock(block).left());
            }

            assertEquals(List.of(lost.transactions().get(0).txid()), left);
        } finally {
            store.close();
        }
    }

    @Test
    void aLongListGoesOutInBoundedEventsInOrder() {
        int count = 2 * ChainService.MAX_TXIDS_PER_LEFT_EVENT + 1;
        List<Hash> left = IntStream.range(0, count).mapToObj(i -> Hash.doubleSha256(new byte[] {(byte) i, (byte) (i >> 8)}))
                .toList();

        List<JsonObject> events = ChainService.txsLeftEvents(left);

        assertEquals(3, events.size());
        assertEquals(ChainService.MAX_TXIDS_PER_LEFT_EVENT, events.get(0).getJsonArray("txids").size());
        assertEquals(1, events.get(2).getJsonArray("txids").size());
        List<Hash> told = events.stream().flatMap(event -> event.getJsonArray("txids").stream())
                .map(txid -> Hash.fromHex((String) txid)).toList();
        assertEquals(left, told);
        assertEquals(List.of(), ChainService.txsLeftEvents(List.of()));
    }
}
