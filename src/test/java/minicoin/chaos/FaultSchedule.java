package minicoin.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A run's faults, drawn from a seed so that a run can be repeated: the same seed and sizes give
 * the same schedule. Every fault is undone before {@link #quietFromMillis}: partitions heal, killed
 * nodes restart, slow links recover; the run's end is quiet, so the network can be seen converging.
 *
 * @param faults          in time order
 * @param quietFromMillis after this no fault is in force
 */
public record FaultSchedule(List<Fault> faults, long quietFromMillis) {

    /** At most this share of the nodes is down at once (killed or being wiped): the "a third". */
    static final double MAX_DOWN_SHARE = 1.0 / 3;

    public FaultSchedule {
        faults = faults.stream().sorted(Comparator.comparingLong(Fault::atMillis)).toList();
    }

    /**
     * The suite's small schedule: after {@code warmupMillis} one partition of {@code nodes} into two
     * groups for {@code partitionMillis}, then, once healed, one node killed for {@code downMillis}
     * and restarted. Which nodes, from the seed.
     */
    public static FaultSchedule small(long seed, int nodes, long warmupMillis, long partitionMillis, long downMillis) {
        requireNodes(nodes, 3);
        Random random = new Random(seed);
        List<Integer> order = shuffled(nodes, random);
        Set<Integer> minority = Set.of(order.get(0));
        Set<Integer> majority = new HashSet<>(order.subList(1, nodes));
        long healAt = warmupMillis + partitionMillis;
        // Kill a node of the majority, so the node that was cut off and the one that was killed differ.
        int victim = order.get(1 + random.nextInt(nodes - 1));
        long killAt = healAt + partitionMillis / 2;
        List<Fault> faults = List.of(
                new Fault.Partition(warmupMillis, List.of(minority, majority)),
                new Fault.Heal(healAt),
                new Fault.Kill(killAt, victim),
                new Fault.Restart(killAt + downMillis, victim));
        return new FaultSchedule(faults, killAt + downMillis);
    }

    /**
     * The full schedule: from {@code warmupMillis} until {@code faultEndMillis}, a fault every few
     * seconds drawn from: partitions into two or three groups (healed after 10–40 s, one at a time),
     * SIGKILL and restart (down 5–20 s, at most a third of the nodes at once), one node's links
     * made {@code slow} for 20–60 s, and at most one wipe and resync. Clock skew is not a step of
     * the schedule: a node's clock offset is given at its start ({@link ChaosConfig#clockOffsets}).
     */
    public static FaultSchedule full(long seed, int nodes, long warmupMillis, long faultEndMillis, LinkShape slow) {
        requireNodes(nodes, 3);
        Random random = new Random(seed);
        int maxDown = Math.max(1, (int) Math.floor(nodes * MAX_DOWN_SHARE));
        List<Fault> faults = new ArrayList<>();
        List<long[]> downs = new ArrayList<>(); // {node, from, until}
        long partitionFreeFrom = warmupMillis;
        long slowFreeFrom = warmupMillis;
        boolean wiped = false;
        long t = warmupMillis;
        while (true) {
            t += 3_000 + random.nextInt(5_000);
            if (t >= faultEndMillis) {
                break;
            }
            int kind = random.nextInt(10);
            if (kind < 3 && t >= partitionFreeFrom) {
                long until = Math.min(t + 10_000 + random.nextInt(30_000), faultEndMillis);
                int groupCount = nodes >= 6 && random.nextBoolean() ? 3 : 2;
                faults.add(new Fault.Partition(t, groups(shuffled(nodes, random), groupCount, random)));
                faults.add(new Fault.Heal(until));
                partitionFreeFrom = until + 5_000;
            } else if (kind < 7) {
                long until = Math.min(t + 5_000 + random.nextInt(15_000), faultEndMillis);
                int node = random.nextInt(nodes);
                if (downAt(downs, node, t, until) || concurrentDowns(downs, t, until) >= maxDown) {
                    continue;
                }
                boolean wipe = !wiped && random.nextInt(4) == 0;
                wiped |= wipe;
                faults.add(wipe ? new Fault.Wipe(t, node) : new Fault.Kill(t, node));
                faults.add(new Fault.Restart(until, node));
                downs.add(new long[] {node, t, until});
            } else if (t >= slowFreeFrom) {
                long until = Math.min(t + 20_000 + random.nextInt(40_000), faultEndMillis);
                int node = random.nextInt(nodes);
                faults.add(new Fault.SlowLinks(t, node, slow));
                faults.add(new Fault.RestoreLinks(until, node));
                slowFreeFrom = until + 1_000;
            }
        }
        return new FaultSchedule(faults, faults.stream().mapToLong(Fault::atMillis).max().orElse(warmupMillis));
    }

    /**
     * Partitions only, for measuring convergence by link shape ({@code scripts/chaos-sweep}): from
     * {@code warmupMillis}, the nodes split into two groups (a third of them cut off, which third from
     * the seed) for {@code partitionMillis}, then healed and left whole for {@code wholeMillis}, again
     * and again while a whole cycle still ends by {@code faultEndMillis}. Nothing else happens, so each
     * heal meets a quiet network and its convergence time is a clean figure.
     */
    public static FaultSchedule partitions(long seed, int nodes, long warmupMillis, long faultEndMillis,
            long partitionMillis, long wholeMillis) {
        requireNodes(nodes, 3);
        Random random = new Random(seed);
        int cutOff = Math.max(1, nodes / 3);
        List<Fault> faults = new ArrayList<>();
        for (long t = warmupMillis; t + partitionMillis + wholeMillis <= faultEndMillis; t += partitionMillis + wholeMillis) {
            List<Integer> order = shuffled(nodes, random);
            faults.add(new Fault.Partition(t, List.of(new HashSet<>(order.subList(0, cutOff)),
                    new HashSet<>(order.subList(cutOff, nodes)))));
            faults.add(new Fault.Heal(t + partitionMillis));
        }
        if (faults.isEmpty()) {
            throw new IllegalArgumentException("no partition of " + partitionMillis + " ms and " + wholeMillis
                    + " ms whole fits between " + warmupMillis + " and " + faultEndMillis + " ms");
        }
        return new FaultSchedule(faults, faults.get(faults.size() - 1).atMillis());
    }

    /** The time of the last heal or restart: when the network was last whole again. */
    public long lastRepairMillis() {
        return faults.stream().filter(f -> f instanceof Fault.Heal || f instanceof Fault.Restart
                || f instanceof Fault.RestoreLinks).mapToLong(Fault::atMillis).max().orElse(0);
    }

    /** The most nodes down (killed or wiped, not yet restarted) at any one time. */
    public int mostNodesDownAtOnce() {
        Set<Integer> down = new HashSet<>();
        int most = 0;
        for (Fault fault : faults) {
            if (fault instanceof Fault.Kill kill) {
                down.add(kill.node());
            } else if (fault instanceof Fault.Wipe wipe) {
                down.add(wipe.node());
            } else if (fault instanceof Fault.Restart restart) {
                down.remove(restart.node());
            }
            most = Math.max(most, down.size());
        }
        return most;
    }

    private static List<Set<Integer>> groups(List<Integer> order, int count, Random random) {
        List<Set<Integer>> groups = new ArrayList<>();
        for (int g = 0; g < count; g++) {
            groups.add(new HashSet<>());
        }
        // Each group gets one node first, so none is empty; the rest fall at random.
        for (int i = 0; i < order.size(); i++) {
            groups.get(i < count ? i : random.nextInt(count)).add(order.get(i));
        }
        return groups;
    }

    private static boolean downAt(List<long[]> downs, int node, long from, long until) {
        // A node restarted less than 2 s ago counts as down too: its restart must not meet its next kill.
        return downs.stream().anyMatch(d -> d[0] == node && from < d[2] + 2_000 && d[1] < until);
    }

    private static int concurrentDowns(List<long[]> downs, long from, long until) {
        return (int) downs.stream().filter(d -> from < d[2] && d[1] < until).count();
    }

    private static List<Integer> shuffled(int nodes, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        return order;
    }

    private static void requireNodes(int nodes, int least) {
        if (nodes < least) {
            throw new IllegalArgumentException("a chaos run needs at least " + least + " nodes, got " + nodes);
        }
    }
}
