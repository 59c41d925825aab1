package minicoin.rpc;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watch the RPC tests rely on does see the blocked-thread checker's warnings. */
class NoBlockedThreadsTest {

    @Test
    void seesAnEventLoopHeldTooLong() throws Exception {
        NoBlockedThreads watch = new NoBlockedThreads();
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setBlockedThreadCheckInterval(10)
                .setMaxEventLoopExecuteTime(20)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
        boolean toConsole = watch.logger().getUseParentHandlers();
        // This warning is the point of the test; keep it out of the build log.
        watch.logger().setUseParentHandlers(false);
        watch.watch();
        CountDownLatch released = new CountDownLatch(1);
        try {
            vertx.runOnContext(ignored -> {
                sleep(300);
                released.countDown();
            });
            // The checker warns every 10 ms while the loop is held; stop listening only once it is free.
            released.await(10, TimeUnit.SECONDS);
        } finally {
            watch.stopWatching();
            watch.logger().setUseParentHandlers(toConsole);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertFalse(watch.warnings().isEmpty());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
