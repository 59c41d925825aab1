package minicoin.chaos;

import java.nio.file.Path;
import java.util.Map;

/**
 * One chaos run's sizes and bounds.
 *
 * @param nodes             nodes, each in a JVM of its own
 * @param miners            nodes 0..miners-1 mine ({@code pool-full}); the others only relay and pay
 * @param txPoolSize        the miners' {@code mining.txPoolSize} in {@code pool-full} mode: with {@code paymentsPerSecond} it sets the block rate
 * @param blockSeconds      0: the miners mine in {@code pool-full} mode; else in {@code continuous} mode, each held to
 *                          the hash rate that gives the network a block every this many seconds on average
 * @param seed              the fault schedule's and the payments' seed
 * @param runMillis         load and faults run this long; the settling and the checks come after
 * @param paymentsPerSecond payments started per second over all nodes
 * @param baseShape         every link's shape when no fault is in force (latency and jitter)
 * @param schedule          the faults
 * @param clockOffsets      node → seconds its clock is off, given through {@code minicoin.debug.clockOffsetSeconds}
 * @param convergeBound     after the last repair, every live node must share one tip within this
 * @param settleBound       after the load stops, every payment must have its fate within this
 * @param maxLiveHeapBytes  a node's heap after a full collection may not exceed this at the end
 * @param maxDiskBytes      a node's data directory may not exceed this
 * @param dir               data, logs and the report
 * @param heal              false only to show that the convergence invariant can fail: partitions are never healed
 * @param silentPartitionShare the share of partitions that are black holes ({@link LinkProxy#hold}: nothing
 *                          crosses, no connection is closed) rather than cuts (connections reset)
 */
public record ChaosConfig(
        int nodes,
        int miners,
        int txPoolSize,
        double blockSeconds,
        long seed,
        long runMillis,
        double paymentsPerSecond,
        LinkShape baseShape,
        FaultSchedule schedule,
        Map<Integer, Long> clockOffsets,
        long convergeBoundMillis,
        long settleBoundMillis,
        long maxLiveHeapBytes,
        long maxDiskBytes,
        Path dir,
        boolean heal,
        double silentPartitionShare) {

    public ChaosConfig {
        clockOffsets = Map.copyOf(clockOffsets);
        if (miners < 1 || miners > nodes) {
            throw new IllegalArgumentException("miners must be within 1.." + nodes + ", got " + miners);
        }
        if (silentPartitionShare < 0 || silentPartitionShare > 1) {
            throw new IllegalArgumentException("silentPartitionShare must lie within 0..1, got " + silentPartitionShare);
        }
        if (blockSeconds < 0) {
            throw new IllegalArgumentException("blockSeconds must be 0 (pool-full miners) or positive, got " + blockSeconds);
        }
    }

    public boolean continuousMining() {
        return blockSeconds > 0;
    }

    /** The same run with partitions never healed: the convergence invariant must then break. */
    public ChaosConfig withoutHealing() {
        return new ChaosConfig(nodes, miners, txPoolSize, blockSeconds, seed, runMillis, paymentsPerSecond, baseShape, schedule,
                clockOffsets, convergeBoundMillis, settleBoundMillis, maxLiveHeapBytes, maxDiskBytes, dir, false,
                silentPartitionShare);
    }
}
