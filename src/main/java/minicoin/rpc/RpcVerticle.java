package minicoin.rpc;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import minicoin.bus.BusAddresses;
import minicoin.config.ConfigException;
import minicoin.config.NodeConfig;
import minicoin.rpc.explorer.ExplorerQueries;
import minicoin.rpc.explorer.ExplorerRoutes;
import minicoin.rpc.explorer.HostCheck;
import minicoin.rpc.methods.RpcMethods;
import minicoin.rpc.monitor.MonitorRoutes;
import minicoin.rpc.monitor.Readiness;

/**
 * The JSON-RPC server, on an event loop: {@code POST /} with {@code Authorization: Bearer TOKEN}
 * or HTTP Basic auth ({@link RpcAuthenticator}), bodies up to {@code rpc.maxBodyBytes}, batches up
 * to {@code rpc.maxBatch} calls (docs/rpc.md). Its configuration is the node's configuration JSON.
 *
 * <p>With {@code rpc.tls} it serves HTTPS with that key and certificate (NodeConfig requires it
 * when {@code rpc.host} is not loopback: the token would otherwise cross the network in clear).
 *
 * <p>The token is {@code rpc.token} when the configuration sets one; otherwise a cookie file
 * {@code dataDir/rpc.cookie} holds a fresh one, as {@code __cookie__:TOKEN}, while the server runs.
 *
 * <p>{@link RpcLimits}: at most {@code maxConnections} connections (a {@link ConnectionTable}
 * decides at accept time, before any byte is parsed), each closed after {@code idleTimeout} without
 * a request in flight, and at most {@code maxCallsInFlight} authorised requests being answered;
 * the next gets HTTP 503 before its body is read.
 *
 * <p>The same server answers GET, without the token: the explorer ({@code minicoin.rpc.explorer},
 * docs/explorer.md) and {@code /metrics}, {@code /health}, {@code /ready} ({@code minicoin.rpc.monitor},
 * docs/metrics.md; with the token when {@code rpc.monitoringRequiresToken}), each only for a
 * {@code Host} of ours.
 */
