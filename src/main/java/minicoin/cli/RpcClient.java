package minicoin.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

/**
 * JSON-RPC 2.0 over HTTP or HTTPS to one node: {@code POST} of a request envelope with
 * {@code Authorization: Bearer TOKEN}, the reply's result or its error turned into an
 * {@link RpcFailure} with one line for the user. Blocking, on the JDK's HTTP client: a command
 * line client makes one call and exits, so it needs no event loop.
 */
public final class RpcClient {

    /** A node on the same host or network accepts at once; longer means nothing is there. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Generous: {@code generate} mines before it answers. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    /** The JSON-RPC code of a missing or wrong token. */
    public static final int UNAUTHORIZED_CODE = -32001;

    private static final int HTTP_UNAUTHORIZED = 401;

    private final URI endpoint;
    private final String token;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final HttpClient http;
    private long nextId = 1;

    public RpcClient(URI endpoint, String token) {
        this(endpoint, token, CONNECT_TIMEOUT, REQUEST_TIMEOUT, Optional.empty());
    }

    /**
     * For an {@code https://} endpoint whose certificate a CA of its own signed (the cluster CA of
     * {@code scripts/cluster-certs}): only that CA is trusted, and the host name is checked against
     * the certificate.
     *
     * @throws RpcFailure if {@code caCert} holds no readable certificate
     */
    public RpcClient(URI endpoint, String token, Path caCert) throws RpcFailure {
        this(endpoint, token, CONNECT_TIMEOUT, REQUEST_TIMEOUT, Optional.of(trusting(caCert)));
    }

    /** With other timeouts, for tests that must not wait two minutes. */
    RpcClient(URI endpoint, String token, Duration connectTimeout, Duration requestTimeout) {
        this(endpoint, token, connectTimeout, requestTimeout, Optional.empty());
    }

    private RpcClient(URI endpoint, String token, Duration connectTimeout, Duration requestTimeout,
            Optional<SSLContext> tls) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.token = Objects.requireNonNull(token, "token");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        HttpClient.Builder builder = HttpClient.newBuilder()
                // Plain HTTP/1.1: no h2c upgrade dance for one small request.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        tls.ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /** A TLS context that trusts the certificates of one PEM file and nothing else. */
    static SSLContext trusting(Path caCert) throws RpcFailure {
        try (InputStream in = Files.newInputStream(caCert)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca" + index++, certificate);
            }
            if (index == 0) {
                throw new RpcFailure(RpcFailure.Kind.IO, "no certificate in " + caCert);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new RpcFailure(RpcFailure.Kind.IO, "cannot read the CA certificate " + caCert + ": " + describe(e));
        }
    }

    /** The request envelope of a call: {@code {"jsonrpc":"2.0","id":ID,"method":...,"params":...}}. */
    static JsonObject envelope(long id, String method, Object params) {
        if (!(params instanceof JsonArray || params instanceof JsonObject)) {
            throw new IllegalArgumentException("params must be a JsonArray or a JsonObject");
        }
        return new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method).put("params", params);
    }

    /**
     * Calls one method.
     *
     * @param params a JsonArray (positional) or JsonObject (named)
     * @return the reply's {@code result}: a JsonObject, JsonArray, string, number, boolean or null
     * @throws RpcFailure if there is no result to return, with the reason in one line
     */
    public Object call(String method, Object params) throws RpcFailure {
        long id = nextId++;
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(envelope(id, method, params).encode(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = send(request);
        return result(id, response.statusCode(), response.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws RpcFailure {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new RpcFailure(RpcFailure.Kind.NO_NODE, "no node answers at " + endpoint
                    + " (no connection within " + seconds(connectTimeout) + "; is it running, and is the address right?)");
        } catch (HttpTimeoutException e) {
            throw new RpcFailure(RpcFailure.Kind.TIMEOUT,
                    "the node at " + endpoint + " did not answer within " + seconds(requestTimeout));
        } catch (IOException e) {
            if (causedBy(e, SSLHandshakeException.class)) {
                throw new RpcFailure(RpcFailure.Kind.IO, "the node at " + endpoint + " is not trusted: " + describe(e)
                        + " (an https:// node with a certificate of its own CA needs --cacert CA.pem)");
            }
            if (causedBy(e, ConnectException.class)) {
                throw new RpcFailure(RpcFailure.Kind.NO_NODE, "no node answers at " + endpoint + " (is it running?)");
            }
            throw new RpcFailure(RpcFailure.Kind.IO, "cannot talk to the node at " + endpoint + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcFailure(RpcFailure.Kind.IO, "interrupted while waiting for the node at " + endpoint);
        }
    }

    /** The result of a reply, or the failure it reports. */
    static Object result(long id, int status, String body) throws RpcFailure {
        if (status == HTTP_UNAUTHORIZED) {
            throw refused();
        }
        JsonObject reply = parse(body);
        if (reply != null && reply.getValue("error") != null) {
            throw rpcError(reply.getValue("error"));
        }
        if (status / 100 != 2) {
            String text = body == null || body.isBlank() ? "" : ": " + RpcFailure.abbreviate(body);
            throw new RpcFailure(RpcFailure.Kind.HTTP_STATUS, "the node answered HTTP " + status + text);
        }
        if (reply == null || !reply.containsKey("result")) {
            throw new RpcFailure(RpcFailure.Kind.BAD_REPLY,
                    "the node's reply is not a JSON-RPC response: " + RpcFailure.abbreviate(body));
        }
        Object replyId = reply.getValue("id");
        if (!(replyId instanceof Number number) || number.longValue() != id) {
            throw new RpcFailure(RpcFailure.Kind.BAD_REPLY,
                    "the node answered request " + replyId + " instead of " + id);
        }
        return reply.getValue("result");
    }

    private static JsonObject parse(String body) {
        if (body == null || !body.strip().startsWith("{")) {
            return null;
        }
        try {
            return new JsonObject(body);
        } catch (DecodeException e) {
            return null;
        }
    }

    private static RpcFailure rpcError(Object error) {
        if (!(error instanceof JsonObject object)) {
            return new RpcFailure(RpcFailure.Kind.RPC_ERROR, "the node reported an error: " + RpcFailure.abbreviate(PrettyJson.compact(error)));
        }
        OptionalInt code = object.getValue("code") instanceof Number number ? OptionalInt.of(number.intValue()) : OptionalInt.empty();
        if (code.isPresent() && code.getAsInt() == UNAUTHORIZED_CODE) {
            return refused();
        }
        Object message = object.getValue("message");
        String text = message instanceof String string && !string.isBlank() ? string : "the node reported an error";
        String suffix = code.isPresent() ? " (code " + code.getAsInt() + ")" : "";
        return new RpcFailure(RpcFailure.Kind.RPC_ERROR, text + suffix, code);
    }

    private static RpcFailure refused() {
        return new RpcFailure(RpcFailure.Kind.UNAUTHORIZED, "the node refused the RPC token", OptionalInt.of(UNAUTHORIZED_CODE));
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
