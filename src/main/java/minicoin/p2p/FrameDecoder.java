package minicoin.p2p;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a peer's byte stream, fed in chunks of any size, into whole frames.
 *
 * <p>Each header field is checked as soon as its bytes arrive: magic, then the type, then the
 * announced length against the frame cap and the type's cap, all before one payload byte is
 * buffered. The payload buffer then grows with the bytes actually received, so a peer that
 * announces a large frame and stalls costs us only what it sent.
 *
 * <p>The first error poisons the decoder: the stream can no longer be trusted, every later
 * {@code feed} rethrows it, and the peer layer disconnects. Frames completed earlier in the same
 * chunk as the error are dropped with it. Not thread-safe: one decoder per connection, fed by one
 * thread.
 */
public final class FrameDecoder {

    /**
     * First payload allocation, 64 KiB: most messages fit at once, and a peer must really send
     * bytes before we hold more.
     */
    static final int INITIAL_PAYLOAD_BUFFER_BYTES = 64 * 1024;

    private static final int MAGIC_END = 4;
    private static final int TYPE_END = 5;
    private static final int LENGTH_END = 9;

    private final int magic;
    private final byte[] header = new byte[Frame.HEADER_BYTES];
    private int headerFilled;
    private MessageType type;
    private int length;
    private int checksum;
    private byte[] payload;
    private int payloadFilled;
    private WireException failure;

    /** A decoder for frames of the network with this magic (its {@code ConsensusParams.magic()}). */
    public FrameDecoder(int magic) {
        this.magic = magic;
    }

    public List<Frame> feed(byte[] chunk) throws WireException {
        return feed(chunk, 0, chunk.length);
    }

    /** Consumes {@code chunk[offset, offset + count)} and returns the frames it completed, in order. */
    public List<Frame> feed(byte[] chunk, int offset, int count) throws WireException {
        Objects.checkFromIndexSize(offset, count, chunk.length);
        if (failure != null) {
            throw failure;
        }
        List<Frame> frames = new ArrayList<>(1);
        int position = offset;
        int end = offset + count;
        try {
            while (position < end) {
                if (headerFilled < Frame.HEADER_BYTES) {
                    header[headerFilled++] = chunk[position++];
                    onHeaderByte(frames);
                } else {
                    int take = Math.min(end - position, length - payloadFilled);
                    ensurePayloadCapacity(payloadFilled + take);
                    System.arraycopy(chunk, position, payload, payloadFilled, take);
                    position += take;
                    payloadFilled += take;
                    if (payloadFilled == length) {
                        frames.add(completeFrame());
                    }
                }
            }
        } catch (WireException e) {
            failure = e;
            payload = null;
            throw e;
        }
        return frames;
    }

    /** Header and payload bytes held for the frame in progress. */
    public int bufferedBytes() {
        return headerFilled + payloadFilled;
    }

    /** The payload length the frame in progress announced, 0 until its length field is read (or between frames). */
    public int announcedPayloadBytes() {
        return failure == null && headerFilled >= LENGTH_END ? length : 0;
    }

    /** Bytes allocated for the payload in progress: never more than received, rounded up to a step. */
    public int allocatedPayloadBytes() {
        return payload == null ? 0 : payload.length;
    }

    /** The error that ended this stream, if one did. */
    public Optional<WireException> failure() {
        return Optional.ofNullable(failure);
    }

    private void onHeaderByte(List<Frame> frames) throws WireException {
        switch (headerFilled) {
            case MAGIC_END -> {
                int received = readInt(0);
                if (received != magic) {
                    throw new WireException(WireError.WRONG_MAGIC, String.format(
                            "magic %08x, expected %08x", received, magic));
                }
            }
            case TYPE_END -> {
                int code = header[4] & 0xff;
                type = MessageType.fromCode(code).orElseThrow(
                        () -> new WireException(WireError.UNKNOWN_TYPE, "type byte " + code));
            }
            case LENGTH_END -> {
                long announced = readInt(5) & 0xffffffffL;
                if (announced > type.maxPayloadBytes()) {
                    throw new WireException(WireError.OVERSIZED, type + " frame announces " + announced
                            + " bytes, over its cap of " + type.maxPayloadBytes());
                }
                length = (int) announced;
            }
            case Frame.HEADER_BYTES -> {
                checksum = readInt(9);
                payloadFilled = 0;
                if (length == 0) {
                    frames.add(completeFrame());
                }
            }
            default -> {
                // Inside a field whose bytes have not all arrived.
            }
        }
    }

    private void ensurePayloadCapacity(int needed) {
        if (payload == null) {
            payload = new byte[Math.min(length, Math.max(needed, INITIAL_PAYLOAD_BUFFER_BYTES))];
        } else if (needed > payload.length) {
            long doubled = 2L * payload.length;
            payload = Arrays.copyOf(payload, (int) Math.min(length, Math.max(needed, doubled)));
        }
    }

    private Frame completeFrame() throws WireException {
        byte[] body = payload == null ? new byte[0] : payload;
        if (body.length != length) {
            body = Arrays.copyOf(body, length);
        }
        int actual = Frame.checksum(body, length);
        if (actual != checksum) {
            throw new WireException(WireError.BAD_CHECKSUM, String.format(
                    "%s payload hashes to %08x, header says %08x", type, actual, checksum));
        }
        Frame frame = Frame.owning(magic, type, body);
        headerFilled = 0;
        payloadFilled = 0;
        payload = null;
        type = null;
        return frame;
    }

    private int readInt(int offset) {
        return (header[offset] & 0xff) | (header[offset + 1] & 0xff) << 8
                | (header[offset + 2] & 0xff) << 16 | (header[offset + 3] & 0xff) << 24;
    }
}
