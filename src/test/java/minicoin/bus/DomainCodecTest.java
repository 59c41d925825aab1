package minicoin.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import minicoin.core.Block;
import minicoin.core.ConsensusParams;
import minicoin.core.Genesis;
import minicoin.core.Transaction;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

class DomainCodecTest {

    private static final Block BLOCK = Genesis.create(ConsensusParams.REGTEST,
            PrivateKey.fromBytes(Hashes.sha256(new byte[] {1})).publicKey().address(), 1_700_000_000L);

    private static DomainCodec<Block> blockCodec() {
        return new DomainCodec<>("test.Block", new DomainCodec.Encoding<>() {
            public byte[] encode(Block value) {
                return value.encode();
            }

            public Block decode(byte[] bytes) throws minicoin.core.CodecException {
                return Block.decode(bytes);
            }
        });
    }

    @Test
    void insideTheJvmTheObjectTravelsByReference() {
        assertSame(BLOCK, blockCodec().transform(BLOCK));
    }

    @Test
    void acrossTheClusterItTravelsAsItsCanonicalEncoding() {
        Buffer wire = Buffer.buffer().appendString("header");
        blockCodec().encodeToWire(wire, BLOCK);
        Block decoded = blockCodec().decodeFromWire(6, wire);
        assertEquals(BLOCK, decoded);
        assertEquals(BLOCK.hash(), decoded.hash());
    }

    @Test
    void corruptOrTruncatedBytesFromTheWireAreRefused() {
        Buffer wire = Buffer.buffer();
        blockCodec().encodeToWire(wire, BLOCK);
        Buffer truncated = wire.getBuffer(0, wire.length() - 1);
        assertThrows(IllegalArgumentException.class, () -> blockCodec().decodeFromWire(0, truncated));
        Buffer lying = Buffer.buffer().appendInt(1_000_000).appendBytes(new byte[10]);
        assertThrows(IllegalArgumentException.class, () -> blockCodec().decodeFromWire(0, lying));
        Buffer garbage = Buffer.buffer().appendInt(3).appendBytes(new byte[] {1, 2, 3});
        assertThrows(IllegalArgumentException.class, () -> blockCodec().decodeFromWire(0, garbage));
    }

    @Test
    void everyDomainTypeHasADefaultCodec() {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            DomainCodec.registerAll(vertx.eventBus());
            Transaction coinbase = BLOCK.transactions().get(0);
            // Sending would fail at once without a codec; publishing to nobody must not throw.
            for (Object value : List.of(BLOCK, coinbase, BLOCK.header())) {
                vertx.eventBus().publish("nobody", value);
            }
        } finally {
            vertx.close();
        }
    }
}
