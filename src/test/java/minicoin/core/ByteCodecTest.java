package minicoin.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ByteCodecTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void compactSizeRoundTripsAtEveryBoundary() throws CodecException {
        long[] values = {0, 1, 0xfc, 0xfd, 0xfe, 0xffff, 0x10000, 0xffffffffL, 0x100000000L, Long.MAX_VALUE};
        int[] lengths = {1, 1, 1, 3, 3, 3, 5, 5, 9, 9};
        for (int i = 0; i < values.length; i++) {
            byte[] encoded = new ByteWriter().writeCompactSize(values[i]).toByteArray();
            assertEquals(lengths[i], encoded.length, "length of " + values[i]);
            assertEquals(lengths[i], ByteWriter.compactSizeLength(values[i]));
            ByteReader reader = new ByteReader(encoded);
            assertEquals(values[i], reader.readCompactSize(Long.MAX_VALUE, "n"));
            reader.requireEnd("n");
        }
    }

    @Test
    void rejectsNonCanonicalCompactSize() {
        String[] nonCanonical = {"fdfc00", "fe ffff0000".replace(" ", ""), "ffffffffff00000000", "fd0000"};
        for (String encoding : nonCanonical) {
            CodecException e = assertThrows(CodecException.class,
                    () -> new ByteReader(hex(encoding)).readCompactSize(Long.MAX_VALUE, "count"));
            assertTrue(e.getMessage().contains("non-canonical"), e.getMessage());
        }
    }

    @Test
    void rejectsCompactSizeAboveTheLimitAndNegativeAsUnsigned() {
        assertThrows(CodecException.class, () -> new ByteReader(hex("fd0001")).readCompactSize(255, "count"));
        CodecException e = assertThrows(CodecException.class,
                () -> new ByteReader(hex("ffffffffffffffffff")).readCompactSize(Long.MAX_VALUE, "count"));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    @Test
    void rejectsCountsThatCannotFitInTheBytesLeft() {
        // 200 items of 10 bytes each cannot come from 5 bytes: refused before any allocation.
        CodecException e = assertThrows(CodecException.class,
                () -> new ByteReader(hex("c80102030405")).readCount(1000, 10, "items"));
        assertTrue(e.getMessage().contains("cannot fit"), e.getMessage());
    }

    @Test
    void rejectsTruncatedIntegersAndBytes() {
        assertThrows(CodecException.class, () -> new ByteReader(hex("010203")).readInt32("x"));
        assertThrows(CodecException.class, () -> new ByteReader(hex("01020304050607")).readInt64("x"));
        assertThrows(CodecException.class, () -> new ByteReader(hex("0501020304")).readVarBytes(100, "x"));
        assertThrows(CodecException.class, () -> new ByteReader(hex("fd")).readCompactSize(100, "x"));
    }

    @Test
    void integersAreLittleEndian() throws CodecException {
        byte[] encoded = new ByteWriter().writeInt32(0x01020304).writeInt64(0x0a0b0c0d0e0f1011L).toByteArray();
        assertArrayEquals(hex("04030201" + "11100f0e0d0c0b0a"), encoded);
        ByteReader reader = new ByteReader(encoded);
        assertEquals(0x01020304, reader.readInt32("a"));
        assertEquals(0x0a0b0c0d0e0f1011L, reader.readInt64("b"));
        assertEquals(0xffffffffL, new ByteReader(hex("ffffffff")).readUInt32("c"));
    }

    @Test
    void trailingBytesAreRejected() {
        ByteReader reader = new ByteReader(hex("0000"));
        CodecException e = assertThrows(CodecException.class, () -> {
            reader.readByte("first");
            reader.requireEnd("thing");
        });
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }
}
