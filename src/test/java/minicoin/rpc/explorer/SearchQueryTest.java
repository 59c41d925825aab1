package minicoin.rpc.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Optional;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

    @Test
    void digitsAreAHeight() {
        assertEquals(Optional.of(new SearchQuery(SearchQuery.Kind.HEIGHT, "42")), SearchQuery.parse(" 042 "));
    }

    @Test
    void sixtyFourHexDigitsAreAHashInLowerCase() {
        String hash = "AB".repeat(32);
        assertEquals(Optional.of(new SearchQuery(SearchQuery.Kind.HASH, "ab".repeat(32))), SearchQuery.parse(hash));
        // All digits, but 64 of them: a hash, not a height.
        assertEquals(SearchQuery.Kind.HASH, SearchQuery.parse("1".repeat(64)).orElseThrow().kind());
    }

    @Test
    void aValidAddressIsAnAddress() {
        String address = PrivateKey.generate(new SecureRandom()).publicKey().address().toString();
        assertEquals(Optional.of(new SearchQuery(SearchQuery.Kind.ADDRESS, address)), SearchQuery.parse(address));
    }

    @Test
    void anythingElseIsNoQuery() {
        assertTrue(SearchQuery.parse(null).isEmpty());
        assertTrue(SearchQuery.parse("  ").isEmpty());
        assertTrue(SearchQuery.parse("1234567890").isEmpty());
        assertTrue(SearchQuery.parse("ab".repeat(31)).isEmpty());
        assertTrue(SearchQuery.parse("<script>alert(1)</script>").isEmpty());
        assertTrue(SearchQuery.parse("1BoatSLRHtKNngkdXEeobR76b53LETtpyY").isEmpty(), "bad checksum");
        assertTrue(SearchQuery.parse("1".repeat(SearchQuery.MAX_QUERY_CHARS + 1)).isEmpty());
    }
}
