package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import minicoin.core.Bytes;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

class PacketCodecTest {

    private static final int MAGIC = 0xf9beb4d9;
    private static final long NOW = 1_700_000_000L;
    private static final long EXPIRY = NOW + 20;
    private static final PrivateKey KEY = PrivateKey.fromBytes(Hashes.sha256(new byte[] {42}));

    private static PrivateKey key(int i) {
        return PrivateKey.fromBytes(Hashes.sha256(new byte[] {(byte) i, 1}));
    }

    private static Envelope roundTrip(Packet packet) {
        PacketCodec.Sealed sealed = PacketCodec.encode(packet, KEY, MAGIC, EXPIRY);
        DecodeResult result = PacketCodec.decode(sealed.wire().toArray(), MAGIC, NOW);
        Envelope envelope = assertInstanceOf(Envelope.class, result, () -> result.toString());
        assertEquals(packet, envelope.packet());
        assertEquals(KEY.publicKey(), envelope.sender());
        assertEquals(NodeId.of(KEY.publicKey()), envelope.senderId());
        assertEquals(EXPIRY, envelope.expiry());
        assertEquals(sealed.hash(), envelope.hash());
        return envelope;
    }

    private static Drop.Reason dropOf(byte[] wire) {
        DecodeResult result = PacketCodec.decode(wire, MAGIC, NOW);
        return assertInstanceOf(Drop.class, result).reason();
    }

    private static List<NodeRecord> largestNeighbors() {
        return largestRecords(Packet.MAX_NEIGHBORS);
    }

    private static List<NodeRecord> largestRecords(int count) {
        List<NodeRecord> nodes = new ArrayList<>();
        String longestHost = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
        assertEquals(NodeRecord.MAX_HOST_BYTES, longestHost.length());
        for (int i = 0; i < count; i++) {
            nodes.add(NodeRecord.of(key(i).publicKey(), longestHost, 65_535, 65_535));
        }
        return nodes;
    }

    @Test
    void pingRoundTrips() {
        roundTrip(new Packet.Ping(5679));
    }

    @Test
    void pongRoundTripsAndEchoesThePingHash() {
        Envelope ping = roundTrip(new Packet.Ping(0));
        Envelope pong = roundTrip(new Packet.Pong(ping.hash(), 5679));
        assertEquals(ping.hash(), ((Packet.Pong) pong.packet()).pingHash());
    }

    @Test
    void findNodeRoundTrips() {
        roundTrip(new Packet.FindNode(NodeId.random(new Random(1))));
    }

    @Test
    void neighborsRoundTripEmptyAndFull() {
        roundTrip(new Packet.Neighbors(List.of()));
        roundTrip(new Packet.Neighbors(List.of(NodeRecord.of(key(1).publicKey(), "127.0.0.1", 5678, 0))));
        roundTrip(new Packet.Neighbors(largestNeighbors()));
        roundTrip(new Packet.Neighbors(Packet.MAX_ANSWER, largestNeighbors()));
        roundTrip(new Packet.Neighbors(Packet.MAX_ANSWER, List.of()));
    }

    @Test
    void answerOfKLargestRecordsSplitsIntoTwoPacketsUnderTheCap() {
        List<NodeRecord> answer = largestRecords(RoutingTable.K);
        List<Packet.Neighbors> parts = Packet.Neighbors.split(answer);
        assertEquals(2, parts.size());
        List<NodeRecord> joined = new ArrayList<>();
        for (Packet.Neighbors part : parts) {
            assertEquals(RoutingTable.K, part.total());
            byte[] wire = PacketCodec.encode(part, KEY, MAGIC, EXPIRY).wire().toArray();
            assertTrue(wire.length <= PacketCodec.MAX_PACKET_BYTES, wire.length + " bytes");
            joined.addAll(((Packet.Neighbors) roundTrip(part).packet()).nodes());
        }
        assertEquals(answer, joined, "the parts hold the answer, in order");
        assertEquals(List.of(new Packet.Neighbors(List.of())), Packet.Neighbors.split(List.of()));
        assertEquals(1, Packet.Neighbors.split(largestNeighbors()).size());
    }

    @Test
    void kLargestRecordsDoNotFitOnePacket() {
        // Why the answer is split: 16 records of 83 bytes overflow 1,280 bytes before any header.
        int largestRecord = 33 + 1 + NodeRecord.MAX_HOST_BYTES + 2 + 2;
        assertTrue(RoutingTable.K * largestRecord > PacketCodec.MAX_PACKET_BYTES);
        assertThrows(IllegalArgumentException.class, () -> new Packet.Neighbors(largestRecords(RoutingTable.K)));
    }

