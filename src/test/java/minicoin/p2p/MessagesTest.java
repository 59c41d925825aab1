package minicoin.p2p;

import static minicoin.p2p.WireSamples.MAGIC;
import static minicoin.p2p.WireSamples.hash;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import minicoin.core.BlockHeader;
import minicoin.core.ByteWriter;
import minicoin.core.Hash;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static Message decodePayload(MessageType type, byte[] payload) throws WireException {
        return Messages.decode(Frame.of(MAGIC, type, payload));
    }

    private static WireError errorOf(MessageType type, byte[] payload) {
        return assertThrows(WireException.class, () -> decodePayload(type, payload),
                () -> type + " accepted " + payload.length + " bytes").error();
    }

    @Test
    void samplesCoverEveryMessageType() {
        Set<MessageType> covered = WireSamples.all().stream().map(Message::type).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(MessageType.class), covered);
    }

    @Test
    void typeCodesAreTheDocumentedOnes() {
        int code = 1;
        for (MessageType type : List.of(MessageType.HANDSHAKE, MessageType.GET_BLOCKS, MessageType.TRANSACTIONS,
                MessageType.INV, MessageType.GET_DATA, MessageType.BLOCK, MessageType.GET_HEADERS, MessageType.HEADERS,
                MessageType.PING, MessageType.PONG, MessageType.REJECT)) {
            assertEquals(code++, type.code(), type.name());
            assertEquals(type, MessageType.fromCode(type.code()).orElseThrow());
        }
    }

    @Test
    void everyMessageRoundTripsThroughAFrameAndTheDecoder() throws WireException {
        for (Message message : WireSamples.all()) {
            byte[] bytes = Frame.of(MAGIC, message).encode();
            List<Frame> frames = new FrameDecoder(MAGIC).feed(bytes);
            assertEquals(1, frames.size());
            Message decoded = Messages.decode(frames.get(0));
            assertEquals(message, decoded, message.type().name());
            assertArrayEquals(message.encode(), decoded.encode(), "re-encoding is identical");
            assertTrue(message.encode().length <= message.type().maxPayloadBytes(), message.type().name());
        }
    }

    @Test
    void everyTruncationOfEveryMessageIsRejected() {
        for (Message message : WireSamples.all()) {
            byte[] payload = message.encode();
            for (int length = 0; length < payload.length; length++) {
                assertEquals(WireError.MALFORMED_PAYLOAD, errorOf(message.type(), Arrays.copyOf(payload, length)));
            }
        }
    }

    @Test
    void aTrailingByteOnEveryMessageIsRejected() {
        for (Message message : WireSamples.all()) {
            byte[] payload = message.encode();
            byte[] longer = Arrays.copyOf(payload, payload.length + 1);
            if (longer.length <= message.type().maxPayloadBytes()) {
                assertEquals(WireError.MALFORMED_PAYLOAD, errorOf(message.type(), longer));
            }
        }
    }

    @Test
    void corruptedPayloadsWithValidChecksumsGiveOnlyTypedErrors() {
        Random random = new Random(42);
        for (Message message : WireSamples.all()) {
            byte[] payload = message.encode();
            for (int round = 0; round < 300; round++) {
                byte[] corrupt = corrupt(payload, random);
                if (corrupt.length > message.type().maxPayloadBytes()) {
                    continue;
                }
                try {
                    Message decoded = decodePayload(message.type(), corrupt);
                    assertArrayEquals(corrupt, decoded.encode(), "whatever decodes re-encodes to the same bytes");
                } catch (WireException e) {
                    assertEquals(WireError.MALFORMED_PAYLOAD, e.error());
                }
            }
        }
    }

    @Test
    void corruptedFramesGiveOnlyTypedErrors() {
        Random random = new Random(43);
        for (Message message : WireSamples.all()) {
            byte[] frame = Frame.of(MAGIC, message).encode();
            for (int round = 0; round < 300; round++) {
                byte[] corrupt = corrupt(frame, random);
                try {
                    for (Frame decoded : new FrameDecoder(MAGIC).feed(corrupt)) {
                        Messages.decode(decoded);
                    }
                } catch (WireException expected) {
                    // Typed: the only failure allowed.
                }
            }
        }
    }

    /** Flips, overwrites, drops or inserts a few bytes. */
    private static byte[] corrupt(byte[] original, Random random) {
        byte[] bytes = original.clone();
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int choice = random.nextInt(4);
            if (bytes.length == 0) {
                choice = 3;
            }
            int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            switch (choice) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                case 2 -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
                default -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }

    @Test
    void messagesAtTheirCapsFitTheirTypeCaps() throws WireException {
        List<Message> full = List.of(
                new Handshake(MAGIC, 1, hash("g"), 0xffffffffL, hash("b"),
                        BigInteger.ONE.shiftLeft(8 * Handshake.MAX_CHAIN_WORK_BYTES).subtract(BigInteger.ONE),
                        WireSamples.nodeKey("n"), 65535, 1, hash("c")),
                new NodeProof(minicoin.core.Bytes.of(new byte[minicoin.crypto.Signatures.MAX_DER_BYTES])),
                new GetHeaders(Collections.nCopies(GetHeaders.MAX_LOCATOR_HASHES, hash("l")), hash("s")),
                new GetBlocks(Collections.nCopies(GetHeaders.MAX_LOCATOR_HASHES, hash("l")), hash("s")),
                new Inv(Collections.nCopies(InvItem.MAX_ITEMS, InvItem.tx(hash("t")))),
                new GetData(Collections.nCopies(InvItem.MAX_ITEMS, InvItem.block(hash("b")))),
                new Headers(Collections.nCopies(Headers.MAX_HEADERS, WireSamples.genesis().header())),
                new Reject(MessageType.HANDSHAKE, "A".repeat(Reject.MAX_CODE_BYTES), "é".repeat(Reject.MAX_REASON_BYTES / 2)));
        for (Message message : full) {
            byte[] payload = message.encode();
            assertEquals(message.type().maxPayloadBytes(), payload.length, message.type().name());
            assertEquals(message, Messages.decode(new FrameDecoder(MAGIC).feed(Frame.of(MAGIC, message).encode()).get(0)));
        }
    }

    @Test
    void listsOverTheirCapsAreRefusedBothWays() {
        assertThrows(IllegalArgumentException.class,
                () -> new Inv(Collections.nCopies(InvItem.MAX_ITEMS + 1, InvItem.tx(hash("t")))));
        assertThrows(IllegalArgumentException.class,
                () -> new GetHeaders(Collections.nCopies(GetHeaders.MAX_LOCATOR_HASHES + 1, hash("l")), Hash.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new Headers(Collections.nCopies(Headers.MAX_HEADERS + 1, WireSamples.genesis().header())));
        assertThrows(IllegalArgumentException.class,
                () -> new Transactions(Collections.nCopies(Transactions.MAX_TRANSACTIONS + 1, WireSamples.payment())));

        ByteWriter locator = new ByteWriter().writeCompactSize(GetHeaders.MAX_LOCATOR_HASHES + 1);
        assertEquals(WireError.MALFORMED_PAYLOAD, errorOf(MessageType.GET_HEADERS, locator.toByteArray()));
        ByteWriter headers = new ByteWriter().writeCompactSize(Headers.MAX_HEADERS + 1);
        assertEquals(WireError.MALFORMED_PAYLOAD, errorOf(MessageType.HEADERS, headers.toByteArray()));
        ByteWriter inv = new ByteWriter().writeCompactSize(InvItem.MAX_ITEMS + 1);
        assertEquals(WireError.MALFORMED_PAYLOAD, errorOf(MessageType.INV, inv.toByteArray()));
        ByteWriter txs = new ByteWriter().writeCompactSize(Transactions.MAX_TRANSACTIONS + 1);
        assertEquals(WireError.MALFORMED_PAYLOAD, errorOf(MessageType.TRANSACTIONS, txs.toByteArray()));
    }

    @Test
    void aCountPromisingMoreThanThePayloadHoldsIsRefused() {
        ByteWriter headers = new ByteWriter().writeCompactSize(Headers.MAX_HEADERS);
        headers.writeBytes(WireSamples.genesis().header().encode());
        assertEquals(WireError.MALFORMED_PAYLOAD, errorOf(MessageType.HEADERS, headers.toByteArray()));
    }

    @Test
    void chainWorkMustBeMinimal() {
        Handshake handshake = (Handshake) WireSamples.all().get(0);
        byte[] payload = handshake.encode();
        int workAt = 4 + 4 + 32 + 4 + 32;
        int length = payload[workAt];
        ByteWriter padded = new ByteWriter()
                .writeBytes(payload, 0, workAt)
                .writeCompactSize(length + 1)
                .writeByte(0)
                .writeBytes(payload, workAt + 1, payload.length - workAt - 1);
        assertEquals(WireError.MALFORMED_PAYLOAD, errorOf(MessageType.HANDSHAKE, padded.toByteArray()));
    }

    @Test
    void unknownInventoryKindIsRefused() {
        byte[] payload = new Inv(List.of(InvItem.tx(hash("t")))).encode();
        payload[1] = 3;
        assertEquals(WireError.MALFORMED_PAYLOAD, errorOf(MessageType.INV, payload));
    }

    @Test
    void rejectStringsAreCheckedBothWays() {
        assertThrows(IllegalArgumentException.class, () -> new Reject(MessageType.BLOCK, "", "x"));
        assertThrows(IllegalArgumentException.class, () -> new Reject(MessageType.BLOCK, "bad-code", "x"));
        assertThrows(IllegalArgumentException.class, () -> new Reject(MessageType.BLOCK, "CODE", "\ud800"));
        assertThrows(IllegalArgumentException.class,
                () -> new Reject(MessageType.BLOCK, "CODE", "x".repeat(Reject.MAX_REASON_BYTES + 1)));

        byte[] invalidUtf8 = new ByteWriter().writeByte(MessageType.BLOCK.code())
                .writeCompactSize(4).writeBytes("CODE".getBytes())
                .writeCompactSize(2).writeByte(0xc3).writeByte(0x28).toByteArray();
        assertEquals(WireError.MALFORMED_PAYLOAD, errorOf(MessageType.REJECT, invalidUtf8));
        byte[] lowerCaseCode = new ByteWriter().writeByte(MessageType.BLOCK.code())
                .writeCompactSize(4).writeBytes("code".getBytes())
                .writeCompactSize(0).toByteArray();
        assertEquals(WireError.MALFORMED_PAYLOAD, errorOf(MessageType.REJECT, lowerCaseCode));
        byte[] unknownType = new Reject(MessageType.BLOCK, "CODE", "").encode();
        unknownType[0] = 99;
        assertEquals(WireError.MALFORMED_PAYLOAD, errorOf(MessageType.REJECT, unknownType));
    }

    @Test
    void recordsCopyTheirLists() {
        List<InvItem> items = new ArrayList<>(List.of(InvItem.tx(hash("t"))));
        Inv inv = new Inv(items);
        items.add(InvItem.block(hash("b")));
        assertEquals(1, inv.items().size());
        assertThrows(UnsupportedOperationException.class, () -> inv.items().add(InvItem.tx(hash("x"))));
        List<BlockHeader> headers = new ArrayList<>();
        Headers message = new Headers(headers);
        headers.add(WireSamples.genesis().header());
        assertTrue(message.headers().isEmpty());
    }
}
