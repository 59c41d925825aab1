package minicoin.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import java.util.List;
import minicoin.testing.Resources;
import org.junit.jupiter.api.Test;

/** Bitcoin main-chain blocks check header layout, double SHA-256, byte order and the Merkle rule. */
class KnownBlocksTest {

    private static final JsonArray BLOCKS = Resources.jsonObject("/vectors/bitcoin-core/known_blocks.json").getJsonArray("blocks");

    @Test
    void headersSerializeToEightyBytesThatHashToTheKnownBlockHash() {
        assertEquals(2, BLOCKS.size());
        for (int i = 0; i < BLOCKS.size(); i++) {
            JsonObject json = BLOCKS.getJsonObject(i);
            BlockHeader header = new BlockHeader(json.getInteger("version"), Hash.fromHex(json.getString("prev")),
                    Hash.fromHex(json.getString("merkleRoot")), json.getLong("time"),
                    Long.parseLong(json.getString("bits"), 16), json.getLong("nonce"));
            byte[] encoded = header.encode();
            assertEquals(BlockHeader.BYTES, encoded.length);
            assertEquals(json.getString("hash"), header.hash().toString());
            if (json.containsKey("headerHex")) {
                assertArrayEquals(HexFormat.of().parseHex(json.getString("headerHex")), encoded);
            }
            assertEquals(header, assertDecodes(encoded));
        }
    }

    @Test
    void txidsGiveTheKnownMerkleRoots() {
        for (int i = 0; i < BLOCKS.size(); i++) {
            JsonObject json = BLOCKS.getJsonObject(i);
            List<Hash> txids = json.getJsonArray("txids").stream().map(s -> Hash.fromHex((String) s)).toList();
            assertEquals(json.getString("merkleRoot"), Merkle.root(txids).toString());
        }
    }

    @Test
    void knownBlockHashesMeetTheirBits() {
        for (int i = 0; i < BLOCKS.size(); i++) {
            JsonObject json = BLOCKS.getJsonObject(i);
            long bits = Long.parseLong(json.getString("bits"), 16);
            assertEquals(true, ProofOfWork.meetsTarget(Hash.fromHex(json.getString("hash")), ProofOfWork.decodeBits(bits)));
        }
    }

    private static BlockHeader assertDecodes(byte[] encoded) {
        try {
            return BlockHeader.decode(encoded);
        } catch (CodecException e) {
            throw new AssertionError(e);
        }
    }
}
