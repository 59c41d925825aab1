package minicoin.discovery;

import java.util.Objects;

/**
 * A datagram refused by {@link PacketCodec} (or, before it, by the per-sender {@link RateLimiter};
 * or, after it, by the {@link ReplayCache}), with the reason to count and a detail to log.
 */
public record Drop(Reason reason, String detail) implements DecodeResult {

    public enum Reason {
        /** Over {@link PacketCodec#MAX_PACKET_BYTES}; checked before anything else is read. */
        TOO_LARGE,
        /** The magic is another network's. */
        WRONG_NETWORK,
        /** Truncated, an unknown type, a bad field, or trailing bytes where none belong. */
        MALFORMED,
        /** The expiry is in the past. */
        EXPIRED,
        /** The expiry is more than {@link PacketCodec#MAX_EXPIRY_AHEAD_SECONDS} ahead: such a packet could be replayed for long. */
        EXPIRY_TOO_FAR,
        /** The same signed packet again while it is valid ({@link ReplayCache}); checked after decoding. */
        REPLAYED,
        /** The signature is not strict DER, or does not verify against the sender's key. */
        BAD_SIGNATURE,
        /** Over its sender's share ({@link RateLimiter}); dropped before anything is decoded. */
        RATE_LIMITED
    }

    public Drop {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
