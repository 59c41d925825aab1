package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import minicoin.chain.TestBlocks;
import minicoin.core.Block;
import minicoin.core.Hash;
import minicoin.core.Transaction;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

/** Handshake, headers-first sync, relay and fork resolution between simulated nodes with real chains. */
class PeerSyncTest {

    private final SimNet net = new SimNet();

    @Test
    void anEmptyNodeAdoptsItsPeersGenesisAndSyncs() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        a.createGenesis();
        a.mine(5);

        net.connect(b, a);

        assertEquals(5, b.height());
        assertEquals(a.chain().tipHash(), b.chain().tipHash());
        assertEquals(a.chain().genesisHash(), b.chain().genesisHash());
        assertTrue(b.group.peers().get(0).isReady());
    }

    @Test
    void aPeerWithoutAGenesisIsLoggedAsHavingNoChainNotAsHeightZero() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(Peer.class.getName());
        List<String> lines = new ArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Level level = logger.getLevel();
        boolean parents = logger.getUseParentHandlers();
        logger.setLevel(java.util.logging.Level.INFO);
        // Captured here only: the test log stays quiet.
        logger.setUseParentHandlers(false);
        logger.addHandler(capture);
        try {
            SimNode a = net.node("a", 1);
            SimNode b = net.node("b", 2);
            a.createGenesis();

            net.connect(b, a);
        } finally {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(parents);
            logger.setLevel(level);
        }

        List<String> connected = lines.stream().filter(line -> line.contains(" connected (")).toList();
        assertEquals(2, connected.size(), lines::toString);
        assertTrue(connected.stream().anyMatch(line -> line.contains("(inbound), no chain yet")), connected::toString);
        assertTrue(connected.stream().anyMatch(line -> line.contains("(outbound), height 0")), connected::toString);
    }

    @Test
    void aNodeWithoutAChainLearnsTheGenesisWhenItIsCreated() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        net.connect(b, a);

        a.createGenesis();
        net.settle();

        assertEquals(0, b.height());
        assertEquals(a.chain().genesisHash(), b.chain().genesisHash());
    }

    @Test
    void aMinedBlockReachesEveryNodeOfALine() {
        List<SimNode> nodes = line(5);
        nodes.get(0).createGenesis();
        net.settle();

        nodes.get(4).mine(1);
        net.settle();

        Hash tip = nodes.get(4).chain().tipHash();
        for (SimNode node : nodes) {
            assertEquals(tip, node.chain().tipHash(), node + " has the block");
        }
    }

    @Test
    void aTransactionReachesEveryMempoolAndNothingIsAnnouncedBack() {
        List<SimNode> nodes = line(5);
        Block genesis = nodes.get(0).createGenesis();
        net.settle();
        PrivateKey owner = TestBlocks.key("miner of n0");

        Transaction payment = TestBlocks.pay(genesis.transactions().get(0), 0, owner,
                TestBlocks.address(TestBlocks.key("friend")), 100, 1);
        nodes.get(2).submit(payment);
        net.settle();

        for (SimNode node : nodes) {
            assertTrue(node.ledger.mempool().contains(payment.txid()), node + " has the transaction");
        }
        for (SimNode node : nodes) {
            for (Peer peer : node.group.peers()) {
                assertTrue(peer.txsReceived() <= 1, "no transaction was sent twice over one connection");
            }
        }
    }

    @Test
    void aLateJoinerSyncsAcrossSeveralHeaderBatches() {
        SimNode a = net.node("a", 1);
        a.createGenesis();
        a.mine(Headers.MAX_HEADERS + 500);
        SimNode late = net.node("late", 2);

        net.connect(late, a);

        assertEquals(a.chain().tipHash(), late.chain().tipHash());
        assertEquals(Headers.MAX_HEADERS + 500, late.height());
    }

    @Test
    void aJoinerFetchesFromSeveralPeersWithoutFetchingABlockTwice() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        net.connect(b, a);
        a.createGenesis();
        a.mine(300);
        net.settle();
        SimNode late = net.node("late", 3);

        late.group.addPeer("127.0.0.1", 1);
        late.group.addPeer("127.0.0.1", 2);
        net.settle();

        assertEquals(a.chain().tipHash(), late.chain().tipHash());
        long fetched = late.group.peers().stream().mapToLong(Peer::blocksReceived).sum();
        assertEquals(301, fetched, "each block came once, from one of the two peers");
    }

    @Test
    void aPartitionHealsToTheMostWorkChainAndLosesNoTransaction() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        net.connect(b, a);
        Block genesis = a.createGenesis();
        a.mine(2);
        net.settle();
        net.partition(List.of(a));
        assertTrue(a.group.peers().isEmpty() && b.group.peers().isEmpty());

        // Each side confirms a different payment; b's side mines more.
        PrivateKey owner = TestBlocks.key("miner of a");
        Transaction onA = TestBlocks.pay(genesis.transactions().get(0), 0, owner, TestBlocks.address(TestBlocks.key("x")), 10, 1);
        a.submit(onA);
        a.mine(2);
        Block bFirst = b.mine(1).get(0);
        Transaction onB = TestBlocks.pay(bFirst.transactions().get(0), 0, TestBlocks.key("miner of b"),
                TestBlocks.address(TestBlocks.key("y")), 10, 1);
        b.submit(onB);
        b.mine(3);
        net.settle();
        assertEquals(4, a.height());
        assertEquals(6, b.height());

        net.connect(a, b);

        assertEquals(b.chain().tipHash(), a.chain().tipHash(), "a reorganised to b's heavier chain");
        assertTrue(a.chain().isOnMainChain(bFirst.hash()));
        // The payment confirmed only on the losing side is back in the mempools, not lost.
        assertTrue(a.ledger.mempool().contains(onA.txid()), "a's own payment is back in its mempool");
        net.settle();
        assertTrue(b.ledger.mempool().contains(onA.txid()), "and was relayed to b");
    }

    @Test
    void aForkFromAnAnnouncedBlockIsResolvedByHeaderSync() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        net.connect(b, a);
        a.createGenesis();
        net.settle();
        net.partition(List.of(a));
        a.mine(3);
        b.mine(1);

        net.connect(b, a);
        a.mine(1);
        net.settle();

        assertEquals(a.chain().tipHash(), b.chain().tipHash());
        assertEquals(4, b.height());
    }

    @Test
    void aHeavierBranchForkingFarBelowOurTipIsPresyncedThenStoredAndSynced() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        net.connect(b, a);
        a.createGenesis();
        net.settle();
        net.partition(List.of(a));
        // a's chain is longer than one HEADERS answer, so b's first 2,000 headers from genesis have less work.
        a.mine(Headers.MAX_HEADERS + 100);
        b.mine(Headers.MAX_HEADERS + 300);

        net.connect(a, b);

        assertEquals(b.chain().tipHash(), a.chain().tipHash(), "a reorganised to b's heavier branch");
        assertEquals(Headers.MAX_HEADERS + 300, a.height());
        assertEquals(0, a.group.networkInfo().presyncs(), "the pre-sync is over");
    }

    @Test
    void twoNodesDiallingEachOtherKeepOneConnection() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        a.group.addPeer("127.0.0.1", 2);
        b.group.addPeer("127.0.0.1", 1);
        net.settle();
        for (int i = 0; i < 5; i++) {
            net.tick(a, b);
        }

        assertEquals(1, a.group.peers().stream().filter(Peer::isReady).count());
        assertEquals(1, b.group.peers().stream().filter(Peer::isReady).count());
        a.createGenesis();
        net.settle();
        assertEquals(a.chain().tipHash(), b.chain().tipHash(), "the connection kept works");
    }

    @Test
    void aNodeThatDialsItselfClosesTheConnectionAndDoesNotDialAgain() {
        SimNode a = net.node("a", 1);
        a.group.addPeer("127.0.0.1", 1);
        net.settle();
        for (int i = 0; i < 5; i++) {
            net.tick(a);
        }

        assertTrue(a.group.peers().isEmpty());
        assertEquals(0, a.group.networkInfo().ready());
    }

    @Test
    void peersAreDialledFromDiscoveryUpToTheOutboundTarget() {
        SimNode hub = net.node("hub", 100, new PeerGroup.Settings(32, 3, List.of()));
        List<SimNode> others = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            others.add(net.node("n" + i, 1 + i));
        }
        for (SimNode other : others) {
            hub.group.nodeFound(Hash.of(minicoin.crypto.Hashes.sha256(other.name.getBytes())), "127.0.0.1", other.port);
        }
        net.settle();

        assertEquals(3, hub.group.networkInfo().outbound());
        assertEquals(3, hub.group.networkInfo().ready());
    }

    @Test
    void aDeadAddressIsRetriedWithBackOffAndForgottenWhenDiscoveryMovesOn() {
        SimNode a = net.node("a", 1);
        Hash deadId = Hash.of(minicoin.crypto.Hashes.sha256("dead".getBytes()));
        a.group.nodeFound(deadId, "127.0.0.1", 999);
        net.settle();
        assertEquals(0, a.group.networkInfo().outbound(), "the dial failed");

        a.group.tick();
        net.settle();
        net.tick(a);
        net.tick(a);
        assertEquals(1, a.group.networkInfo().knownAddresses());
        assertTrue(a.group.backedOff("127.0.0.1", 999), "the dead address waits out its back-off");

        for (int i = 0; i < PeerGroup.MAX_KNOWN_ADDRESSES; i++) {
            a.group.nodeFound(Hash.of(minicoin.crypto.Hashes.sha256(("n" + i).getBytes())), "10.9." + (i / 250) + "." + (i % 250), 5678);
        }
        assertEquals(PeerGroup.MAX_KNOWN_ADDRESSES, a.group.networkInfo().knownAddresses(), "the oldest address made room");
        assertFalse(a.group.backedOff("127.0.0.1", 999), "its back-off went with it");
    }

    @Test
    void aDroppedStaticPeerIsDialledAgain() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        net.connect(a, b);
        a.group.peers().get(0).close("test");
        net.settle();
        assertTrue(a.group.peers().isEmpty());

        net.tick(a, b);

        assertEquals(1, a.group.peers().stream().filter(Peer::isReady).count());
        assertFalse(a.group.peers().get(0).isClosed());
        for (int drop = 0; drop < 5; drop++) {
            a.group.peers().get(0).close("test");
            net.tick(a, b);
            assertEquals(1, a.group.peers().stream().filter(Peer::isReady).count(),
                    "a peer that worked is dialled again at once, drop after drop");
        }
    }

    /** {@code count} nodes, each dialling the one before it. */
    private List<SimNode> line(int count) {
        List<SimNode> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SimNode node = net.node("n" + i, 1 + i);
            if (i > 0) {
                net.connect(node, nodes.get(i - 1));
            }
            nodes.add(node);
        }
        return nodes;
    }
}
