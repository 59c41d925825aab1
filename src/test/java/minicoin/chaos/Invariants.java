package minicoin.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The checks of a chaos run on what it recorded: plain functions, so each can be shown to fail on made-up records. */
public final class Invariants {

    private Invariants() {
    }

    /**
     * After {@code repairedAtMillis} (the last heal or restart) every node is up and on one tip within
     * {@code boundMillis}. The evidence names the time it took, or the heights when it did not happen.
     */
    public static InvariantResult convergence(List<Round> rounds, long repairedAtMillis, long boundMillis) {
        Optional<Round> agreed = rounds.stream().filter(r -> r.atMillis() >= repairedAtMillis).filter(Round::allAgree)
                .findFirst();
        if (agreed.isPresent() && agreed.get().atMillis() - repairedAtMillis <= boundMillis) {
            Round round = agreed.get();
            return new InvariantResult("convergence", true, String.format("every node on %s at height %d %.1f s after"
                    + " the last repair (bound %d s)", Round.shortHash(round.nodes().get(0).tip()),
                    round.nodes().get(0).height(), (round.atMillis() - repairedAtMillis) / 1000.0, boundMillis / 1000));
        }
        String last = rounds.isEmpty() ? "no rounds" : rounds.get(rounds.size() - 1).heights();
        return new InvariantResult("convergence", false, agreed.map(r -> String.format(
                "one tip only %.1f s after the last repair, over the bound of %d s", (r.atMillis() - repairedAtMillis)
                        / 1000.0, boundMillis / 1000)).orElse("no common tip within " + boundMillis / 1000
                + " s of the last repair; last round: " + last));
    }

    /**
     * How long after each repair (heal, restart, links restored: {@code repairs}, time → what) every
     * node first shared one tip, the figure per fault that convergence's single bound sums up; when
     * a new fault ({@code disruptions}, their times) came first, the repair is reported interrupted.
     */
    public static List<String> convergenceTimes(List<Round> rounds, Map<Long, String> repairs, List<Long> disruptions) {
        List<String> lines = new ArrayList<>();
        repairs.forEach((at, what) -> {
            long next = disruptions.stream().filter(d -> d > at).min(Long::compare).orElse(Long.MAX_VALUE);
            Optional<Round> agreed = rounds.stream().filter(r -> r.atMillis() >= at).filter(Round::allAgree).findFirst();
            if (agreed.isPresent() && agreed.get().atMillis() <= next) {
                lines.add(String.format("one tip %.1f s after %s at %.1f s", (agreed.get().atMillis() - at) / 1000.0,
                        what, at / 1000.0));
            } else if (next != Long.MAX_VALUE) {
                lines.add(String.format("%s at %.1f s: the next fault came %.1f s later, before one tip", what,
                        at / 1000.0, (next - at) / 1000.0));
            } else {
                lines.add(String.format("no common tip after %s at %.1f s", what, at / 1000.0));
            }
        });
        return lines;
    }

    /**
     * Every acknowledged payment is confirmed on the common chain or reported conflicted by its wallet.
     *
     * @param fates txid → CONFIRMED (on the replayed chain), or the sender wallet's status otherwise
     */
    public static InvariantResult payments(List<Payment> payments, Map<String, String> fates) {
        Map<String, Integer> counts = new TreeMap<>();
        List<String> lost = new ArrayList<>();
        for (Payment payment : payments) {
            String fate = fates.getOrDefault(payment.txid(), "no answer");
            counts.merge(fate.split(" \\(")[0], 1, Integer::sum);
            if (!fate.equals("confirmed") && !fate.startsWith("conflicted")) {
                lost.add(payment.txid().substring(0, 12) + " from n" + payment.sender() + " at "
                        + payment.atMillis() / 1000 + " s: " + fate);
            }
        }
        String evidence = payments.size() + " acknowledged: " + counts
                + (lost.isEmpty() ? "" : "; not confirmed nor conflicted: " + lost.subList(0, Math.min(5, lost.size()))
                        + (lost.size() > 5 ? " and " + (lost.size() - 5) + " more" : ""));
        return new InvariantResult("payments", !payments.isEmpty() && lost.isEmpty(),
                payments.isEmpty() ? "no payment was acknowledged: the load did not run" : evidence);
    }

    /** No node exited but those killed on purpose. */
    public static InvariantResult noCrash(List<String> unexpectedExits, int nodes, int kills) {
        return new InvariantResult("no crash", unexpectedExits.isEmpty(), unexpectedExits.isEmpty()
                ? nodes + " nodes, " + kills + " killed on purpose, none exited otherwise"
                : String.join("; ", unexpectedExits));
    }

    /** Each node's figure (heap after a full collection, or bytes on disk) at most {@code bound}. */
    public static InvariantResult bounded(String name, Map<Integer, Long> bytesByNode, long bound) {
        long worst = bytesByNode.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        List<String> over = new ArrayList<>();
        bytesByNode.forEach((node, bytes) -> {
            if (bytes > bound) {
                over.add("n" + node + " " + mib(bytes));
            }
        });
        String evidence = "worst " + mib(worst) + " of a bound of " + mib(bound) + " over " + bytesByNode.size()
                + " nodes" + (over.isEmpty() ? "" : "; over: " + over);
        return new InvariantResult(name, !bytesByNode.isEmpty() && over.isEmpty(), evidence);
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }
}