    @Test
    void fullestNeighborsPacketStaysUnderTheCap() {
        byte[] wire = PacketCodec.encode(new Packet.Neighbors(largestNeighbors()), KEY, MAGIC, EXPIRY).wire().toArray();
        assertTrue(wire.length <= PacketCodec.MAX_PACKET_BYTES, wire.length + " bytes");
    }

    @Test
    void moreThanTwelveNeighborsOrAnAnswerOverKCannotBeBuilt() {
        List<NodeRecord> nodes = new ArrayList<>(largestNeighbors());
        nodes.add(nodes.get(0));
        assertThrows(IllegalArgumentException.class, () -> new Packet.Neighbors(nodes));
        assertThrows(IllegalArgumentException.class, () -> new Packet.Neighbors(Packet.MAX_ANSWER + 1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Packet.Neighbors(2, largestNeighbors().subList(0, 3)));
        assertThrows(IllegalArgumentException.class, () -> new Packet.Neighbors(-1, List.of()));
    }

    @Test
    void encodingIsDeterministic() {
        Packet ping = new Packet.Ping(1);
        assertEquals(PacketCodec.encode(ping, KEY, MAGIC, EXPIRY), PacketCodec.encode(ping, KEY, MAGIC, EXPIRY));
    }

    @Test
    void oversizedDatagramIsTooLargeBeforeAnythingElse() {
        byte[] wire = new byte[PacketCodec.MAX_PACKET_BYTES + 1]; // wrong magic too: size is checked first
        assertEquals(Drop.Reason.TOO_LARGE, dropOf(wire));
    }

    @Test
    void otherNetworkIsWrongNetwork() {
        byte[] wire = PacketCodec.encode(new Packet.Ping(1), KEY, MAGIC + 1, EXPIRY).wire().toArray();
        assertEquals(Drop.Reason.WRONG_NETWORK, dropOf(wire));
    }

    @Test
    void pastExpiryIsExpired() {
        byte[] wire = PacketCodec.encode(new Packet.Ping(1), KEY, MAGIC, NOW - 1).wire().toArray();
        assertEquals(Drop.Reason.EXPIRED, dropOf(wire));
        assertInstanceOf(Envelope.class, PacketCodec.decode(
                PacketCodec.encode(new Packet.Ping(1), KEY, MAGIC, NOW).wire().toArray(), MAGIC, NOW));
    }

    @Test
    void anExpiryFarInTheFutureIsRefused() {
        // The attack of issue 11: a packet valid for an hour (or until 2106) could be replayed all that time.
        for (long expiry : new long[] {NOW + 3_600, 0xffff_ffffL, NOW + 31}) {
            byte[] wire = PacketCodec.encode(new Packet.Ping(1), KEY, MAGIC, expiry).wire().toArray();
            assertEquals(Drop.Reason.EXPIRY_TOO_FAR, dropOf(wire), "expiry " + expiry);
        }
        // Our own lifetime, plus a sender's clock running 10 s ahead, is still accepted.
        assertInstanceOf(Envelope.class, PacketCodec.decode(
                PacketCodec.encode(new Packet.Ping(1), KEY, MAGIC, NOW + 30).wire().toArray(), MAGIC, NOW));
    }

    @Test
    void alteredPayloadIsBadSignature() {
        byte[] wire = PacketCodec.encode(new Packet.Ping(1), KEY, MAGIC, EXPIRY).wire().toArray();
        wire[PacketCodec.HEADER_BYTES + 1] ^= 2; // tcp port 1 → 3: still well formed
        assertEquals(Drop.Reason.BAD_SIGNATURE, dropOf(wire));
    }

    @Test
    void signatureByAnotherKeyIsBadSignature() {
        byte[] mine = PacketCodec.encode(new Packet.Ping(1), KEY, MAGIC, EXPIRY).wire().toArray();
        byte[] theirs = PacketCodec.encode(new Packet.Ping(1), key(9), MAGIC, EXPIRY).wire().toArray();
        // Their key in the header, my signature after it.
        System.arraycopy(theirs, 5, mine, 5, 33);
        assertEquals(Drop.Reason.BAD_SIGNATURE, dropOf(mine));
    }

    @Test
    void nonDerSignatureIsBadSignature() {
        byte[] wire = PacketCodec.encode(new Packet.Ping(1), KEY, MAGIC, EXPIRY).wire().toArray();
        wire[PacketCodec.HEADER_BYTES + 2] = 0x31; // first signature byte: not a DER sequence
        assertEquals(Drop.Reason.BAD_SIGNATURE, dropOf(wire));
        byte[] unsigned = Arrays.copyOf(wire, PacketCodec.HEADER_BYTES + 2);
        assertEquals(Drop.Reason.BAD_SIGNATURE, dropOf(unsigned));
    }

    @Test
    void structuralFaultsAreMalformed() {
        byte[] ping = PacketCodec.encode(new Packet.Ping(1), KEY, MAGIC, EXPIRY).wire().toArray();
        assertEquals(Drop.Reason.MALFORMED, dropOf(new byte[0]));
        assertEquals(Drop.Reason.MALFORMED, dropOf(Arrays.copyOf(ping, 3)));
        assertEquals(Drop.Reason.MALFORMED, dropOf(Arrays.copyOf(ping, PacketCodec.HEADER_BYTES + 1)));
        byte[] unknownType = ping.clone();
        unknownType[4] = 9;
        assertEquals(Drop.Reason.MALFORMED, dropOf(unknownType));
        byte[] keyOffCurve = ping.clone();
        keyOffCurve[5] = 0x04; // not a compressed prefix
        assertEquals(Drop.Reason.MALFORMED, dropOf(keyOffCurve));
        assertEquals(Drop.Reason.MALFORMED, PacketCodec.decode(null, MAGIC, NOW) instanceof Drop d ? d.reason() : null);
    }

    @Test
    void neighborsWithTooManyEntriesOrAHostileHostAreMalformed() {
        byte[] wire = PacketCodec.encode(new Packet.Neighbors(List.of(
                NodeRecord.of(key(1).publicKey(), "h", 5678, 0))), KEY, MAGIC, EXPIRY).wire().toArray();
        byte[] total = wire.clone();
        total[PacketCodec.HEADER_BYTES] = (byte) (Packet.MAX_ANSWER + 1);
        assertEquals(Drop.Reason.MALFORMED, dropOf(total));
        byte[] countOverTotal = wire.clone();
        countOverTotal[PacketCodec.HEADER_BYTES] = 0;
        assertEquals(Drop.Reason.MALFORMED, dropOf(countOverTotal));
        byte[] count = wire.clone();
        count[PacketCodec.HEADER_BYTES] = (byte) Packet.MAX_ANSWER;
        count[PacketCodec.HEADER_BYTES + 1] = 13;
        assertEquals(Drop.Reason.MALFORMED, dropOf(count));
        byte[] host = wire.clone();
        host[PacketCodec.HEADER_BYTES + 2 + 33 + 1] = ' '; // a space in the host
        assertEquals(Drop.Reason.MALFORMED, dropOf(host));
        byte[] udpPortZero = wire.clone();
        udpPortZero[PacketCodec.HEADER_BYTES + 2 + 33 + 2] = 0;
        udpPortZero[PacketCodec.HEADER_BYTES + 2 + 33 + 3] = 0;
        assertEquals(Drop.Reason.MALFORMED, dropOf(udpPortZero));
    }

    @Test
    void fuzzedPacketsOnlyEverDrop() {
        Random random = new Random(2026);
        List<byte[]> valid = List.of(
                PacketCodec.encode(new Packet.Ping(5679), KEY, MAGIC, EXPIRY).wire().toArray(),
                PacketCodec.encode(new Packet.Pong(Bytes.of(new byte[32]), 1), KEY, MAGIC, EXPIRY).wire().toArray(),
                PacketCodec.encode(new Packet.FindNode(NodeId.random(random)), KEY, MAGIC, EXPIRY).wire().toArray(),
                PacketCodec.encode(new Packet.Neighbors(largestNeighbors().subList(0, 3)), KEY, MAGIC, EXPIRY).wire().toArray());
        int drops = 0;
        for (byte[] wire : valid) {
            for (int length = 0; length < wire.length; length++) {
                assertInstanceOf(Drop.class, PacketCodec.decode(Arrays.copyOf(wire, length), MAGIC, NOW));
                drops++;
            }
            for (int round = 0; round < 500; round++) {
                byte[] corrupt = wire.clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    corrupt[random.nextInt(corrupt.length)] ^= (byte) (1 + random.nextInt(255));
                }
                if (random.nextBoolean()) {
                    corrupt = Arrays.copyOf(corrupt, corrupt.length + 1 + random.nextInt(8));
                }
                assertInstanceOf(Drop.class, PacketCodec.decode(corrupt, MAGIC, NOW));
                drops++;
            }
        }
        for (int round = 0; round < 2000; round++) {
            byte[] noise = new byte[random.nextInt(PacketCodec.MAX_PACKET_BYTES + 10)];
            random.nextBytes(noise);
            if (noise.length >= 4 && random.nextBoolean()) {
                noise[0] = (byte) 0xf9; noise[1] = (byte) 0xbe; noise[2] = (byte) 0xb4; noise[3] = (byte) 0xd9;
            }
            assertInstanceOf(Drop.class, PacketCodec.decode(noise, MAGIC, NOW));
            drops++;
        }
        assertTrue(drops > 4000);
    }
}
