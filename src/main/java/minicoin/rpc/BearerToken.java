package minicoin.rpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/** The secret every call must show as {@code Authorization: Bearer TOKEN}. */
final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private final byte[] expected;

    BearerToken(String token) {
        this.expected = Objects.requireNonNull(token, "token").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether an {@code Authorization} header value carries the token. The comparison takes the same
     * time wherever the first wrong character is, so timing does not reveal the token bit by bit.
     */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] given = authorization.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}