public final class RpcVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(RpcVerticle.class.getName());
    /** Idle connections are looked for every quarter of the idle timeout, within these bounds: closed at most 25% late. */
    private static final long MIN_IDLE_SWEEP_MILLIS = 50;
    private static final long MAX_IDLE_SWEEP_MILLIS = 1_000;
    private static final String JSON = "application/json";

    /** Both ways in: the Bearer token, and HTTP Basic as Bitcoin Core's clients answer (realm as Core's). */
    private static final List<String> CHALLENGES = List.of("Bearer realm=\"minicoin\"", "Basic realm=\"jsonrpc\"");

    /** Key of the {@link CallSlot} a request holds in its routing context. */
    private static final String CALL_SLOT = "minicoin.rpc.callSlot";

    private final Duration busTimeout;
    private final RpcLimits limits;
    private final ConnectionTable<HttpConnection> connections;
    private int callsInFlight;
    private NodeConfig nodeConfig;
    private HttpServer server;
    private MonitorRoutes monitor;
    private CookieFile cookie;
    private volatile int actualPort = -1;

    public RpcVerticle() {
        this(BusClient.DEFAULT_TIMEOUT);
    }

    /** @param busTimeout how long a method waits for a service's answer (generate waits longer) */
    public RpcVerticle(Duration busTimeout) {
        this(busTimeout, RpcLimits.DEFAULT);
    }

    /** With other connection and work limits; tests use small ones. */
    public RpcVerticle(Duration busTimeout, RpcLimits limits) {
        this.busTimeout = Objects.requireNonNull(busTimeout, "busTimeout");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.connections = new ConnectionTable<>(limits.maxConnections(), limits.idleTimeout().toMillis());
    }

    @Override
    public Future<?> start() {
        try {
            nodeConfig = NodeConfig.fromJson(config());
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        return token()
                .compose(this::listen)
                .recover(failure -> deleteCookie().transform(ignored -> Future.failedFuture(failure)));
    }

    @Override
    public Future<?> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        if (monitor != null) {
            monitor.close();
        }
        return closed.eventually(this::deleteCookie)
                .onSuccess(ignored -> LOG.info("RPC server stopped"));
    }

    /** The port the server listens on (the chosen one when {@code rpc.port} is 0); -1 before start. */
    public int actualPort() {
        return actualPort;
    }

    /** The cookie file holding the token, while the server runs with a generated one. */
    public Optional<Path> cookiePath() {
        return Optional.ofNullable(cookie).map(CookieFile::path);
    }

    private Future<String> token() {
        Optional<String> configured = nodeConfig.rpc().token();
        if (configured.isPresent()) {
            return Future.succeededFuture(configured.get());
        }
        return CookieFile.create(vertx, nodeConfig.dataDir()).map(created -> {
            cookie = created;
            LOG.info(() -> "RPC token written to " + created.path().toAbsolutePath().normalize());
            return created.token();
        });
    }

    private Future<Void> deleteCookie() {
        return cookie == null ? Future.succeededFuture() : cookie.delete(vertx);
    }

    private Future<HttpServer> listen(String token) {
        NodeConfig.Rpc rpc = nodeConfig.rpc();
        BusAddresses addresses = new BusAddresses(nodeConfig.node().busPrefix());
        BusClient bus = new BusClient(vertx.eventBus(), addresses, busTimeout);
        monitor = new MonitorRoutes(vertx, bus, addresses, Readiness.alone(nodeConfig));
        RpcDispatcher dispatcher = new RpcDispatcher(RpcMethods.standard(nodeConfig.network()), bus, rpc.maxBatch(),
                monitor.metrics()::rpcCall);
        ExplorerRoutes explorer = new ExplorerRoutes(vertx, new ExplorerQueries(bus),
                new HostCheck(rpc.host(), rpc.allowedHosts()), addresses);
        // HTTP/1.1 only: with h2c on, Vert.x waits for a client's first bytes to choose the protocol,
        // so a socket that sends nothing would never be counted, nor ever time out.
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false);
        // HTTPS when configured (NodeConfig requires it off loopback); no ALPN, so still HTTP/1.1 only.
        rpc.tls().ifPresent(tls -> options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setKeyPath(tls.key().toString()).setCertPath(tls.cert().toString())));
        String scheme = rpc.tls().isPresent() ? "https" : "http";
        server = vertx.createHttpServer(options)
                .connectionHandler(this::admit)
                .requestHandler(router(new RpcAuthenticator(token, rpc.rpcauth().stream().map(RpcAuthLine::parse).toList()),
                        dispatcher, explorer));
        long sweep = Math.max(MIN_IDLE_SWEEP_MILLIS, Math.min(MAX_IDLE_SWEEP_MILLIS, limits.idleTimeout().toMillis() / 4));
        vertx.setPeriodic(sweep, id -> connections.idle(now()).forEach(HttpConnection::close));
        return server.listen(rpc.port(), rpc.host()).onSuccess(listening -> {
            actualPort = listening.actualPort();
            LOG.info(() -> "RPC server listening on " + scheme + "://" + rpc.host() + ":" + actualPort + "/");
        });
    }

    private Router router(RpcAuthenticator token, RpcDispatcher dispatcher, ExplorerRoutes explorer) {
        int maxBodyBytes = nodeConfig.rpc().maxBodyBytes();
        Router router = Router.router(vertx);
        router.route().handler(this::track);
        // The explorer, /metrics, /health and /ready: GET only, each from a host name of ours
        // (docs/explorer.md, docs/metrics.md). RPC stays POST /.
        router.get().handler(explorer::checkHost);
        explorer.mount(router);
        monitor.metrics().liveClients(explorer::liveClients);
        List<Handler<RoutingContext>> monitorGuards = nodeConfig.rpc().monitoringRequiresToken()
                ? List.of(ctx -> authorize(ctx, token)) : List.of();
        monitor.mount(router, monitorGuards);
        // The token is checked before the body is read (a route of its own: vertx-web puts body
        // handlers first within a route), so strangers cannot make the node buffer a megabyte.
        router.post("/").handler(ctx -> authorize(ctx, token));
        // Admitted before the body is read too, so a full work queue buffers nothing.
        router.post("/").handler(this::admitCall);
        router.post("/")
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(ctx -> dispatch(ctx, dispatcher));
        router.route("/").handler(ctx -> {
            ctx.response().putHeader(HttpHeaders.ALLOW, "GET, POST");
            fail(ctx, 405, RpcError.INVALID_REQUEST, "invalid request: use POST");
        });
        router.route().handler(ctx -> fail(ctx, 404, RpcError.INVALID_REQUEST, "invalid request: the RPC path is /"));
        router.errorHandler(413, ctx -> fail(ctx, 413, RpcError.INVALID_REQUEST,
                "request body exceeds " + maxBodyBytes + " bytes"));
        router.errorHandler(500, ctx -> {
            LOG.log(Level.WARNING, "RPC request failed", ctx.failure());
            fail(ctx, 500, RpcError.INTERNAL_ERROR, RpcError.INTERNAL_ERROR.message());
        });
        return router;
    }

    /** A new connection: kept, or closed at once when the table is full of clients with the token. */
    private void admit(HttpConnection connection) {
        ConnectionTable.Admission<HttpConnection> admission = connections.opened(connection, now());
        if (!admission.accepted()) {
            LOG.fine(() -> "RPC connection from " + connection.remoteAddress() + " refused: "
                    + limits.maxConnections() + " connections open");
            connection.close();
            return;
        }
        admission.evicted().ifPresent(HttpConnection::close);
        connection.closeHandler(closed -> connections.closed(connection));
    }

    /** Every request: its connection is busy, not idle, until the request is answered. */
    private void track(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        connections.requestStarted(connection, now());
        ctx.addEndHandler(ended -> connections.requestEnded(connection, now()));
        ctx.next();
    }

    /** Takes one of the {@link RpcLimits#maxCallsInFlight} places, or answers 503. */
    private void admitCall(RoutingContext ctx) {
        if (callsInFlight >= limits.maxCallsInFlight()) {
            fail(ctx, 503, RpcError.WORK_QUEUE_FULL, "work queue full: " + callsInFlight
                    + " calls in flight, try again shortly");
            return;
        }
        callsInFlight++;
        CallSlot slot = new CallSlot();
        ctx.put(CALL_SLOT, slot);
        // A request that never reaches the dispatcher (a body too large, a client gone) gives its place back as it ends.
        ctx.addEndHandler(ended -> {
            if (!slot.dispatched) {
                slot.release();
            }
        });
        ctx.next();
    }

    /** One place in the work queue, given back exactly once: when its calls are done, or its request ends without any. */
    private final class CallSlot {
        boolean dispatched;
        private boolean released;

        void release() {
            if (!released) {
                released = true;
                callsInFlight--;
            }
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    private void authorize(RoutingContext ctx, RpcAuthenticator token) {
        if (token.accepts(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            connections.authorised(ctx.request().connection());
            ctx.next();
        } else {
            // Held back RpcLimits.authFailureDelay, as Core does, so guessing a password is slow. Meanwhile
            // the connection counts as idle, so a stranger waiting for refusals still gives way to a client.
            connections.requestEnded(ctx.request().connection(), now());
            vertx.setTimer(Math.max(1, limits.authFailureDelay().toMillis()), id -> {
                if (!ctx.response().closed()) {
                    ctx.response().putHeader("WWW-Authenticate", CHALLENGES);
                    fail(ctx, 401, RpcError.UNAUTHORIZED, RpcError.UNAUTHORIZED.message());
                }
            });
        }
    }

    private static void dispatch(RoutingContext ctx, RpcDispatcher dispatcher) {
        CallSlot slot = ctx.get(CALL_SLOT);
        slot.dispatched = true;
        dispatcher.dispatch(ctx.body().buffer()).onComplete(done -> {
            // The calls are done with the bus, whether or not the client is still there for the answer.
            slot.release();
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            RpcDispatcher.Reply reply = done.result();
            Future<Void> written = reply.body() == null
                    ? ctx.response().setStatusCode(204).end()
                    : ctx.response().setStatusCode(reply.status()).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                            .end(Json.encode(reply.body()));
            written.onComplete(ignored -> reply.afterReply().forEach(Runnable::run));
        });
    }

    private static void fail(RoutingContext ctx, int status, RpcError error, String message) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        JsonObject body = RpcDispatcher.errorResponse(null, new RpcException(error, message));
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
    }
}
