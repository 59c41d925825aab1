package minicoin.rpc.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveFeedTest {

    /** A connection whose write queue holds what it was sent until the test drains it. */
    private static final class FakeClient implements LiveFeed.Client {
        final List<String> written = new ArrayList<>();
        boolean full;
        boolean closed;

        @Override
        public boolean backedUp() {
            return full;
        }

        @Override
        public void write(String event) {
            written.add(event);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void everyClientGetsEachEventInSseFormat() {
        LiveFeed<FakeClient> feed = new LiveFeed<>();
        FakeClient a = new FakeClient();
        FakeClient b = new FakeClient();
        feed.join(a);
        feed.join(b);

        feed.push("block", "{\"height\":1}");

        assertEquals(List.of("event: block\ndata: {\"height\":1}\n\n"), a.written);
        assertEquals(a.written, b.written);
    }

    @Test
    void clientsAreBoundedInNumber() {
        LiveFeed<FakeClient> feed = new LiveFeed<>(2);
        assertTrue(feed.join(new FakeClient()));
        assertTrue(feed.join(new FakeClient()));
        FakeClient third = new FakeClient();

        assertFalse(feed.join(third));
        assertEquals(2, feed.size());
        feed.push("tx", "{}");
        assertTrue(third.written.isEmpty());
    }

    @Test
    void aClientThatDoesNotKeepUpIsDroppedNotBufferedFor() {
        LiveFeed<FakeClient> feed = new LiveFeed<>();
        FakeClient slow = new FakeClient();
        FakeClient fast = new FakeClient();
        feed.join(slow);
        feed.join(fast);
        slow.full = true;

        for (int i = 0; i < 1_000; i++) {
            feed.push("tx", "{\"n\":" + i + "}");
        }

        assertTrue(slow.closed);
        assertTrue(slow.written.isEmpty(), "nothing more was queued for it");
        assertEquals(1, feed.size());
        assertEquals(1, feed.dropped());
        assertEquals(1_000, fast.written.size());
        // A place freed by a dropped client is free for the next.
        assertTrue(feed.join(new FakeClient()));
    }

    @Test
    void aClientThatLeftGetsNothingMore() {
        LiveFeed<FakeClient> feed = new LiveFeed<>();
        FakeClient gone = new FakeClient();
        feed.join(gone);
        feed.leave(gone);

        feed.heartbeat();

        assertTrue(gone.written.isEmpty());
        assertEquals(0, feed.size());
    }
}
