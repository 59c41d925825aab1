package minicoin.rpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One configured RPC user in Bitcoin Core's {@code rpcauth} form, {@code user:salt$hmac}: the
 * HMAC-SHA256, keyed by the salt's text, of the password, in hex (as Core's
 * share/rpcauth/rpcauth.py writes it). The configuration never holds the password itself.
 *
 * <p>Run as a program, it prints a line for {@code USER} with the password read from standard
 * input (so it is never on a command line, where {@code ps} shows it): {@code scripts/rpcauth USER}.
 */
public record RpcAuthLine(String user, String salt, String hmacHex) {

    /** The form the configuration schema accepts too (config-schema.json, rpc.rpcauth). */
    private static final Pattern LINE = Pattern.compile("([^:\\s]{1,64}):([^$:\\s]{1,128})\\$([0-9a-fA-F]{64})");
    /** 16 random bytes, as rpcauth.py: no two lines share a salt, so equal passwords do not show. */
    private static final int SALT_BYTES = 16;
    /** A password longer than this on standard input is refused rather than read without end. */
    private static final int MAX_PASSWORD_BYTES = 1024;
    private static final String HMAC = "HmacSHA256";

    public RpcAuthLine {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hmacHex, "hmacHex");
        if (!LINE.matcher(user + ":" + salt + "$" + hmacHex).matches()) {
            throw new IllegalArgumentException("not an rpcauth line: user:salt$hmac-sha256-hex");
        }
        hmacHex = hmacHex.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code user:salt$hmac}. */
    public static RpcAuthLine parse(String line) {
        Matcher matcher = LINE.matcher(Objects.requireNonNull(line, "line"));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an rpcauth line (user:salt$hmac-sha256-hex)");
        }
        return new RpcAuthLine(matcher.group(1), matcher.group(2), matcher.group(3));
    }

    /** A line for {@code user} and {@code password} with a fresh random salt. */
    public static RpcAuthLine create(String user, String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        String saltHex = HexFormat.of().formatHex(salt);
        return new RpcAuthLine(user, saltHex, HexFormat.of().formatHex(hmac(saltHex, password)));
    }

    /** Whether {@code password} is this user's, compared in constant time. */
    public boolean matches(String password) {
        return MessageDigest.isEqual(HexFormat.of().parseHex(hmacHex), hmac(salt, password));
    }

    /** The line as the configuration holds it. */
    @Override
    public String toString() {
        return user + ":" + salt + "$" + hmacHex;
    }

    private static byte[] hmac(String salt, String password) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), HMAC));
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    /** {@code RpcAuthLine USER}: reads the password (one line) from standard input, prints the config entry. */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: RpcAuthLine USER   (the password is read from standard input)");
            return 2;
        }
        String password;
        try {
            password = readPassword(in);
        } catch (IOException | IllegalArgumentException e) {
            err.println("rpcauth: " + e.getMessage());
            return 1;
        }
        RpcAuthLine line;
        try {
            line = create(args[0], password, new SecureRandom());
        } catch (IllegalArgumentException e) {
            err.println("rpcauth: the user name must be 1 to 64 characters without ':' or spaces");
            return 2;
        }
        out.println("Add to the node's configuration, in \"rpc\": \"rpcauth\": [\"" + line + "\"]");
        out.println("Clients log in as " + line.user() + " with that password (HTTP Basic auth).");
        return 0;
    }

    private static String readPassword(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (bytes.size() >= MAX_PASSWORD_BYTES) {
                throw new IllegalArgumentException("password longer than " + MAX_PASSWORD_BYTES + " bytes");
            }
            bytes.write(b);
        }
        String password = bytes.toString(StandardCharsets.UTF_8);
        if (password.endsWith("\r")) {
            password = password.substring(0, password.length() - 1);
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("empty password on standard input");
        }
        return password;
    }
}
