package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import minicoin.chain.TestBlocks;
import minicoin.core.Block;
import minicoin.core.Bytes;
import minicoin.core.Hash;
import minicoin.core.Transaction;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile or broken peers are scored, disconnected and banned, and the node goes on serving honest ones. */
class PeerDefenceTest {

    private static final String REMOTE = "10.0.0.9";

    private final SimNet net = new SimNet();
    private SimNode node;
    private Block genesis;

    @BeforeEach
    void node() {
        node = net.node("victim", 1);
        genesis = node.createGenesis();
        node.mine(2);
    }

    @Test
    void garbageInsteadOfAFrameBansThePeer() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);

        raw.sendBytes("GET / HTTP/1.1\r\n\r\n".getBytes());

        assertTrue(raw.closed);
        assertBanned(REMOTE);
        assertStillServes();
    }

    @Test
    void anOversizedFrameIsRefusedFromItsHeader() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);
        byte[] header = Frame.of(TestBlocks.PARAMS.magic(), MessageType.BLOCK, new byte[0]).encode();
        // Announce one byte over the 2 MiB cap, send nothing more.
        int length = Frame.MAX_FRAME_PAYLOAD_BYTES + 1;
        header[5] = (byte) length;
        header[6] = (byte) (length >>> 8);
        header[7] = (byte) (length >>> 16);
        header[8] = (byte) (length >>> 24);

        raw.sendBytes(header);

        assertTrue(raw.closed);
        assertEquals(100, raw.peer.score());
        assertStillServes();
    }

    @Test
    void aBadChecksumDisconnectsWithFiftyPoints() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);
        byte[] frame = Frame.of(TestBlocks.PARAMS.magic(), new Ping(1)).encode();
        frame[Frame.HEADER_BYTES] ^= 1;

        raw.sendBytes(frame);

        assertTrue(raw.closed);
        assertEquals(50, raw.peer.score());
        assertFalse(isBanned(REMOTE), "fifty points disconnect but do not ban");
    }

    @Test
    void aMessageBeforeTheHandshakeDisconnects() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);

        raw.send(new Ping(1));

        assertTrue(raw.closed);
        assertFalse(isBanned(REMOTE));
    }

    @Test
    void anotherGenesisIsRejectedAndBanned() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);
        net.settle();

        raw.handshake(RawPeer.handshake(TestBlocks.genesis().hash(), BigInteger.ONE));
        net.settle();

        assertTrue(raw.closed);
        assertEquals("WRONG_GENESIS", raw.receivedOf(Reject.class).get(0).code());
        assertBanned(REMOTE);
        assertStillServes();
    }

    @Test
    void anotherNetworksHandshakeIsRejected() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);
        net.settle();
        Handshake ours = RawPeer.handshake(genesis.hash(), BigInteger.ONE);

        raw.send(new Handshake(0x12345678, ours.protocolVersion(), ours.genesisHash(), 0, ours.bestHash(),
                ours.chainWork(), ours.nodeKey(), ours.listenPort(), ours.nonce(), ours.challenge()));
        net.settle();

        assertTrue(raw.closed);
        assertEquals("WRONG_NETWORK", raw.receivedOf(Reject.class).get(0).code());
    }

    @Test
    void anInvalidBlockBansItsSender() {
        RawPeer raw = handshaken();
        Block valid = TestBlocks.child(node.chain().block(node.chain().tipHash()).orElseThrow(), 3);
        // Same header (so the same hash and a valid proof of work), but transactions that do not match its Merkle root.
        Block tampered = new Block(valid.header(), List.of(valid.transactions().get(0),
                TestBlocks.pay(genesis.transactions().get(0), 0, TestBlocks.key("miner of victim"),
                        TestBlocks.address(TestBlocks.key("thief")), 5, 0)));

        // An announced block is looked up by its header first; its block is asked for once the header is stored.
        raw.send(new Inv(List.of(InvItem.block(valid.hash()))));
        net.settle();
        assertEquals(1, raw.receivedOf(GetHeaders.class).size());
        raw.send(new Headers(List.of(valid.header())));
        net.settle();
        assertEquals(List.of(InvItem.block(valid.hash())), raw.receivedOf(GetData.class).get(0).items());
        raw.send(new BlockMessage(tampered));
        net.settle();

        assertTrue(raw.closed);
        assertEquals("BAD_MERKLE_ROOT", raw.receivedOf(Reject.class).get(0).code());
        assertBanned(REMOTE);
        assertEquals(2, node.height());
        assertStillServes();
    }

    @Test
    void anUnsolicitedBlockCostsPointsButAFewAreForgiven() {
        RawPeer raw = handshaken();
        Block block = TestBlocks.child(node.chain().block(node.chain().tipHash()).orElseThrow(), 3);

        raw.send(new BlockMessage(block));
        net.settle();

        assertFalse(raw.closed);
        assertEquals(20, raw.peer.score());
        assertEquals(2, node.height(), "an unsolicited block is not taken");
    }

    @Test
    void anInvalidTransactionCostsTenPointsAndAMissingInputNone() {
        RawPeer raw = handshaken();
        Transaction valid = TestBlocks.pay(genesis.transactions().get(0), 0, TestBlocks.key("miner of victim"),
                TestBlocks.address(TestBlocks.key("friend")), 5, 0);
        // The owner's signature under another key: the key does not hash to the output's address.
        minicoin.core.TxIn signed = valid.inputs().get(0);
        Transaction wrongKey = valid.withInputs(List.of(new minicoin.core.TxIn(signed.prevOut(),
                minicoin.core.Bytes.of(TestBlocks.key("not the owner").publicKey().toBytes()), signed.signature())));
        Transaction orphan = TestBlocks.pay(valid, 0, TestBlocks.key("friend"), TestBlocks.address(TestBlocks.key("x")), 1, 0);

        raw.send(new Inv(List.of(InvItem.tx(wrongKey.txid()), InvItem.tx(orphan.txid()))));
        net.settle();
        raw.send(new Transactions(List.of(wrongKey, orphan)));
        net.settle();

        assertEquals(10, raw.peer.score());
        assertFalse(raw.closed);
        assertFalse(node.ledger.mempool().contains(wrongKey.txid()));
    }

    @Test
    void aTransactionBelowPolicyCostsNoPointsAndIsNotRelayed() {
        RawPeer raw = handshaken();
        RawPeer watcher = RawPeer.connect(node, "10.0.0.10", 5001);
        net.settle();
        PrivateKey watcherKey = TestBlocks.key("watcher");
        watcher.handshake(new Handshake(TestBlocks.PARAMS.magic(), Handshake.PROTOCOL_VERSION, genesis.hash(), 0,
                genesis.hash(), BigInteger.ONE, Bytes.of(watcherKey.publicKey().toBytes()), 5679, 43,
                WireSamples.hash("watcher's challenge")), watcherKey);
        net.settle();
        assertTrue(watcher.peer.isReady());
        Transaction free = TestBlocks.pay(genesis.transactions().get(0), 0, TestBlocks.key("miner of victim"),
                TestBlocks.address(TestBlocks.key("friend")), 5, 0);
        Transaction paying = TestBlocks.pay(genesis.transactions().get(0), 0, TestBlocks.key("miner of victim"),
                TestBlocks.address(TestBlocks.key("friend")), 5, 1);

        raw.send(new Inv(List.of(InvItem.tx(free.txid()))));
        net.settle();
        raw.send(new Transactions(List.of(free)));
        net.settle();

        assertEquals(0, raw.peer.score(), "policy is not consensus");
        assertFalse(raw.closed);
        assertFalse(node.ledger.mempool().contains(free.txid()));
        assertTrue(watcher.receivedOf(Inv.class).stream().noneMatch(inv -> inv.items().contains(InvItem.tx(free.txid()))));

        // The same payment with the relay fee is taken and announced to the other peer.
        raw.send(new Inv(List.of(InvItem.tx(paying.txid()))));
        net.settle();
        raw.send(new Transactions(List.of(paying)));
        net.settle();
        assertTrue(node.ledger.mempool().contains(paying.txid()));
        assertTrue(watcher.receivedOf(Inv.class).stream().anyMatch(inv -> inv.items().contains(InvItem.tx(paying.txid()))));
    }

    @Test
    void headersThatBreakARuleBanTheSender() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);
        net.settle();
        // Claim more work so that the node asks for headers.
        raw.handshake(RawPeer.handshake(genesis.hash(), BigInteger.TEN.pow(30)));
        net.settle();
        assertEquals(1, raw.receivedOf(GetHeaders.class).size());
        Block next = TestBlocks.child(node.chain().block(node.chain().tipHash()).orElseThrow(), 3);
        var badBits = new minicoin.core.BlockHeader(next.header().version(), next.header().prevHash(),
                next.header().merkleRoot(), next.header().time(), 0x1d00ffffL, next.header().nonce());

        raw.send(new Headers(List.of(badBits)));
        net.settle();

        assertTrue(raw.closed);
        assertBanned(REMOTE);
    }

    @Test
    void headersThatAttachToNothingCostTwentyPoints() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);
        net.settle();
        raw.handshake(RawPeer.handshake(genesis.hash(), BigInteger.TEN.pow(30)));
        net.settle();
        List<Block> elsewhere = TestBlocks.branch(TestBlocks.genesis(), 0, 2, "elsewhere");

        raw.send(new Headers(List.of(elsewhere.get(1).header())));
        net.settle();

        assertFalse(raw.closed);
        assertEquals(20, raw.peer.score());
        assertTrue(node.chain().indexEntry(elsewhere.get(1).hash()).isEmpty());
    }

    @Test
    void headersNobodyAskedForCostTwentyPoints() {
        RawPeer raw = handshaken();

        raw.send(new Headers(List.of()));
        net.settle();

        assertEquals(20, raw.peer.score());
    }

    @Test
    void aPeerThatNeverHandshakesIsDroppedAfterTheTimeout() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);
        for (int second = 0; second <= Peer.HANDSHAKE_TIMEOUT_MILLIS / 1000; second++) {
            net.tick(node);
        }

        assertTrue(raw.closed);
        assertFalse(isBanned(REMOTE));
    }

    @Test
    void anIdlePeerIsPingedAndDroppedWithoutAPong() {
        RawPeer raw = handshaken();
        for (int second = 0; second <= Peer.PING_INTERVAL_MILLIS / 1000; second++) {
            net.tick(node);
        }
        List<Ping> pings = raw.receivedOf(Ping.class);
        assertEquals(1, pings.size());
        raw.send(new Pong(pings.get(0).nonce()));
        assertTrue(raw.peer.pingMillis() >= 0);

        for (int second = 0; second <= (Peer.PING_INTERVAL_MILLIS + Peer.PONG_TIMEOUT_MILLIS) / 1000 + 1; second++) {
            net.tick(node);
        }

        assertEquals(2, raw.receivedOf(Ping.class).size());
        assertTrue(raw.closed, "no answer to the second ping");
    }

    @Test
    void aPeerThatReadsNothingIsServedNothingMoreAndDroppedAfterTheStall() {
        RawPeer raw = handshaken();
        raw.writeQueueFull = true;

        raw.send(new GetData(List.of(InvItem.block(node.chain().mainChainHash(1).orElseThrow()),
                InvItem.block(node.chain().mainChainHash(2).orElseThrow()))));
        node.mine(1);
        net.settle();

        assertEquals(List.of(), raw.receivedOf(BlockMessage.class), "nothing is produced for a full queue");
        assertEquals(1, node.group.networkInfo().droppedAnnouncements());

        raw.writeQueueFull = false;
        raw.peer.drained();
        net.settle();
        assertEquals(2, raw.receivedOf(BlockMessage.class).size(), "serving resumes once the queue drains");

        raw.writeQueueFull = true;
        for (int second = 0; second <= Peer.WRITE_STALL_MILLIS / 1000 + 1; second++) {
            net.tick(node);
            raw.send(new Ping(second));
        }
        assertTrue(raw.closed, "a peer that reads nothing for a minute is dropped");
        assertFalse(isBanned(REMOTE));
    }

    @Test
    void aFloodOfAnnouncementsAsksForNoMoreThanTheInFlightCap() {
        RawPeer raw = handshaken();
        List<InvItem> flood = new ArrayList<>();
        for (int i = 0; i < InvItem.MAX_ITEMS; i++) {
            flood.add(InvItem.tx(Hash.doubleSha256(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)})));
        }

        raw.send(new Inv(flood));
        net.settle();

        int asked = raw.receivedOf(GetData.class).stream().mapToInt(getData -> getData.items().size()).sum();
        assertEquals(Peer.MAX_TXS_IN_FLIGHT, asked);
        assertFalse(raw.closed, "announcing is not misbehaviour");
    }

    @Test
    void anImpostorClaimingAConnectedNodesIdFailsItsProofAndIsDropped() {
        SimNode honest = net.node("honest", 2);
        net.connect(node, honest);
        Handshake honestHandshake = node.group.peers().get(0).handshake().orElseThrow();
        // From the same address as the real peer: the case where a bare id used to displace it.
        RawPeer impostor = RawPeer.connect(node, "127.0.0.1", 5000);
        net.settle();
        Handshake claim = RawPeer.handshake(genesis.hash(), BigInteger.ONE);

        impostor.handshake(new Handshake(claim.magic(), claim.protocolVersion(), claim.genesisHash(), 0,
                claim.bestHash(), claim.chainWork(), honestHandshake.nodeKey(), 5678, 99, claim.challenge()), RawPeer.KEY);
        net.settle();

        assertTrue(impostor.closed, "the impostor is dropped");
        assertEquals("BAD_NODE_PROOF", impostor.receivedOf(Reject.class).get(0).code());
        assertEquals(List.of(honestHandshake.nodeId()), node.group.peers().stream().filter(Peer::isReady)
                .map(peer -> peer.provenNodeId().orElseThrow()).toList(), "the honest connection stays");
    }

    @Test
    void aProofMadeForAnotherConnectionDoesNotVerify() {
        RawPeer first = RawPeer.connect(node, REMOTE, 5000);
        net.settle();
        Handshake ours = RawPeer.handshake(genesis.hash(), BigInteger.ONE);
        first.handshake(ours);
        net.settle();
        assertTrue(first.peer.isReady());
        NodeProof replayed = NodeProof.sign(RawPeer.KEY, TestBlocks.PARAMS.magic(), ours.challenge(),
                first.receivedOf(Handshake.class).get(0));
        RawPeer second = RawPeer.connect(node, "10.0.0.10", 5000);
        net.settle();

        // The proof that answered the first connection's challenge, replayed on a second one.
        second.send(ours);
        second.send(replayed);
        net.settle();

        assertTrue(second.closed, "a replayed proof fails: the challenge is fresh per connection");
        assertFalse(first.closed);
    }

    @Test
    void aHandshakeOfAnOlderProtocolIsToldOldVersionNotScored() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);
        net.settle();
        byte[] payload = RawPeer.handshake(genesis.hash(), BigInteger.ONE).encode();
        // Version 1 in the version field; the rest is in no layout version 1 had, and need not be.
        payload[4] = 1;

        raw.sendBytes(Frame.of(TestBlocks.PARAMS.magic(), MessageType.HANDSHAKE, payload).encode());

        assertTrue(raw.closed);
        assertEquals("OLD_VERSION", raw.receivedOf(Reject.class).get(0).code());
        assertEquals(0, raw.peer.score());
    }

    @Test
    void requestsWaitWhileThePeersWriteQueueIsFullAndAreBounded() {
        RawPeer raw = handshaken();
        raw.writeQueueFull = true;

        for (int i = 0; i < 2 * Peer.MAX_REQUESTS_TO_SERVE; i++) {
            raw.send(new GetHeaders(List.of(genesis.hash()), Hash.ZERO));
        }
        net.settle();
        assertEquals(List.of(), raw.receivedOf(Headers.class), "nothing is produced for a full queue");

        raw.writeQueueFull = false;
        raw.peer.drained();
        net.settle();
        assertEquals(Peer.MAX_REQUESTS_TO_SERVE, raw.receivedOf(Headers.class).size(), "the waiting requests, no more");
    }

    @Test
    void pingIsAnsweredWithTheSameNonce() {
        RawPeer raw = handshaken();

        raw.send(new Ping(0x0123456789abcdefL));
        net.settle();

        assertEquals(List.of(new Pong(0x0123456789abcdefL)), raw.receivedOf(Pong.class));
    }

    @Test
    void getBlocksIsAnsweredWithAnInvOfHashes() {
        RawPeer raw = handshaken();

        raw.send(new GetBlocks(List.of(genesis.hash()), Hash.ZERO));
        net.settle();

        List<InvItem> items = raw.receivedOf(Inv.class).get(0).items();
        assertEquals(List.of(InvItem.block(node.chain().mainChainHash(1).orElseThrow()),
                InvItem.block(node.chain().mainChainHash(2).orElseThrow())), items);
    }

    @Test
    void aBannedAddressCannotConnectAgain() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);
        raw.sendBytes(new byte[] {1, 2, 3, 4});
        assertTrue(raw.closed);

        assertTrue(node.group.accepted(new NullLink(), REMOTE, 5001).isEmpty());
        assertTrue(node.group.accepted(new NullLink(), "10.0.0.10", 5001).isPresent());
    }

    @Test
    void onLoopbackABanKeysOnTheProvenNodeIdNotOnTheAnnouncedListenPort() {
        RawPeer raw = RawPeer.connect(node, "127.0.0.1", 5000);
        net.settle();
        raw.handshake(RawPeer.handshake(genesis.hash(), BigInteger.ONE));
        net.settle();
        raw.sendBytes(new byte[] {1, 2, 3, 4});
        assertTrue(raw.closed);
        assertEquals(List.of(BanList.nodeKey(RawPeer.KEY_ID)), List.copyOf(node.group.networkInfo().bans().keySet()),
                "the node id is banned, not 127.0.0.1 where every local node lives");

        // The same node again, announcing another listen port: refused once it proves who it is.
        RawPeer again = RawPeer.connect(node, "127.0.0.1", 5001);
        net.settle();
        Handshake ours = RawPeer.handshake(genesis.hash(), BigInteger.ONE);
        again.handshake(new Handshake(ours.magic(), ours.protocolVersion(), ours.genesisHash(), 0, ours.bestHash(),
                ours.chainWork(), ours.nodeKey(), 6789, 43, ours.challenge()));
        net.settle();
        assertTrue(again.closed, "a banned node id cannot come back under another listen port");

        SimNode other = net.node("another local node", 3);
        net.connect(other, node);
        assertEquals(1, other.group.peers().stream().filter(Peer::isReady).count(), "other local nodes still connect");
    }

    @Test
    void onLoopbackAPeerThatMisbehavesBeforeProvingAnIdIsDroppedNotBanned() {
        RawPeer raw = RawPeer.connect(node, "127.0.0.1", 5000);
        raw.sendBytes(new byte[] {1, 2, 3, 4});

        assertTrue(raw.closed);
        assertTrue(node.group.networkInfo().bans().isEmpty(), "nothing it cannot choose to key a ban on");
    }

    @Test
    void offLoopbackABanCoversTheAddressAndTheProvenNodeId() {
        RawPeer raw = handshaken();
        raw.sendBytes(new byte[] {1, 2, 3, 4});
        assertTrue(raw.closed);
        assertBanned(REMOTE);
        assertBanned(BanList.nodeKey(RawPeer.KEY_ID));

        RawPeer elsewhere = RawPeer.connect(node, "10.0.0.10", 5000);
        net.settle();
        elsewhere.handshake(RawPeer.handshake(genesis.hash(), BigInteger.ONE));
        net.settle();
        assertTrue(elsewhere.closed, "the banned node is refused from another address too");
    }

    @Test
    void inboundConnectionsAreCappedAndANewcomerIsRefusedWhenEveryPeerIsProtected() {
        SimNode small = net.node("small", 2, new PeerGroup.Settings(4, 2, List.of()));
        List<Object> accepted = new ArrayList<>();
        // Each from its own network group: each is protected as its group's only peer, so nobody is evicted.
        for (int i = 0; i < 5; i++) {
            small.group.accepted(new NullLink(), "10." + i + ".0.1", 5000).ifPresent(accepted::add);
        }

        assertEquals(2, accepted.size(), "maxPeers 4 less 2 outbound slots");
        assertEquals(2, small.group.peers().size());
    }

    // ---- Blocks and headers (issue 11): headers first, orphans, low-work headers, answer budgets

    @Test
    void anAnnouncedUnknownBlockIsLookedUpByItsHeaderNotFetched() {
        RawPeer raw = handshaken();

        raw.send(new Inv(List.of(InvItem.block(Hash.doubleSha256(new byte[] {42})))));
        net.settle();

        assertEquals(List.of(), raw.receivedOf(GetData.class), "no GET_DATA for a block whose header we lack");
        assertEquals(1, raw.receivedOf(GetHeaders.class).size(), "a GET_HEADERS with our locator instead");
        assertEquals(node.chain().tipHash(), raw.receivedOf(GetHeaders.class).get(0).locator().get(0));
    }

    @Test
    void heavyOrphanBlocksWithValidProofOfWorkAreNeverKept() {
        long time = node.chain().tipEntry().header().time() + 1;
        int sent = 0;
        for (int i = 0; i < 12; i++) {
            RawPeer raw = RawPeer.connect(node, "10.0.2." + i, 5000);
            net.settle();
            raw.send(RawPeer.handshake(genesis.hash(), BigInteger.ONE));
            net.settle();
            Block orphan = TestBlocks.heavyBlock(TestBlocks.PARAMS, Hash.doubleSha256(new byte[] {(byte) i}), 5, time,
                    TestBlocks.MAX_ZERO_OUTPUTS, "orphan " + i);
            raw.send(new Inv(List.of(InvItem.block(orphan.hash()))));
            net.settle();
            assertEquals(List.of(), raw.receivedOf(GetData.class), "the orphan is not asked for");
            raw.send(new BlockMessage(orphan));
            raw.send(new Headers(List.of(orphan.header())));
            net.settle();
            sent += orphan.size();
        }

        assertTrue(sent > 1_000_000, "the attack sent " + sent + " bytes of orphans");
        assertEquals(0, node.chain().orphanCount(), "no orphan block was kept");
        assertEquals(2, node.height());
        assertStillServes();
    }

    @Test
    void lowWorkHeaderBranchesFromGenesisAreNeverStored() {
        node.mine(Headers.MAX_HEADERS + 100 - 2);
        long tipHeight = node.height();
        List<Hash> branchTips = new ArrayList<>();
        RawPeer raw = null;
        int headersSent = 0;
        for (int round = 0; round < 10; round++) {
            if (raw == null || raw.closed) {
                raw = RawPeer.connect(node, "10.0.3." + round, 5000);
                net.settle();
                // Claims far more work than ours, so the node asks for headers at once.
                raw.send(RawPeer.handshake(genesis.hash(), BigInteger.TEN.pow(30)));
                net.settle();
            }
            int asked = raw.receivedOf(GetHeaders.class).size();
            if (asked == 0 || raw.answered >= asked) {
                // A new GET_HEADERS is one announcement away.
                raw.send(new Inv(List.of(InvItem.block(Hash.doubleSha256(new byte[] {(byte) round, 1})))));
                net.settle();
            }
            // Each answer a full batch of a new branch from genesis, with less work than the node's chain.
            List<minicoin.core.BlockHeader> branch = HeadersPresyncTest.headers(genesis.header(), Headers.MAX_HEADERS,
                    "spam " + round);
            raw.send(new Headers(branch));
            raw.answered = raw.receivedOf(GetHeaders.class).size();
            net.settle();
            headersSent += branch.size();
            branchTips.add(branch.get(branch.size() - 1).hash());
            assertTrue(node.group.networkInfo().presyncMemoryBytes() <= presyncBound(),
                    "pre-sync memory " + node.group.networkInfo().presyncMemoryBytes());
        }

        assertEquals(20_000, headersSent);
        for (Hash tip : branchTips) {
            assertTrue(node.chain().indexEntry(tip).isEmpty(), "a low-work branch was stored: " + tip);
        }
        assertEquals(tipHeight + 1, node.chain().indexSize(), "the index holds our chain and nothing else");
        assertStillServes();
    }

    @Test
    void aGetDataFloodIsSlowedThenDropped() {
        Block tip = node.chain().block(node.chain().tipHash()).orElseThrow();
        Block heavy = TestBlocks.heavyBlock(TestBlocks.PARAMS, tip.hash(), 3, tip.header().time() + 1,
                TestBlocks.MAX_ZERO_OUTPUTS, "heavy");
        assertEquals("CONNECTED", node.service.submitBlock(heavy).json().getString("outcome"));
        RawPeer raw = handshaken();

        GetData one = new GetData(List.of(InvItem.block(heavy.hash())));
        // Enough to use up the free allowance, then more than a slowed peer may have waiting.
        int requests = (int) (AnswerBudget.FREE_ANSWER_BYTES / heavy.size()) + AnswerBudget.MAX_WAITING_WHILE_SLOWED + 20;
        sendSettlingBetween(raw, one, requests);

        long answered = raw.receivedOf(BlockMessage.class).size();
        long allowance = AnswerBudget.FREE_ANSWER_BYTES + AnswerBudget.MAX_AMPLIFICATION * (long) requests * Frame.of(
                TestBlocks.PARAMS.magic(), one).encode().length;
        assertTrue(answered * heavy.size() <= allowance + heavy.size() + 100,
                "answers stop at the budget: " + answered + " blocks of " + heavy.size() + " bytes");
        assertTrue(raw.closed, "a peer that keeps asking while slowed is dropped");
        assertEquals(1, node.group.networkInfo().droppedOverBudget());
        assertFalse(isBanned(REMOTE), "dropped, not banned");
    }

    @Test
    void aSlowedPeerIsServedAgainInTheNextWindow() {
        Block tip = node.chain().block(node.chain().tipHash()).orElseThrow();
        Block heavy = TestBlocks.heavyBlock(TestBlocks.PARAMS, tip.hash(), 3, tip.header().time() + 1,
                TestBlocks.MAX_ZERO_OUTPUTS, "heavy");
        node.service.submitBlock(heavy);
        RawPeer raw = handshaken();
        int withinBudget = (int) (AnswerBudget.FREE_ANSWER_BYTES / heavy.size()) + 1;
        sendSettlingBetween(raw, new GetData(List.of(InvItem.block(heavy.hash()))), withinBudget + 10);
        int answered = raw.receivedOf(BlockMessage.class).size();
        assertTrue(answered < withinBudget + 10, "slowed: " + answered);
        assertTrue(raw.peer.answerFigures().slowed());

        for (long waited = 0; waited <= AnswerBudget.WINDOW_MILLIS; waited += 1_000) {
            net.tick(node);
        }

        assertEquals(withinBudget + 10, raw.receivedOf(BlockMessage.class).size(), "the waiting requests are answered");
        assertFalse(raw.closed, "an honest burst is slowed, not dropped");
    }

    /**
     * Sends {@code count} copies of {@code request} in rounds the peer can queue
     * ({@link Peer#MAX_REQUESTS_TO_SERVE}), letting the network settle after each: the free
     * allowance is larger than one queue of answers.
     */
    private void sendSettlingBetween(RawPeer raw, GetData request, int count) {
        int round = Peer.MAX_REQUESTS_TO_SERVE / 2;
        for (int sent = 0; sent < count; sent += round) {
            for (int i = sent; i < Math.min(count, sent + round); i++) {
                raw.send(request);
            }
            net.settle();
        }
    }

    /** Pre-sync memory of one peer at most: its commitment bits since genesis by the clock, and a full redownload buffer. */
    private static long presyncBound() {
        long seconds = TestBlocks.NOW - TestBlocks.GENESIS_TIME + TestBlocks.PARAMS.maxFutureBlockTimeSeconds() + 60;
        return seconds * HeadersPresync.MAX_HEADERS_PER_SECOND / HeadersPresync.COMMITMENT_PERIOD / 8 + 64
                + (long) HeadersPresync.REDOWNLOAD_BUFFER_SIZE * HeadersPresync.HEADER_HEAP_BYTES;
    }

    private RawPeer handshaken() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);
        net.settle();
        raw.handshake(RawPeer.handshake(genesis.hash(), BigInteger.ONE));
        net.settle();
        assertTrue(raw.peer.isReady());
        return raw;
    }

    private boolean isBanned(String key) {
        return node.group.networkInfo().bans().containsKey(key);
    }

    private void assertBanned(String key) {
        assertTrue(isBanned(key), key + " is banned: " + node.group.networkInfo().bans());
    }

    /** An honest node can still connect and sync after the attack. */
    private void assertStillServes() {
        SimNode honest = net.node("honest", 77);
        net.connect(honest, node);
        assertEquals(node.chain().tipHash(), honest.chain().tipHash());
    }

    private static final class NullLink implements Peer.Link {
        @Override
        public void send(byte[] frame) {
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public void close() {
        }
    }
}
