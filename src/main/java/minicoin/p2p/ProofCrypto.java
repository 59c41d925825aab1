package minicoin.p2p;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import minicoin.core.Hash;
import minicoin.crypto.PrivateKey;

/**
 * Where the handshake's ECDSA runs: signing our {@link NodeProof} and verifying the peer's. Each
 * costs about 0.4 ms, and a stranger can make us verify one per connection, so in a node they run
 * on a worker and never on the event loop that drives every peer (docs/protocol.md, NODE_PROOF).
 *
 * <p>Contract: the returned stage completes on the thread (the Vert.x context) that called, so
 * {@link Peer}, which is single-threaded, can act on the result directly. The peer verticle gives
 * a worker pool; simulations give their loop.
 */
public interface ProofCrypto {

    /** Our proof for the peer whose handshake is {@code theirs} ({@link NodeProof#sign}). */
    CompletionStage<NodeProof> sign(PrivateKey key, int magic, Hash ourChallenge, Handshake theirs);

    /** Whether {@code proof} proves the node id of {@code theirs} to us ({@link NodeProof#verifies}). */
    CompletionStage<Boolean> verify(NodeProof proof, int magic, Hash ourId, Hash ourChallenge, Handshake theirs);

    /** Runs a task elsewhere and completes its stage back on the caller's thread. */
    interface Worker {
        <T> CompletionStage<T> run(Supplier<T> task);
    }

    /** Signing and verifying as tasks of {@code worker}. */
    static ProofCrypto on(Worker worker) {
        return new ProofCrypto() {
            @Override
            public CompletionStage<NodeProof> sign(PrivateKey key, int magic, Hash ourChallenge, Handshake theirs) {
                return worker.run(() -> NodeProof.sign(key, magic, ourChallenge, theirs));
            }

            @Override
            public CompletionStage<Boolean> verify(NodeProof proof, int magic, Hash ourId, Hash ourChallenge,
                    Handshake theirs) {
                return worker.run(() -> proof.verifies(magic, ourId, ourChallenge, theirs));
            }
        };
    }
}
