package minicoin.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionTableTest {

    private static final long IDLE = 30_000;

    private final ConnectionTable<String> table = new ConnectionTable<>(3, IDLE);

    @Test
    void aNewcomerAtTheCapTakesThePlaceOfTheLeastRecentlyActiveStranger() {
        table.opened("a", 0);
        table.opened("b", 10);
        table.opened("c", 20);
        table.requestStarted("a", 30);
        table.requestEnded("a", 31); // a stranger still (no token), but active after b

        ConnectionTable.Admission<String> admission = table.opened("d", 40);

        assertTrue(admission.accepted());
        assertEquals(Optional.of("b"), admission.evicted());
        assertEquals(3, table.size());
    }

    @Test
    void clientsWithTheTokenNeverGiveWayAndANewcomerIsThenRefused() {
        for (String c : List.of("a", "b", "c")) {
            table.opened(c, 0);
            table.requestStarted(c, 1);
            table.authorised(c);
            table.requestEnded(c, 2);
        }

        ConnectionTable.Admission<String> admission = table.opened("stranger", 3);

        assertFalse(admission.accepted());
        assertEquals(Optional.empty(), admission.evicted());
        assertEquals(3, table.size());
        table.closed("b");
        assertTrue(table.opened("stranger", 4).accepted(), "a place freed is a place");
    }

    @Test
    void aConnectionBeingAnsweredNeverGivesWay() {
        table.opened("a", 0);
        table.opened("b", 0);
        table.opened("c", 0);
        for (String c : List.of("a", "b", "c")) {
            table.requestStarted(c, 1); // 401s or calls not answered yet
        }
        assertFalse(table.opened("d", 2).accepted());
    }

    @Test
    void aConnectionIsIdleAfterTheTimeoutWithoutARequest() {
        table.opened("silent", 0);
        table.opened("client", 0);
        table.requestStarted("client", 10_000);
        table.requestEnded("client", 10_001);

        assertEquals(List.of(), table.idle(IDLE - 1));
        assertEquals(List.of("silent"), table.idle(IDLE));
        assertEquals(List.of("client"), table.idle(10_001 + IDLE).stream().filter("client"::equals).toList());
    }

    @Test
    void aRequestInFlightIsNeverIdleHoweverLongItsAnswerTakes() {
        table.opened("generate", 0);
        table.requestStarted("generate", 1);
        assertEquals(List.of(), table.idle(100 * IDLE), "generate 1000 may wait half an hour");
        table.requestEnded("generate", 100 * IDLE);
        assertEquals(List.of("generate"), table.idle(101 * IDLE));
    }

    @Test
    void aClosedConnectionIsForgotten() {
        table.opened("a", 0);
        table.closed("a");
        table.closed("a");
        table.requestStarted("a", 1);
        assertEquals(0, table.size());
        assertEquals(List.of(), table.idle(2 * IDLE));
    }
}
