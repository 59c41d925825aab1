package minicoin.rpc.explorer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import minicoin.bus.BusAddresses;
import minicoin.core.Transaction;
import minicoin.core.TxOut;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;

/**
 * The explorer's HTTP side, on the RPC server's router (docs/explorer.md): the pages
 * ({@code GET /}, {@code /block/ID}, {@code /tx/TXID}, {@code /address/ADDRESS}, one HTML page that
 * renders itself from the JSON under {@code /api/}), the static assets under {@code /assets/}, and
 * the live feed {@code /events} (server-sent events from {@code chain.tip} and
 * {@code mempool.txAccepted}). Every GET first passes the {@link HostCheck}.
 */
public final class ExplorerRoutes {

    private static final Logger LOG = Logger.getLogger(ExplorerRoutes.class.getName());
    /** Where the page and its assets are in the jar. */
    static final String WEB_ROOT = "minicoin/explorer";
    /**
     * Bytes an SSE client may leave unread before it is dropped: some hundred events, far more
     * than a browser that keeps up ever leaves (it reloads the summary after a reconnect anyway).
     */
    static final int SSE_WRITE_QUEUE_BYTES = 64 * 1024;
    /** An SSE comment this often keeps idle proxies from closing the stream and finds gone clients. */
    static final long HEARTBEAT_MILLIS = 15_000;
    /** How soon a browser reconnects a dropped stream (the SSE "retry" field). */
    static final long RECONNECT_MILLIS = 2_000;
    /**
     * What the page may load and run: only its own origin's assets and stream; no inline script, no
     * frames. Even text that slipped into the page as HTML could then run nothing.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    /**
     * API requests answered at once: a browser tab makes one at a time, 16 live tabs at most make
     * 16; beyond that it is a script, and it waits (503) rather than queueing chain work.
     */
    static final int MAX_API_IN_FLIGHT = 16;

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern BLOCK_ID = Pattern.compile("[0-9a-f]{64}|\\d{1,9}");

    private final Vertx vertx;
    private final ExplorerQueries queries;
    private final HostCheck hosts;
    private final BusAddresses addresses;
    private final LiveFeed<SseClient> feed = new LiveFeed<>();
    private final InFlightLimit apiSlots = new InFlightLimit(MAX_API_IN_FLIGHT);
    private final Buffer page;

