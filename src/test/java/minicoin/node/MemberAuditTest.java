package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which cluster members prove a certificate: the audit's verdicts, with the bus replaced by a function. */
class MemberAuditTest {

    private static final long INTERVAL_MILLIS = 20;
    private static final long DEADLINE_MILLIS = 200;

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /** Members in {@code answering} answer for {@code answeringAs}'s id (their own unless mapped); others fail. */
    private MemberAudit audit(Set<String> answering, Map<String, String> answeringAs) {
        return new MemberAudit(vertx, id -> {
            asked.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
            return answering.contains(id)
                    ? Future.succeededFuture(new JsonObject().put("member", answeringAs.getOrDefault(id, id)))
                    : Future.failedFuture("no answer");
        }, INTERVAL_MILLIS, DEADLINE_MILLIS);
    }

    @Test
    void aMemberThatAnswersForItselfIsCertified() throws Exception {
        MemberAudit audit = audit(Set.of("a"), Map.of());

        audit.joined("a", "[10.0.0.2]:5701");

        await(() -> audit.certified().contains("a"));
        assertEquals(Set.of(), audit.strangers());
        assertEquals(1, asked.get("a").get(), "asked once");
    }

    @Test
    void aMemberThatNeverAnswersIsAStrangerAfterTheDeadline() throws Exception {
        MemberAudit audit = audit(Set.of(), Map.of());
        long start = System.nanoTime();

        audit.joined("s", "[10.0.0.9]:5701");

        await(() -> audit.strangers().contains("s"));
        assertTrue((System.nanoTime() - start) / 1_000_000 >= DEADLINE_MILLIS - INTERVAL_MILLIS, "not before the deadline");
        assertTrue(asked.get("s").get() > 1, "asked again while its answer might not be registered yet");
        assertEquals(Set.of(), audit.certified());
    }

    @Test
    void anAnswerForAnotherMemberProvesNothing() throws Exception {
        MemberAudit audit = audit(Set.of("s"), Map.of("s", "a"));

        audit.joined("s", "[10.0.0.9]:5701");

        await(() -> audit.strangers().contains("s"));
        assertEquals(Set.of(), audit.certified());
    }

    @Test
    void aMemberThatLeavesIsNoLongerAsked() throws Exception {
        MemberAudit audit = audit(Set.of(), Map.of());
        audit.joined("s", "[10.0.0.9]:5701");
        await(() -> asked.containsKey("s"));

        audit.left("s");
        int askedWhenItLeft = asked.get("s").get();
        Thread.sleep(DEADLINE_MILLIS * 2);

        assertTrue(asked.get("s").get() <= askedWhenItLeft + 1, "at most the probe in flight");
        assertEquals(Set.of(), audit.strangers());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
