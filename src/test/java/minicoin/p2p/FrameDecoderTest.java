package minicoin.p2p;

import static minicoin.p2p.WireSamples.MAGIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import minicoin.core.ByteWriter;
import minicoin.core.ConsensusParams;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static List<Frame> sampleFrames() {
        return WireSamples.all().stream().map(m -> Frame.of(MAGIC, m)).toList();
    }

    private static byte[] stream(List<Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame frame : frames) {
            out.writeBytes(frame.encode());
        }
        return out.toByteArray();
    }

    private static byte[] header(int magic, int type, long length, int checksum) {
        return new ByteWriter().writeInt32(magic).writeByte(type).writeUInt32(length).writeInt32(checksum).toByteArray();
    }

    @Test
    void frameLayoutIsMagicTypeLengthChecksumPayload() {
        Frame frame = Frame.of(MAGIC, new Ping(7));
        byte[] bytes = frame.encode();
        assertEquals(Frame.HEADER_BYTES + 8, bytes.length);
        assertEquals(0x47, bytes[0] & 0xff, "magic little-endian");
        assertEquals(MessageType.PING.code(), bytes[4]);
        assertEquals(8, bytes[5]);
        byte[] digest = minicoin.crypto.Hashes.doubleSha256(frame.payload());
        assertArrayEquals(Arrays.copyOf(digest, 4), Arrays.copyOfRange(bytes, 9, 13));
    }

    @Test
    void decodesAStreamFedInOneChunk() throws WireException {
        List<Frame> frames = sampleFrames();
        assertEquals(frames, new FrameDecoder(MAGIC).feed(stream(frames)));
    }

    @Test
    void decodesAStreamFedByteByByte() throws WireException {
        List<Frame> frames = sampleFrames();
        byte[] bytes = stream(frames);
        FrameDecoder decoder = new FrameDecoder(MAGIC);
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            out.addAll(decoder.feed(bytes, i, 1));
        }
        assertEquals(frames, out);
        assertEquals(0, decoder.bufferedBytes());
    }

    @Test
    void decodesAStreamFedInRandomChunks() throws WireException {
        List<Frame> frames = sampleFrames();
        byte[] bytes = stream(frames);
        Random random = new Random(1);
        for (int round = 0; round < 200; round++) {
            FrameDecoder decoder = new FrameDecoder(MAGIC);
            List<Frame> out = new ArrayList<>();
            int position = 0;
            while (position < bytes.length) {
                int size = Math.min(bytes.length - position, random.nextInt(round % 2 == 0 ? 20 : 3000) + 1);
                out.addAll(decoder.feed(Arrays.copyOfRange(bytes, position, position + size)));
                position += size;
            }
            assertEquals(frames, out, "round " + round);
        }
    }

    @Test
    void anEmptyPayloadFrameCompletesWithItsHeader() throws WireException {
        Frame empty = Frame.of(MAGIC, MessageType.PING, new byte[0]);
        assertEquals(List.of(empty), new FrameDecoder(MAGIC).feed(empty.encode()));
    }

    @Test
    void oversizedLengthIsRefusedFromTheHeaderAlone() {
        FrameDecoder decoder = new FrameDecoder(MAGIC);
        byte[] header = header(MAGIC, MessageType.BLOCK.code(), 1L << 31, 0);
        WireException e = assertThrows(WireException.class, () -> decoder.feed(header));
        assertEquals(WireError.OVERSIZED, e.error());
        assertEquals(0, decoder.allocatedPayloadBytes(), "nothing allocated for the announced payload");
    }

    @Test
    void oversizedIsRefusedBeforeTheChecksumBytesArrive() {
        FrameDecoder decoder = new FrameDecoder(MAGIC);
        byte[] firstNine = Arrays.copyOf(header(MAGIC, MessageType.TRANSACTIONS.code(), 0xffffffffL, 0), 9);
        assertEquals(WireError.OVERSIZED, assertThrows(WireException.class, () -> decoder.feed(firstNine)).error());
    }

    @Test
    void eachTypeHasItsOwnCap() throws WireException {
        FrameDecoder decoder = new FrameDecoder(MAGIC);
        byte[] ping = header(MAGIC, MessageType.PING.code(), Ping.PAYLOAD_BYTES + 1, 0);
        assertEquals(WireError.OVERSIZED, assertThrows(WireException.class, () -> decoder.feed(ping)).error());

        FrameDecoder atCap = new FrameDecoder(MAGIC);
        assertEquals(List.of(), atCap.feed(header(MAGIC, MessageType.BLOCK.code(), Frame.MAX_FRAME_PAYLOAD_BYTES, 0)));
        FrameDecoder overCap = new FrameDecoder(MAGIC);
        byte[] block = header(MAGIC, MessageType.BLOCK.code(), Frame.MAX_FRAME_PAYLOAD_BYTES + 1L, 0);
        assertEquals(WireError.OVERSIZED, assertThrows(WireException.class, () -> overCap.feed(block)).error());
    }

    @Test
    void aStalledLargeFrameHoldsOnlyWhatWasSent() throws WireException {
        FrameDecoder decoder = new FrameDecoder(MAGIC);
        decoder.feed(header(MAGIC, MessageType.BLOCK.code(), Frame.MAX_FRAME_PAYLOAD_BYTES, 0));
        decoder.feed(new byte[100]);
        assertEquals(Frame.HEADER_BYTES + 100, decoder.bufferedBytes());
        assertTrue(decoder.allocatedPayloadBytes() <= FrameDecoder.INITIAL_PAYLOAD_BUFFER_BYTES);
    }

    @Test
    void wrongMagicIsRefusedAfterFourBytes() {
        FrameDecoder decoder = new FrameDecoder(MAGIC);
        byte[] other = Arrays.copyOf(Frame.of(ConsensusParams.MAIN.magic(), new Ping(1)).encode(), 4);
        WireException e = assertThrows(WireException.class, () -> decoder.feed(other));
        assertEquals(WireError.WRONG_MAGIC, e.error());
    }

    @Test
    void unknownTypeIsRefused() {
        for (int code : new int[] {0, 13, 255}) {
            FrameDecoder decoder = new FrameDecoder(MAGIC);
            byte[] header = header(MAGIC, code, 0, 0);
            assertEquals(WireError.UNKNOWN_TYPE, assertThrows(WireException.class, () -> decoder.feed(header)).error());
        }
    }

    @Test
    void badChecksumIsRefused() {
        byte[] bytes = Frame.of(MAGIC, new Ping(99)).encode();
        bytes[Frame.HEADER_BYTES] ^= 1;
        FrameDecoder decoder = new FrameDecoder(MAGIC);
        assertEquals(WireError.BAD_CHECKSUM, assertThrows(WireException.class, () -> decoder.feed(bytes)).error());
    }

    @Test
    void theFirstErrorPoisonsTheDecoder() throws WireException {
        FrameDecoder decoder = new FrameDecoder(MAGIC);
        byte[] bad = Frame.of(ConsensusParams.MAIN.magic(), new Ping(1)).encode();
        WireException first = assertThrows(WireException.class, () -> decoder.feed(bad));
        byte[] good = Frame.of(MAGIC, new Ping(1)).encode();
        assertSame(first, assertThrows(WireException.class, () -> decoder.feed(good)));
        assertSame(first, decoder.failure().orElseThrow());
    }

    @Test
    void randomGarbageGivesOnlyTypedErrors() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            if (round % 2 == 0 && garbage.length >= 4) {
                garbage[0] = (byte) MAGIC;
                garbage[1] = (byte) (MAGIC >>> 8);
                garbage[2] = (byte) (MAGIC >>> 16);
                garbage[3] = (byte) (MAGIC >>> 24);
            }
            FrameDecoder decoder = new FrameDecoder(MAGIC);
            try {
                for (Frame frame : decoder.feed(garbage)) {
                    Messages.decode(frame);
                }
            } catch (WireException expected) {
                // Typed: the only failure allowed.
            }
        }
    }

    @Test
    void theFrameCapHoldsAFullBlockOfEveryNetwork() {
        for (ConsensusParams params : ConsensusParams.NETWORKS) {
            assertTrue(params.maxBlockBytes() <= Frame.MAX_FRAME_PAYLOAD_BYTES, params.name());
        }
        for (MessageType type : MessageType.values()) {
            assertTrue(type.maxPayloadBytes() <= Frame.MAX_FRAME_PAYLOAD_BYTES, type.name());
        }
    }

    @Test
    void framingAMessageOverItsCapFails() {
        assertThrows(IllegalArgumentException.class, () -> Frame.of(MAGIC, MessageType.PING, new byte[9]));
    }
}
