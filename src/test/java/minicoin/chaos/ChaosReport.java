package minicoin.chaos;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A run's report in {@code dir}: {@code summary.txt} (the invariants, a table per node, the
 * payments), {@code timeline.txt} (every fault and its repair, with times) and {@code chart.png}
 * (each node's height and mempool size over time; partitions shaded, kills and restarts marked).
 */
public final class ChaosReport {

    private static final int CHART_WIDTH = 1400;
    private static final int CHART_HEIGHT = 900;
    private static final Pattern EVENT = Pattern.compile("^\\s*([0-9.]+) s  (.*)$");

    private ChaosReport() {
    }

    /** Writes the three files and answers the summary's text. */
    public static String write(ChaosResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        String summary = summary(result);
        Files.writeString(dir.resolve("summary.txt"), summary);
        Files.writeString(dir.resolve("timeline.txt"), String.join("\n", result.timeline()) + "\n");
        chart(result, dir.resolve("chart.png"));
        return summary;
    }

    static String summary(ChaosResult result) {
        ChaosConfig config = result.config();
        StringBuilder text = new StringBuilder();
        text.append(String.format("Chaos run: %d nodes (%d mining %s), %.0f s of load at %.1f payments/s, links %s, seed %d%n",
                config.nodes(), config.miners(), config.continuousMining()
                        ? String.format("continuously, a block every %.1f s on average", config.blockSeconds())
                        : "when " + config.txPoolSize() + " payments are pooled",
                config.runMillis() / 1000.0, config.paymentsPerSecond(),
                config.baseShape(), config.seed()));
        text.append(result.allHeld() ? "Every invariant held.\n" : result.broken().size() + " invariant(s) BROKEN.\n");
        for (InvariantResult invariant : result.invariants()) {
            text.append("  ").append(invariant).append('\n');
        }
        text.append("\nConvergence after each repair (load still running):\n");
        result.convergences().forEach(line -> text.append("  ").append(line).append('\n'));
        text.append(String.format("%nPayments: %d acknowledged, not sent or refused: %s%n", result.payments().size(),
                result.refusals()));
        text.append(String.format("Blocks on the common chain: %d%n%n", result.blocks()));
        text.append(String.format("%-5s %8s %12s %14s %16s %12s%n", "node", "height", "max mempool", "rounds down",
                "max heap used", "max heap/GC"));
        for (int node = 0; node < config.nodes(); node++) {
            long height = -1;
            int mempool = 0;
            int down = 0;
            long heap = 0;
            long afterGc = 0;
            for (Round round : result.rounds()) {
                NodeState state = round.nodes().get(node);
                if (!state.up()) {
                    down++;
                    continue;
                }
                height = state.height();
                mempool = Math.max(mempool, state.mempool());
                heap = Math.max(heap, state.heapUsed());
                afterGc = Math.max(afterGc, state.heapAfterGc());
            }
            text.append(String.format("n%-4d %8d %12d %14d %16s %12s%n", node, height, mempool, down,
                    Invariants.mib(heap), Invariants.mib(afterGc)));
        }
        return text.toString();
    }

    private static void chart(ChaosResult result, Path file) throws IOException {
        XYSeriesCollection heights = new XYSeriesCollection();
        XYSeriesCollection mempools = new XYSeriesCollection();
        for (int node = 0; node < result.config().nodes(); node++) {
            XYSeries height = new XYSeries("n" + node, true, true);
            XYSeries mempool = new XYSeries("n" + node, true, true);
            for (Round round : result.rounds()) {
                NodeState state = round.nodes().get(node);
                double seconds = round.atMillis() / 1000.0;
                // A gap (null) where the node was down, so a kill shows as a break in its line.
                height.add(seconds, state.up() ? Double.valueOf(state.height()) : null);
                mempool.add(seconds, state.up() ? Double.valueOf(state.mempool()) : null);
            }
            heights.addSeries(height);
            mempools.addSeries(mempool);
        }
        NumberAxis time = new NumberAxis("seconds since the run began");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        XYPlot heightPlot = new XYPlot(heights, null, new NumberAxis("height"), new XYStepRenderer());
        XYPlot mempoolPlot = new XYPlot(mempools, null, new NumberAxis("mempool (transactions)"), new XYStepRenderer());
        ((NumberAxis) heightPlot.getRangeAxis()).setAutoRangeIncludesZero(false);
        for (XYPlot part : List.of(heightPlot, mempoolPlot)) {
            markFaults(part, result.timeline());
            part.setBackgroundPaint(Color.WHITE);
            part.setDomainGridlinePaint(Color.LIGHT_GRAY);
            part.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        // One colour per node in both parts, and one legend entry per node.
        for (int node = 0; node < result.config().nodes(); node++) {
            Color colour = Color.getHSBColor(node / (float) result.config().nodes(), 0.85f, 0.8f);
            heightPlot.getRenderer().setSeriesPaint(node, colour);
            mempoolPlot.getRenderer().setSeriesPaint(node, colour);
            mempoolPlot.getRenderer().setSeriesVisibleInLegend(node, false);
        }
        plot.add(heightPlot, 3);
        plot.add(mempoolPlot, 2);
        JFreeChart chart = new JFreeChart("Chaos run, seed " + result.config().seed() + ": "
                + (result.allHeld() ? "every invariant held" : result.broken().size() + " invariant(s) broken"),
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, CHART_WIDTH, CHART_HEIGHT);
    }

    /** Partitions as shaded intervals (to their heal), kills, wipes and restarts as lines. */
    private static void markFaults(XYPlot plot, List<String> timeline) {
        Double partitionFrom = null;
        List<double[]> partitions = new ArrayList<>();
        for (String line : timeline) {
            Matcher event = EVENT.matcher(line);
            if (!event.matches()) {
                continue;
            }
            double at = Double.parseDouble(event.group(1));
            String what = event.group(2);
            if (what.startsWith("partition")) {
                partitionFrom = at;
            } else if (what.equals("heal") && partitionFrom != null) {
                partitions.add(new double[] {partitionFrom, at});
                partitionFrom = null;
            } else if (what.startsWith("SIGKILL") || what.startsWith("wipe") || what.startsWith("restart")) {
                ValueMarker marker = new ValueMarker(at, what.startsWith("restart") ? new Color(0, 128, 0) : Color.RED,
                        new BasicStroke(1.0f));
                marker.setLabel(what.split(" ")[0].equals("restart") ? "↑" + what.substring(8) : "✕" + nodeOf(what));
                plot.addDomainMarker(marker, Layer.FOREGROUND);
            }
        }
        if (partitionFrom != null) {
            partitions.add(new double[] {partitionFrom, timelineEnd(timeline)});
        }
        for (double[] partition : partitions) {
            IntervalMarker shade = new IntervalMarker(partition[0], partition[1], new Color(255, 200, 0, 60));
            shade.setLabel("partition");
            plot.addDomainMarker(shade, Layer.BACKGROUND);
        }
    }

    private static String nodeOf(String what) {
        Matcher node = Pattern.compile("n\\d+").matcher(what);
        return node.find() ? node.group() : "";
    }

    private static double timelineEnd(List<String> timeline) {
        for (int i = timeline.size() - 1; i >= 0; i--) {
            Matcher event = EVENT.matcher(timeline.get(i));
            if (event.matches()) {
                return Double.parseDouble(event.group(1));
            }
        }
        return 0;
    }
}
