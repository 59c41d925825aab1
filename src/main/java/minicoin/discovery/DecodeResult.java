package minicoin.discovery;

/** What {@link PacketCodec#decode} makes of a datagram: a verified {@link Envelope} or a {@link Drop}. */
public sealed interface DecodeResult permits Envelope, Drop {
}
