package minicoin.rpc.monitor;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import minicoin.bus.BusAddresses;
import minicoin.rpc.BusClient;

/**
 * {@code GET /metrics} (Prometheus text), {@code GET /health} and {@code GET /ready}
 * (vertx-health-check's JSON and status codes) on the RPC server (docs/metrics.md).
 *
 * <p>The registry is the one Vert.x's own metrics write to when the node's Vert.x was built with
 * {@link #vertxMetricsOptions()} (the launcher does): event bus, HTTP server, pools and the JVM.
 * A Vert.x without metrics (tests that build a plain one) gets a registry of its own here, with
 * the node's series and the JVM's only.
 */
public final class MonitorRoutes {

    /** The Vert.x metrics registry's name: one node per JVM, so one name (BackendRegistries is JVM-wide). */
    public static final String REGISTRY_NAME = "minicoin";
    /** How long a scrape or a readiness check waits for the chain and peer services: a scraper's own timeout is ~10 s. */
    static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(2);
    /** A health procedure that has not answered after this long counts as down. */
    static final long CHECK_TIMEOUT_MILLIS = 3_000;

    private final Vertx vertx;
    private final BusClient bus;
    private final BusAddresses addresses;
    private final boolean alone;
    private final PrometheusMeterRegistry registry;
    private final NodeMetrics metrics;
    private final List<AutoCloseable> binders;

    /**
     * @param bus   a client of this node's bus (asked with {@link #SERVICE_TIMEOUT})
     * @param alone whether /ready needs no peer ({@link Readiness#alone})
     */
    public MonitorRoutes(Vertx vertx, BusClient bus, BusAddresses addresses, boolean alone) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.alone = alone;
        PrometheusMeterRegistry shared = vertx.isMetricsEnabled()
                && BackendRegistries.getNow(REGISTRY_NAME) instanceof PrometheusMeterRegistry prometheus ? prometheus : null;
        if (shared != null) {
            registry = shared;
            binders = List.of();
        } else {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            JvmGcMetrics gc = new JvmGcMetrics();
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            gc.bindTo(registry);
            binders = List.of(gc);
        }
        metrics = new NodeMetrics(registry);
    }

    /**
     * Vert.x metrics into a Prometheus registry named {@link #REGISTRY_NAME}, with the JVM's: for
     * the launcher's VertxOptions.
     */
    public static MicrometerMetricsOptions vertxMetricsOptions() {
        return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                .setRegistryName(REGISTRY_NAME)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    }

    public NodeMetrics metrics() {
        return metrics;
    }

    /**
     * Adds the three routes behind {@code guard} (the host check, and the token when
     * {@code rpc.monitoringRequiresToken}), and starts counting the bus's events.
     */
    public void mount(Router router, List<Handler<RoutingContext>> guards) {
        guards.forEach(guard -> router.get("/metrics").handler(guard));
        router.get("/metrics").handler(this::scrape);

        HealthChecks health = HealthChecks.create(vertx);
        // Alive: this event loop answered. The services' state is /ready's business.
        health.register("node", promise -> promise.complete(Status.OK()));
        guards.forEach(guard -> router.get("/health").handler(guard));
        router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(health));

        HealthChecks ready = HealthChecks.create(vertx);
        ready.register("store", CHECK_TIMEOUT_MILLIS, readiness(0));
        ready.register("sync", CHECK_TIMEOUT_MILLIS, readiness(1));
        ready.register("peers", CHECK_TIMEOUT_MILLIS, readiness(2));
        guards.forEach(guard -> router.get("/ready").handler(guard));
        router.get("/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));

        vertx.eventBus().<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_TIP),
                tip -> metrics.tip(tip.body().getLong("height", -1L)));
        vertx.eventBus().<JsonObject>consumer(addresses.of(BusAddresses.CHAIN_BLOCK_PROCESSED),
                event -> metrics.blockProcessed(event.body()));
        vertx.eventBus().consumer(addresses.of(BusAddresses.MEMPOOL_TX_ACCEPTED), event -> metrics.transactionAccepted());
        vertx.eventBus().<JsonObject>consumer(addresses.of(BusAddresses.MEMPOOL_TX_REJECTED),
                event -> metrics.transactionRejected(event.body()));
    }

    /** Stops what this class bound to the JVM (its own registry only). */
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                // A GC listener that would not unregister leaves nothing to clean up but itself.
            }
        }
    }

    private void scrape(RoutingContext ctx) {
        Future<Optional<JsonObject>> chain = ask(BusAddresses.CHAIN_INFO);
        Future<Optional<JsonObject>> p2p = ask(BusAddresses.P2P_INFO);
        // ask() never fails: a service that does not answer leaves its figures as they were.
        Future.all(chain, p2p).onComplete(done -> {
            chain.result().ifPresent(metrics::chainInfo);
            p2p.result().ifPresent(metrics::p2pInfo);
            if (!ctx.response().closed()) {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                        .end(registry.scrape());
            }
        });
    }

    private Handler<Promise<Status>> readiness(int index) {
        return promise -> {
            Future<Optional<JsonObject>> chain = ask(BusAddresses.CHAIN_INFO);
            Future<Optional<JsonObject>> peers = ask(BusAddresses.P2P_PEERS);
            Future.all(chain, peers).onComplete(done -> {
                Readiness.Check check = Readiness.checks(chain.result(), peers.result(), alone).get(index);
                promise.complete(check.up() ? Status.OK(check.data()) : Status.KO(check.data()));
            });
        };
    }

    /** A service's answer, or empty when it does not run, fails or is slow. */
    private Future<Optional<JsonObject>> ask(String address) {
        return bus.request(address, new JsonObject(), SERVICE_TIMEOUT).map(Optional::of)
                .otherwise(failure -> Optional.empty());
    }
}