    public ExplorerRoutes(Vertx vertx, ExplorerQueries queries, HostCheck hosts, BusAddresses addresses) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.queries = Objects.requireNonNull(queries, "queries");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.page = Buffer.buffer(resource(WEB_ROOT + "/index.html"));
    }

    /** Every GET of the node: from a name that is not ours, 403 (a DNS-rebinding page). */
    public void checkHost(RoutingContext ctx) {
        if (hosts.allows(ctx.request().getHeader(HttpHeaders.HOST))) {
            ctx.next();
        } else {
            ctx.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .end("403: this node answers only to the host names in its configuration (rpc.allowedHosts)\n");
        }
    }

    /** Adds the explorer's routes and starts the live feed; call from the RPC verticle's start. */
    public void mount(Router router) {
        router.get("/").handler(this::page);
        router.get("/block/:id").handler(this::page);
        router.get("/tx/:txid").handler(this::page);
        router.get("/address/:address").handler(this::page);
        router.get("/assets/*").handler(ctx -> {
            secure(ctx.response());
            ctx.next();
        });
        router.get("/assets/*").handler(StaticHandler.create(WEB_ROOT + "/assets").setDirectoryListing(false));
        router.get("/api/*").handler(this::admitApi);
        router.get("/api/home").handler(ctx -> answer(ctx, queries.home()));
        router.get("/api/block/:id").handler(ctx -> {
            String id = ctx.pathParam("id").toLowerCase(Locale.ROOT);
            answer(ctx, BLOCK_ID.matcher(id).matches() ? queries.block(id) : badRequest("not a block height or hash"));
        });
        router.get("/api/tx/:txid").handler(ctx -> {
            String txid = ctx.pathParam("txid").toLowerCase(Locale.ROOT);
            Optional<String> block = Optional.ofNullable(ctx.queryParams().get("block"))
                    .map(b -> b.toLowerCase(Locale.ROOT));
            answer(ctx, HASH.matcher(txid).matches() && block.map(b -> HASH.matcher(b).matches()).orElse(true)
                    ? queries.transaction(txid, block) : badRequest("not a transaction id"));
        });
        router.get("/api/address/:address").handler(ctx -> answer(ctx,
                SearchQuery.parse(ctx.pathParam("address")).filter(q -> q.kind() == SearchQuery.Kind.ADDRESS)
                        .map(q -> queries.address(q.value())).orElseGet(() -> badRequest("not an address"))));
        router.get("/api/search").handler(ctx -> answer(ctx, search(ctx.queryParams().get("q"))));
        router.get("/events").handler(this::events);

        vertx.eventBus().<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_TIP),
                tip -> feed.push("block", new JsonObject().put("hash", tip.body().getString("hash"))
                        .put("height", tip.body().getValue("height")).encode()));
        vertx.eventBus().<Transaction>consumer(addresses.of(BusAddresses.MEMPOOL_TX_ACCEPTED), accepted -> {
            Transaction tx = accepted.body();
            long value = tx.outputs().stream().mapToLong(TxOut::value).sum();
            feed.push("tx", new JsonObject().put("txid", tx.txid().toString()).put("size", tx.size())
                    .put("value", value).encode());
        });
        vertx.setPeriodic(HEARTBEAT_MILLIS, id -> feed.heartbeat());
    }

    /** Clients of the live feed now. */
    public int liveClients() {
        return feed.size();
    }

    /** Takes one of the {@link #MAX_API_IN_FLIGHT} places until the answer ends, or answers 503. */
    private void admitApi(RoutingContext ctx) {
        if (!apiSlots.tryAcquire()) {
            secure(ctx.response()).setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, "1")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                    .end(new JsonObject().put("error", "the explorer is busy: " + MAX_API_IN_FLIGHT
                            + " requests in flight, try again shortly").encode());
            return;
        }
        ctx.addEndHandler(ended -> apiSlots.release());
        ctx.next();
    }

    private Future<JsonObject> search(String text) {
        Optional<SearchQuery> query = SearchQuery.parse(text);
        if (query.isEmpty()) {
            return badRequest("search for a block height, a block hash, a transaction id or an address");
        }
        return switch (query.get().kind()) {
            case HEIGHT -> Future.succeededFuture(new JsonObject().put("page", "block").put("id", query.get().value()));
            case ADDRESS -> Future.succeededFuture(new JsonObject().put("page", "address").put("id", query.get().value()));
            case HASH -> queries.locateHash(query.get().value());
        };
    }

    private void page(RoutingContext ctx) {
        secure(ctx.response()).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(page);
    }

    private void events(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        SseClient client = new SseClient(response);
        if (!feed.join(client)) {
            response.setStatusCode(503).putHeader(HttpHeaders.RETRY_AFTER, "10").end();
            return;
        }
        response.closeHandler(closed -> feed.leave(client));
        secure(response).setChunked(true).setWriteQueueMaxSize(SSE_WRITE_QUEUE_BYTES)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .write("retry: " + RECONNECT_MILLIS + "\n\n");
    }

    private static void answer(RoutingContext ctx, Future<JsonObject> view) {
        view.onComplete(done -> {
            HttpServerResponse response = ctx.response();
            if (response.ended() || response.closed()) {
                return;
            }
            secure(response).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            if (done.succeeded()) {
                response.end(done.result().encode());
                return;
            }
            Throwable failure = done.cause();
            int status = 500;
            String message = "the node could not answer: " + failure.getMessage();
            if (failure instanceof RpcException rpc) {
                status = switch (rpc.error()) {
                    case NOT_FOUND, BAD_ADDRESS -> 404;
                    case INVALID_PARAMS, INVALID_REQUEST -> 400;
                    case NO_GENESIS -> 404;
                    default -> 502;
                };
                message = rpc.getMessage();
            } else {
                LOG.log(Level.WARNING, "Explorer request " + ctx.request().path() + " failed", failure);
            }
            response.setStatusCode(status).end(new JsonObject().put("error", message).encode());
        });
    }

    private static Future<JsonObject> badRequest(String why) {
        return Future.failedFuture(new RpcException(RpcError.INVALID_PARAMS, why));
    }

    static HttpServerResponse secure(HttpServerResponse response) {
        return response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer");
    }

    private static byte[] resource(String name) {
        try (InputStream in = ExplorerRoutes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SSE connection as the {@link LiveFeed} sees it. */
    private static final class SseClient implements LiveFeed.Client {
        private final HttpServerResponse response;

        SseClient(HttpServerResponse response) {
            this.response = response;
        }

        @Override
        public boolean backedUp() {
            return response.writeQueueFull();
        }

        @Override
        public void write(String event) {
            response.write(event);
        }

        @Override
        public void close() {
            response.reset();
        }
    }
}
