package minicoin.crypto;

import minicoin.testing.Resources;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Bitcoin Core's key_io vectors: what Minicoin accepts, and that it refuses everything else. */
class BitcoinCoreKeyIoTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String P2PKH_SCRIPT_PREFIX = "76a914";
    private static final String P2PKH_SCRIPT_SUFFIX = "88ac";

    @Test
    void acceptsMainChainP2pkhAndWifAndRejectsEveryOtherValidEntry() throws AddressFormatException {
        JsonArray vectors = Resources.jsonArray("/vectors/bitcoin-core/key_io_valid.json");
        int addresses = 0;
        int privateKeys = 0;
        int rejected = 0;
        for (int i = 0; i < vectors.size(); i++) {
            JsonArray vector = vectors.getJsonArray(i);
            String text = vector.getString(0);
            String payload = vector.getString(1);
            JsonObject metadata = vector.getJsonObject(2);
            boolean main = "main".equals(metadata.getString("chain"));
            boolean isPrivkey = metadata.getBoolean("isPrivkey");
            if (main && !isPrivkey && payload.startsWith(P2PKH_SCRIPT_PREFIX) && payload.endsWith(P2PKH_SCRIPT_SUFFIX)) {
                Address address = Address.parse(text);
                assertArrayEquals(Arrays.copyOfRange(HEX.parseHex(payload), 3, 23), address.hash160(), text);
                assertEquals(text, address.toString());
                addresses++;
                continue;
            }
            if (main && isPrivkey) {
                Wif wif = Wif.decode(text);
                assertArrayEquals(HEX.parseHex(payload), wif.key().toBytes(), text);
                assertEquals(metadata.getBoolean("isCompressed"), wif.compressed(), text);
                assertEquals(text, wif.encode());
                privateKeys++;
            }
            if (isPrivkey && !main) {
                assertThrows(AddressFormatException.class, () -> Wif.decode(text), text);
            }
            assertThrows(AddressFormatException.class, () -> Address.parse(text), text);
            rejected++;
        }
        assertTrue(addresses >= 2, "main-chain P2PKH vectors checked: " + addresses);
        assertTrue(privateKeys >= 4, "main-chain WIF vectors checked: " + privateKeys);
        assertTrue(rejected > 20, "other vectors rejected: " + rejected);
    }

    @Test
    void rejectsEveryInvalidEntryAsAddressAndAsWif() {
        JsonArray vectors = Resources.jsonArray("/vectors/bitcoin-core/key_io_invalid.json");
        assertTrue(vectors.size() > 50);
        for (int i = 0; i < vectors.size(); i++) {
            String text = vectors.getJsonArray(i).getString(0);
            assertThrows(AddressFormatException.class, () -> Address.parse(text), text);
            assertThrows(AddressFormatException.class, () -> Wif.decode(text), text);
        }
    }
}
