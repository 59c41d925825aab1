package minicoin.discovery;

import java.util.Objects;
import minicoin.core.Bytes;
import minicoin.crypto.PublicKey;

/**
 * A packet with what its envelope proved: who signed it, until when it is valid, and the hash its
 * signature covers (the hash a PONG echoes). {@code senderId} is SHA-256 of {@code sender}; the
 * codec derives it, and a simulation that builds envelopes directly must do the same.
 */
public record Envelope(PublicKey sender, NodeId senderId, long expiry, Packet packet, Bytes hash)
        implements DecodeResult {

    public Envelope {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(hash, "hash");
    }
}
