package minicoin.rpc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

    private final BearerToken token = new BearerToken("s3cret-token-0123456789");

    @Test
    void acceptsTheTokenUnderTheBearerScheme() {
        assertTrue(token.accepts("Bearer s3cret-token-0123456789"));
        assertTrue(token.accepts("bearer s3cret-token-0123456789 "));
    }

    @Test
    void refusesAnythingElse() {
        assertFalse(token.accepts(null));
        assertFalse(token.accepts(""));
        assertFalse(token.accepts("Bearer"));
        assertFalse(token.accepts("Bearer s3cret-token-012345678"));
        assertFalse(token.accepts("Bearer s3cret-token-01234567890"));
        assertFalse(token.accepts("Basic s3cret-token-0123456789"));
        assertFalse(token.accepts("s3cret-token-0123456789"));
    }
}
