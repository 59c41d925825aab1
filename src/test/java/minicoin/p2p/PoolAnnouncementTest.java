package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import minicoin.chain.TestBlocks;
import minicoin.core.Block;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

/**
 * A newly connected peer is told of the mempool (docs/reliability.md, finding 4): payments pooled
 * while a node was cut off reach the network when it reconnects, not at the wallet's rebroadcast.
 */
class PoolAnnouncementTest {

    private final SimNet net = new SimNet();

    @Test
    void aPaymentPooledWhileCutOffReachesAPeerThatConnectsLater() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        net.connect(a, b);
        Block genesis = a.createGenesis();
        net.settle();
        net.partition(List.of(a));

        Transaction payment = TestBlocks.pay(genesis.transactions().get(0), 0, TestBlocks.key("miner of a"),
                TestBlocks.address(TestBlocks.key("friend")), 100, 1);
        a.submit(payment);
        net.settle();
        assertFalse(b.ledger.mempool().contains(payment.txid()), "cut off: relayed to nobody");

        net.connect(a, b);

        assertTrue(b.ledger.mempool().contains(payment.txid()), "announced to b once the handshake was through");
        assertEquals(1, b.group.peers().get(0).txsReceived(), "through INV and GET_DATA, once");
    }

    @Test
    void aPeerThatIsBehindIsToldOfThePoolOnceItHasFetchedOurTip() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        net.connect(a, b);
        a.createGenesis();
        net.settle();
        net.partition(List.of(a));
        // a mines alone and pays from that block's reward: b, behind, lacks the coin until it syncs.
        Block reward = a.mine(1).get(0);
        Transaction payment = TestBlocks.pay(reward.transactions().get(0), 0, TestBlocks.key("miner of a"),
                TestBlocks.address(TestBlocks.key("friend")), 100, 1);
        a.submit(payment);
        net.settle();

        net.connect(b, a);

        assertEquals(a.chain().tipHash(), b.chain().tipHash());
        assertTrue(b.ledger.mempool().contains(payment.txid()), "announced once b had a's tip, so b could take it");
    }

    @Test
    void aFullPoolIsAnnouncedUpToTheBoundBestFeeRateFirstWithoutTrippingTheNewPeersDefences() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        net.connect(b, a);
        Block genesis = a.createGenesis();
        PrivateKey owner = TestBlocks.key("miner of a");
        Address ownerAddress = owner.publicKey().address();
        // Coins for more payments than the bound: rewards split into small outputs, confirmed.
        int payments = Peer.MAX_POOL_TXIDS_ANNOUNCED + 200;
        int outputsPerSplit = 250;
        List<Block> rewards = a.mine(payments / outputsPerSplit + 1);
        List<Transaction> splits = new ArrayList<>();
        for (int i = 0; i * outputsPerSplit < payments; i++) {
            Transaction reward = rewards.get(i).transactions().get(0);
            PaymentBuilder split = new PaymentBuilder().spend(new OutPoint(reward.txid(), 0), reward.outputs().get(0), owner);
            for (int out = 0; out < outputsPerSplit; out++) {
                split.pay(ownerAddress, 3);
            }
            Transaction tx = split.build();
            a.submit(tx);
            splits.add(tx);
        }
        a.mine(1);
        net.settle();
        assertEquals(0, a.ledger.mempool().size(), "the splits are confirmed");
        assertEquals(a.chain().tipHash(), b.chain().tipHash());
        net.partition(List.of(a));

        // Payments while cut off: the first 200 pay twice the fee of the rest.
        List<Transaction> generous = new ArrayList<>();
        for (int n = 0; n < payments; n++) {
            boolean paysMore = n < 200;
            Transaction pay = TestBlocks.pay(splits.get(n / outputsPerSplit), n % outputsPerSplit, owner,
                    TestBlocks.address(TestBlocks.key("x")), paysMore ? 1 : 2, paysMore ? 2 : 1);
            a.submit(pay);
            if (paysMore) {
                generous.add(pay);
            }
        }
        net.settle();
        assertEquals(payments, a.ledger.mempool().size());
        assertEquals(0, b.ledger.mempool().size());

        net.connect(b, a);

        assertEquals(Peer.MAX_POOL_TXIDS_ANNOUNCED, b.ledger.mempool().size(), "the bound, every one taken");
        for (Transaction pay : generous) {
            assertTrue(b.ledger.mempool().contains(pay.txid()), "the best fee rate went first");
        }
        for (SimNode node : List.of(a, b)) {
            Peer peer = node.group.peers().get(0);
            assertTrue(peer.isReady(), node + " keeps the connection");
            assertEquals(0, peer.score(), node + " scored nothing");
            assertFalse(peer.answerFigures().slowed(), node + "'s peer is within its answer budget");
            assertEquals(0, node.group.networkInfo().droppedOverBudget());
        }
    }
}
