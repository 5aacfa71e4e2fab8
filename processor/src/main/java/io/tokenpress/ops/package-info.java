/**
 * Operations endpoints: liveness and readiness from the Kafka Streams state, and Prometheus metrics
 * (Kafka Streams' own plus tokenpress's) over a small HTTP server.
 *
 * <p>{@link io.tokenpress.ops.OpsHttpServer} serves them; {@link io.tokenpress.ops.TokenpressMetrics}
 * records what the processor measures per chunk; {@link io.tokenpress.ops.PrometheusText} renders
 * Kafka metrics in the Prometheus text exposition format.
 */
package io.tokenpress.ops;
