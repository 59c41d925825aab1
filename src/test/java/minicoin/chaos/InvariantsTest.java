package minicoin.chaos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each invariant holds on a good record and breaks on a bad one: none is a check that cannot fail. */
class InvariantsTest {

    private static Round round(long at, String... tips) {
        List<NodeState> states = new java.util.ArrayList<>();
        for (int i = 0; i < tips.length; i++) {
            states.add(tips[i] == null ? NodeState.down(i) : new NodeState(i, true, 10, tips[i], 0, 1, 1));
        }
        return new Round(at, states);
    }

    @Test
    void convergenceHoldsWhenEveryNodeSharesATipWithinTheBound() {
        List<Round> rounds = List.of(round(1_000, "a", "b", "a"), round(5_000, "c", "c", "c"));
        InvariantResult result = Invariants.convergence(rounds, 2_000, 10_000);
        assertTrue(result.held(), result.toString());
        assertTrue(result.evidence().contains("3.0 s"), result.evidence());
    }

    @Test
    void convergenceBreaksOnASplitAfterTheRepair() {
        List<Round> rounds = List.of(round(5_000, "c", "c", "d"), round(9_000, "c", "c", "d"));
        assertFalse(Invariants.convergence(rounds, 2_000, 10_000).held());
    }

    @Test
    void convergenceBreaksWhenAgreementComesTooLate() {
        List<Round> rounds = List.of(round(5_000, "c", "d", "d"), round(30_000, "e", "e", "e"));
        assertFalse(Invariants.convergence(rounds, 2_000, 10_000).held());
    }

    @Test
    void convergenceBreaksWhileANodeIsDown() {
        List<Round> rounds = List.of(round(5_000, "c", "c", null));
        assertFalse(Invariants.convergence(rounds, 2_000, 10_000).held());
    }

    @Test
    void agreementBeforeTheRepairDoesNotCount() {
        List<Round> rounds = List.of(round(1_000, "a", "a", "a"), round(5_000, "c", "d", "d"));
        assertFalse(Invariants.convergence(rounds, 2_000, 10_000).held());
    }

    @Test
    void eachRepairGetsItsTimeToOneTipUnlessTheNextFaultComesFirst() {
        List<Round> rounds = List.of(round(1_000, "a", "b", "a"), round(4_000, "c", "c", "c"), round(9_000, "d", "e", "d"),
                round(20_000, "f", "f", "f"));
        Map<Long, String> repairs = new java.util.TreeMap<>(Map.of(2_000L, "heal", 8_000L, "restart n1"));
        List<String> lines = Invariants.convergenceTimes(rounds, repairs, List.of(5_000L, 10_000L));
        assertTrue(lines.get(0).startsWith("one tip 2.0 s after heal"), lines.get(0));
        assertTrue(lines.get(1).contains("the next fault came 2.0 s later"), lines.get(1));
        assertTrue(Invariants.convergenceTimes(rounds, Map.of(8_000L, "heal"), List.of()).get(0)
                .startsWith("one tip 12.0 s after heal"));
    }

    @Test
    void paymentsHoldWhenEachIsConfirmedOrConflicted() {
        List<Payment> payments = List.of(new Payment("aa".repeat(32), 0, 1, 1), new Payment("bb".repeat(32), 1, 0, 2));
        assertTrue(Invariants.payments(payments, Map.of("aa".repeat(32), "confirmed", "bb".repeat(32), "conflicted"))
                .held());
    }

    @Test
    void aPaymentPendingOrGoneBreaksThePaymentsInvariant() {
        List<Payment> payments = List.of(new Payment("aa".repeat(32), 0, 1, 1), new Payment("bb".repeat(32), 1, 0, 2));
        assertFalse(Invariants.payments(payments, Map.of("aa".repeat(32), "confirmed", "bb".repeat(32), "pending")).held());
        assertFalse(Invariants.payments(payments, Map.of("aa".repeat(32), "confirmed")).held());
    }

    @Test
    void noPaymentAtAllIsABrokenRunNotAHeldInvariant() {
        assertFalse(Invariants.payments(List.of(), Map.of()).held());
    }

    @Test
    void anUnexpectedExitBreaksNoCrash() {
        assertTrue(Invariants.noCrash(List.of(), 3, 1).held());
        assertFalse(Invariants.noCrash(List.of("n1 exited with 3 unasked"), 3, 1).held());
    }

    @Test
    void aNodeOverTheBoundBreaksBounded() {
        assertTrue(Invariants.bounded("heap", Map.of(0, 10L, 1, 20L), 20).held());
        assertFalse(Invariants.bounded("heap", Map.of(0, 10L, 1, 21L), 20).held());
        assertFalse(Invariants.bounded("heap", Map.of(), 20).held());
    }
}
