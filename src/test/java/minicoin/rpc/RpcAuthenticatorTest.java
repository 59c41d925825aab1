package minicoin.rpc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RpcAuthenticatorTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String ALICE =
            "alice:cb77f0957de88ff388cf817ddbc7273$fc4a7cde450d37bc17d2bcd86cf61adf77448c02beeb5611dcb04577c7996b69";

    private final RpcAuthenticator auth = new RpcAuthenticator(TOKEN, List.of(RpcAuthLine.parse(ALICE)));

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsTheCookieAsCoresClientsSendIt() {
        assertTrue(auth.accepts(basic("__cookie__:" + TOKEN)));
        assertTrue(auth.accepts("basic " + Base64.getEncoder().encodeToString(("__cookie__:" + TOKEN).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void keepsAcceptingTheTokenAsBearer() {
        assertTrue(auth.accepts("Bearer " + TOKEN));
        assertFalse(auth.accepts("Bearer __cookie__:" + TOKEN));
    }

    @Test
    void acceptsAConfiguredUserWithItsPassword() {
        assertTrue(auth.accepts(basic("alice:correct horse")));
        assertFalse(auth.accepts(basic("alice:correct horse ")));
        assertFalse(auth.accepts(basic("bob:correct horse")));
        assertFalse(auth.accepts(basic("alice:" + TOKEN)));
    }

    @Test
    void refusesEverythingElse() {
        assertFalse(auth.accepts(null));
        assertFalse(auth.accepts(""));
        assertFalse(auth.accepts("Basic "));
        assertFalse(auth.accepts("Basic !!!not-base64"));
        assertFalse(auth.accepts(basic(TOKEN)));
        assertFalse(auth.accepts(basic("__cookie__:" + TOKEN + "0")));
        assertFalse(auth.accepts(basic("__cookie__:")));
        assertFalse(auth.accepts(basic("__Cookie__:" + TOKEN)));
        assertFalse(auth.accepts("Basic " + TOKEN));
        assertFalse(auth.accepts("Digest " + TOKEN));
    }
}
