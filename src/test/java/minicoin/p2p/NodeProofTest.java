package minicoin.p2p;

import static minicoin.p2p.WireSamples.MAGIC;
import static minicoin.p2p.WireSamples.hash;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import minicoin.chain.TestBlocks;
import minicoin.core.Bytes;
import minicoin.core.Hash;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

/** The node-id proof binds the network, both ids and both challenges: it verifies on its own connection only. */
class NodeProofTest {

    private static final PrivateKey ALICE = TestBlocks.key("alice");
    private static final PrivateKey BOB = TestBlocks.key("bob");
    private static final PrivateKey MALLORY = TestBlocks.key("mallory");

    private static Handshake handshakeOf(PrivateKey key, Hash challenge) {
        return new Handshake(MAGIC, Handshake.PROTOCOL_VERSION, Hash.ZERO, 0, Hash.ZERO, BigInteger.ZERO,
                Bytes.of(key.publicKey().toBytes()), 5678, 1, challenge);
    }

    private static Hash id(PrivateKey key) {
        return Hash.of(Hashes.sha256(key.publicKey().toBytes()));
    }

    @Test
    void aProofByTheHandshakesKeyOverBothChallengesVerifies() {
        Hash aliceChallenge = hash("alice's challenge");
        Hash bobChallenge = hash("bob's challenge");
        Handshake alice = handshakeOf(ALICE, aliceChallenge);
        Handshake bob = handshakeOf(BOB, bobChallenge);

        NodeProof bobsProof = NodeProof.sign(BOB, MAGIC, bobChallenge, alice);

        assertTrue(bobsProof.verifies(MAGIC, id(ALICE), aliceChallenge, bob), "Alice checks Bob");
        assertTrue(NodeProof.sign(ALICE, MAGIC, aliceChallenge, bob).verifies(MAGIC, id(BOB), bobChallenge, alice),
                "Bob checks Alice");
    }

    @Test
    void aClaimedKeyWithoutItsSecretDoesNotVerify() {
        Hash aliceChallenge = hash("alice's challenge");
        Hash malloryChallenge = hash("mallory's challenge");
        Handshake alice = handshakeOf(ALICE, aliceChallenge);
        // Mallory claims Bob's key (it is public) but can only sign with her own.
        Handshake claim = handshakeOf(BOB, malloryChallenge);

        NodeProof forged = NodeProof.sign(MALLORY, MAGIC, malloryChallenge, alice);

        assertFalse(forged.verifies(MAGIC, id(ALICE), aliceChallenge, claim));
    }

    @Test
    void aProofIsNotReplayedOnAnotherConnection() {
        Handshake bob = handshakeOf(BOB, hash("bob's challenge"));
        NodeProof old = NodeProof.sign(BOB, MAGIC, hash("bob's challenge"), handshakeOf(ALICE, hash("yesterday")));

        assertFalse(old.verifies(MAGIC, id(ALICE), hash("today"), bob), "Alice's challenge is fresh");
    }

    @Test
    void aProofIsNotRelayedToAThirdNode() {
        // Mallory, talking to Carol as Bob, opens a connection to Bob and hands him Carol's challenge:
        // Bob signs it for his verifier, Mallory, and Carol sees her own id missing.
        PrivateKey carol = TestBlocks.key("carol");
        Hash carolChallenge = hash("carol's challenge");
        Handshake malloryToBob = new Handshake(MAGIC, Handshake.PROTOCOL_VERSION, Hash.ZERO, 0, Hash.ZERO,
                BigInteger.ZERO, Bytes.of(MALLORY.publicKey().toBytes()), 5678, 1, carolChallenge);
        Hash bobChallenge = hash("bob's challenge");
        NodeProof bobForMallory = NodeProof.sign(BOB, MAGIC, bobChallenge, malloryToBob);

        assertFalse(bobForMallory.verifies(MAGIC, id(carol), carolChallenge, handshakeOf(BOB, bobChallenge)));
    }

    @Test
    void aProofIsNotReflectedToItsSignerNorValidOnAnotherNetwork() {
        Hash aliceChallenge = hash("alice's challenge");
        Hash bobChallenge = hash("bob's challenge");
        Handshake alice = handshakeOf(ALICE, aliceChallenge);
        Handshake bob = handshakeOf(BOB, bobChallenge);
        NodeProof alicesProof = NodeProof.sign(ALICE, MAGIC, aliceChallenge, bob);

        assertTrue(alicesProof.verifies(MAGIC, id(BOB), bobChallenge, alice), "valid where it was made");
        // Bob sends it back to Alice, claiming her key, on a connection where her challenge was Bob's:
        // the verifier's place names Bob, so it proves nothing to Alice.
        assertFalse(alicesProof.verifies(MAGIC, id(ALICE), bobChallenge, handshakeOf(ALICE, aliceChallenge)));
        assertFalse(alicesProof.verifies(MAGIC + 1, id(BOB), bobChallenge, alice), "another network's magic");
    }
}
