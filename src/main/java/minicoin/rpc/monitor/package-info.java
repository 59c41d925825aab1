/**
 * What monitoring reads from the node (docs/metrics.md): {@code GET /metrics} in Prometheus's
 * text format (Vert.x's own metrics, the JVM's, and the node's series of
 * {@link minicoin.rpc.monitor.NodeMetrics}, counted from bus events and RPC calls), and
 * {@code GET /health} and {@code GET /ready} in vertx-health-check's format, the rules of the
 * latter in {@link minicoin.rpc.monitor.Readiness}.
 */
package minicoin.rpc.monitor;
