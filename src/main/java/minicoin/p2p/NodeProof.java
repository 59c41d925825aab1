package minicoin.p2p;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.Bytes;
import minicoin.core.CodecException;
import minicoin.core.Hash;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import minicoin.crypto.Signatures;

/**
 * The answer to the other side's handshake challenge: a signature by the sender's node key (the
 * key its HANDSHAKE carried, whose SHA-256 is its node id) over {@link #signedHash}. The hash binds
 * the network, both node ids and both challenges, so a proof made for one connection verifies on no
 * other: not replayed later (the verifier's challenge is fresh), not relayed by a man in the middle
 * to a third node (the verifier's id is in it), not reflected back to its signer (signer and
 * verifier have fixed places).
 *
 * @param signature strict-DER, low-S ECDSA signature (secp256k1)
 */
public record NodeProof(Bytes signature) implements Message {

    /** Separates these signatures from any other the node key makes (discovery packets). */
    private static final byte[] DOMAIN = "minicoin node proof v2".getBytes(StandardCharsets.US_ASCII);
    public static final int MAX_PAYLOAD_BYTES = Payloads.COUNT_BYTES_BELOW_0XFD + Signatures.MAX_DER_BYTES;

    public NodeProof {
        Objects.requireNonNull(signature, "signature");
        if (signature.length() > Signatures.MAX_DER_BYTES) {
            throw new IllegalArgumentException("a DER signature is at most " + Signatures.MAX_DER_BYTES + " bytes");
        }
    }

    /** Our proof for the peer whose handshake is {@code theirs}: we sign its challenge and our own. */
    public static NodeProof sign(PrivateKey key, int magic, Hash ourChallenge, Handshake theirs) {
        Hash signerId = Hash.of(Hashes.sha256(key.publicKey().toBytes()));
        return new NodeProof(Bytes.of(key.sign(signedHash(magic, signerId, theirs.nodeId(), theirs.challenge(),
                ourChallenge))));
    }

    /**
     * Whether this proof shows that the sender of {@code theirs} holds its node key, answering
     * {@code ourChallenge} on a connection to us ({@code ourId}).
     */
    public boolean verifies(int magic, Hash ourId, Hash ourChallenge, Handshake theirs) {
        byte[] hash = signedHash(magic, theirs.nodeId(), ourId, ourChallenge, theirs.challenge());
        return Signatures.verify(theirs.nodeKey().toArray(), hash, signature.toArray());
    }

    /** SHA-256 of the domain, magic (u32), signer id, verifier id, verifier's challenge, signer's challenge. */
    static byte[] signedHash(int magic, Hash signerId, Hash verifierId, Hash verifierChallenge, Hash signerChallenge) {
        ByteWriter writer = new ByteWriter();
        writer.writeBytes(DOMAIN)
                .writeInt32(magic)
                .writeHash(signerId)
                .writeHash(verifierId)
                .writeHash(verifierChallenge)
                .writeHash(signerChallenge);
        return Hashes.sha256(writer.toByteArray());
    }

    @Override
    public MessageType type() {
        return MessageType.NODE_PROOF;
    }

    @Override
    public void write(ByteWriter writer) {
        writer.writeCompactSize(signature.length()).writeBytes(signature);
    }

    public static NodeProof decode(byte[] payload) throws CodecException {
        ByteReader reader = Payloads.reader(payload, MessageType.NODE_PROOF);
        int length = (int) reader.readCompactSize(Signatures.MAX_DER_BYTES, "node proof signature length");
        byte[] signature = reader.readBytes(length, "node proof signature");
        reader.requireEnd("node proof");
        return new NodeProof(Bytes.of(signature));
    }
}
