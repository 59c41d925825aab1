package minicoin.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

/**
 * Every codec round-trips, refuses every truncation of a valid encoding, and on random corruption
 * either refuses with its own error or decodes to something that encodes back to the same bytes.
 */
class CodecRoundTripTest {

    private interface Decoder<T> {
        T decode(byte[] bytes) throws CodecException;
    }

    private static final PrivateKey ALICE = Fixtures.key("alice");
    private static final PrivateKey BOB = Fixtures.key("bob");

    private static Transaction sampleTransaction() {
        return new PaymentBuilder()
                .spend(new OutPoint(Fixtures.hashOf("a"), 0), new TxOut(700, ALICE.publicKey().address()), ALICE)
                .spend(new OutPoint(Fixtures.hashOf("b"), 3), new TxOut(400, ALICE.publicKey().address()), ALICE)
                .pay(BOB.publicKey().address(), 1000)
                .pay(ALICE.publicKey().address(), 90)
                .build();
    }

    private static Block sampleBlock() {
        return Fixtures.block(Fixtures.hashOf("parent"), 7, List.of(sampleTransaction(),
                Fixtures.payment(BOB, Fixtures.hashOf("c"), 50, 20, ALICE)));
    }

    @Test
    void transactionRoundTrips() throws CodecException {
        Transaction tx = sampleTransaction();
        byte[] encoded = tx.encode();
        Transaction decoded = Transaction.decode(encoded);
        assertEquals(tx, decoded);
        assertEquals(tx.txid(), decoded.txid());
        assertEquals(tx.fullHash(), decoded.fullHash());
        assertEquals(encoded.length, decoded.size());
    }

    @Test
    void blockRoundTrips() throws CodecException {
        Block block = sampleBlock();
        Block decoded = Block.decode(block.encode());
        assertEquals(block, decoded);
        assertEquals(block.hash(), decoded.hash());
        assertEquals(block.header().merkleRoot(), decoded.computeMerkleRoot());
    }

    @Test
    void smallRecordsRoundTrip() throws CodecException {
        OutPoint outPoint = new OutPoint(Fixtures.hashOf("x"), 0xfffffffeL);
        assertEquals(outPoint, OutPoint.decode(outPoint.encode()));
        TxOut out = new TxOut(123_456, BOB.publicKey().address());
        assertEquals(out, TxOut.decode(out.encode()));
        BlockHeader header = sampleBlock().header();
        assertEquals(header, BlockHeader.decode(header.encode()));
    }

    @Test
    void everyTruncationIsRejected() {
        assertEveryTruncationRejected(sampleTransaction().encode(), Transaction::decode);
        assertEveryTruncationRejected(sampleBlock().encode(), Block::decode);
        assertEveryTruncationRejected(sampleBlock().header().encode(), BlockHeader::decode);
        assertEveryTruncationRejected(new OutPoint(Hash.ZERO, 1).encode(), OutPoint::decode);
        assertEveryTruncationRejected(new TxOut(1, BOB.publicKey().address()).encode(), TxOut::decode);
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] tx = sampleTransaction().encode();
        assertThrows(CodecException.class, () -> Transaction.decode(Arrays.copyOf(tx, tx.length + 1)));
        byte[] block = sampleBlock().encode();
        assertThrows(CodecException.class, () -> Block.decode(Arrays.copyOf(block, block.length + 1)));
    }

    @Test
    void randomCorruptionsFailCleanlyOrStayCanonical() {
        Random random = new Random(42);
        assertCorruptionsHandled(sampleTransaction().encode(), Transaction::decode, Transaction::encode, random);
        assertCorruptionsHandled(sampleBlock().encode(), Block::decode, Block::encode, random);
    }

    @Test
    void hugeCountsAreRefusedWithoutAllocating() {
        // Version, then an input count of 2^32 - 1 with nothing behind it.
        byte[] hostile = {1, 0, 0, 0, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        CodecException e = assertThrows(CodecException.class, () -> Transaction.decode(hostile));
        assertTrue(e.getMessage().contains("input count"), e.getMessage());
    }

    @Test
    void oversizedInputsAreRefusedBeforeParsing() {
        assertThrows(CodecException.class, () -> Transaction.decode(new byte[Transaction.MAX_BYTES + 1]));
        assertThrows(CodecException.class, () -> Block.decode(new byte[Block.MAX_BYTES + 1]));
    }

    @Test
    void overlongSignatureFieldIsRejected() {
        Transaction tx = sampleTransaction();
        TxIn first = tx.inputs().get(0);
        List<TxIn> inputs = new ArrayList<>(tx.inputs());
        inputs.set(0, first.withSignature(Bytes.of(new byte[TxIn.MAX_SIGNATURE_BYTES + 1])));
        byte[] encoded = tx.withInputs(inputs).encode();
        assertThrows(CodecException.class, () -> Transaction.decode(encoded));
    }

    private static <T> void assertEveryTruncationRejected(byte[] encoded, Decoder<T> decoder) {
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            try {
                decoder.decode(truncated);
                fail("a truncation to " + length + " of " + encoded.length + " bytes decoded");
            } catch (CodecException expected) {
                // the codec's own error, as it should be
            }
        }
    }

    private static <T> void assertCorruptionsHandled(byte[] encoded, Decoder<T> decoder,
            java.util.function.Function<T, byte[]> encoder, Random random) {
        int rejected = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] corrupt = encoded.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }
            try {
                T decoded = decoder.decode(corrupt);
                assertArrayEquals(corrupt, encoder.apply(decoded), "a decoded value must re-encode to its input");
            } catch (CodecException e) {
                rejected++;
            } catch (RuntimeException e) {
                throw new AssertionError("codec leaked " + e + " on trial " + trial, e);
            }
        }
        assertTrue(rejected > 0, "some corruptions must be rejected");
    }
}
