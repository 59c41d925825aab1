package minicoin.rpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * Who may call: the node's token, shown as {@code Authorization: Bearer TOKEN} or, as Bitcoin Core's
 * clients send the cookie, as HTTP Basic {@code __cookie__:TOKEN}; and the users configured in
 * {@code rpc.rpcauth}, as HTTP Basic {@code user:password}. Every comparison takes the same time
 * wherever the first wrong byte is.
 */
final class RpcAuthenticator {

    /** The user name Bitcoin Core's cookie file pairs with its secret. */
    static final String COOKIE_USER = "__cookie__";
    private static final String BASIC = "Basic ";

    private final BearerToken bearer;
    private final byte[] token;
    private final List<RpcAuthLine> users;

    RpcAuthenticator(String token, List<RpcAuthLine> users) {
        this.bearer = new BearerToken(token);
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.users = List.copyOf(users);
    }

    boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        if (!authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return bearer.accepts(authorization);
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = credentials.substring(0, colon);
        String password = credentials.substring(colon + 1);
        boolean accepted = COOKIE_USER.equals(user)
                && MessageDigest.isEqual(token, password.getBytes(StandardCharsets.UTF_8));
        // Every configured line is tried, so the time taken does not tell which user names exist.
        for (RpcAuthLine line : users) {
            boolean sameUser = MessageDigest.isEqual(line.user().getBytes(StandardCharsets.UTF_8),
                    user.getBytes(StandardCharsets.UTF_8));
            accepted |= line.matches(password) & sameUser;
        }
        return accepted;
    }
}
