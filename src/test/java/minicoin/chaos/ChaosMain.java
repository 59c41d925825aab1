package minicoin.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The full chaos run, for {@code scripts/chaos}: {@code --nodes 8 --minutes 10 --seed S
 * --rate 20 --latency 50 --jitter 30 --loss 0 --dir DIR [--no-heal] [--faults full|partitions
 * --partition-seconds 30 --whole-seconds 45] [--mining continuous|pool-full --block-seconds 5]
 * [--netns TAG --duplicate 0] [--silent 0]} (partitions: only {@link FaultSchedule#partitions}; latency and jitter
 * in ms each way per link, loss in percent as TCP shows it: {@link LinkShape}; with {@code --netns}
 * the nodes run in the namespaces {@code scripts/chaos --netns} made, and loss and duplication are of
 * real packets: {@link NetnsPlan}; {@code --silent S}: that share of the partitions are black holes,
 * {@link LinkProxy#hold}). Exits 0 when every invariant held, 1 when one
 * broke, and leaves the report (summary.txt, timeline.txt, chart.png) and the nodes' logs in DIR.
 */
public final class ChaosMain {

    /** The faults stop this long before the load does, so the run ends with a quiet network converging. */
    private static final double QUIET_SHARE = 0.2;
    /** No fault in the first seconds: the nodes connect and the first payments flow. */
    private static final long WARMUP_MILLIS = 15_000;
    /** A node's link made "very slow": two seconds each way and 4 kB/s, a saturated satellite hop. */
    private static final LinkShape SLOW = new LinkShape(2_000, 500, 4_096);
    private static final long CONVERGE_BOUND_MILLIS = 120_000;
    private static final long SETTLE_BOUND_MILLIS = 180_000;
    private static final long MAX_LIVE_HEAP_BYTES = 192L * 1024 * 1024;
    private static final long MAX_DISK_BYTES = 256L * 1024 * 1024;
    /** Clock offsets given to two nodes: an hour ahead and an hour behind, within the 2-hour tolerance together. */
    private static final long SKEW_SECONDS = 50 * 60;

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int nodes = Integer.parseInt(options.getOrDefault("nodes", "8"));
        double minutes = Double.parseDouble(options.getOrDefault("minutes", "10"));
        long seed = Long.parseLong(options.getOrDefault("seed", Long.toString(System.currentTimeMillis() % 100_000)));
        double rate = Double.parseDouble(options.getOrDefault("rate", "20"));
        LinkShape base = new LinkShape(Long.parseLong(options.getOrDefault("latency", "50")),
                Long.parseLong(options.getOrDefault("jitter", "30")), 0,
                Double.parseDouble(options.getOrDefault("loss", "0")));
        // In a namespace run --loss drops real packets (NetnsPlan), so the proxies add no stalls of their own.
        double loss = base.lossPercent();
        Optional<NetnsPlan> netns = Optional.ofNullable(options.get("netns")).map(tag -> NetnsPlan.ofPercent(tag, nodes,
                loss, Double.parseDouble(options.getOrDefault("duplicate", "0"))));
        if (netns.isPresent()) {
            base = new LinkShape(base.latencyMillis(), base.jitterMillis(), 0);
        }
        Path dir = Path.of(options.getOrDefault("dir", "target/chaos/run-" + seed)).toAbsolutePath();
        boolean heal = !options.containsKey("no-heal");
        if (Files.exists(dir.resolve("n0"))) {
            System.err.println("scripts/chaos: " + dir + " holds an earlier run's nodes; give another --dir or delete it");
            System.exit(2);
        }
        Files.createDirectories(dir);
        long runMillis = (long) (minutes * 60_000);
        long faultEndMillis = (long) (runMillis * (1 - QUIET_SHARE));
        String faults = options.getOrDefault("faults", "full");
        FaultSchedule schedule = switch (faults) {
            case "full" -> FaultSchedule.full(seed, nodes, WARMUP_MILLIS, faultEndMillis, SLOW);
            case "partitions" -> FaultSchedule.partitions(seed, nodes, WARMUP_MILLIS, faultEndMillis,
                    seconds(options, "partition-seconds", 30), seconds(options, "whole-seconds", 45));
            default -> throw new IllegalArgumentException("--faults is full or partitions, got " + faults);
        };
        int miners = Math.max(2, nodes / 2);
        // Blocks every few seconds: a pool fills at the payment rate, and several miners race for it.
        int txPoolSize = Math.max(5, (int) Math.round(rate * 3));
        String mining = options.getOrDefault("mining", "continuous");
        double blockSeconds = switch (mining) {
            case "continuous" -> Double.parseDouble(options.getOrDefault("block-seconds", "5"));
            case "pool-full" -> 0;
            default -> throw new IllegalArgumentException("--mining is continuous or pool-full, got " + mining);
        };
        ChaosConfig config = new ChaosConfig(nodes, miners, txPoolSize, blockSeconds, seed, runMillis, rate, base, schedule,
                Map.of(1, SKEW_SECONDS, nodes - 1, -SKEW_SECONDS), CONVERGE_BOUND_MILLIS, SETTLE_BOUND_MILLIS,
                MAX_LIVE_HEAP_BYTES, MAX_DISK_BYTES, dir, heal, Double.parseDouble(options.getOrDefault("silent", "0")));
        System.out.println("Chaos run, seed " + seed + ", " + nodes + " nodes, " + minutes + " min; schedule:");
        schedule.faults().forEach(fault -> System.out.printf("  %7.1f s  %s%n", fault.atMillis() / 1000.0, fault));
        ChaosResult result = new ChaosRun(config, netns).run();
        System.out.println(ChaosReport.write(result, dir.resolve("report")));
        System.out.println("Timeline:\n" + String.join("\n", result.timeline()));
        System.out.println("Report, chart and logs in " + dir);
        System.exit(result.allHeld() ? 0 : 1);
    }

    private static long seconds(Map<String, String> options, String key, long otherwise) {
        return Long.parseLong(options.getOrDefault(key, Long.toString(otherwise))) * 1000;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (key.equals("no-heal")) {
                options.put(key, "true");
            } else if (i + 1 < args.length) {
                options.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
        }
        return options;
    }
}
