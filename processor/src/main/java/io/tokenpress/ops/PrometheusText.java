package io.tokenpress.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Renders Kafka metrics (a {@code KafkaStreams.metrics()} map, a {@code Metrics} registry's
 * {@code metrics()}) in the Prometheus text exposition format, version 0.0.4.
 *
 * <p>Names: {@code <prefix>_<group>_<name>} with every character outside {@code [a-zA-Z0-9_]} turned
 * into {@code _}, where the prefix is {@code kafka} except for groups that already start with
 * {@code tokenpress}; e.g. Kafka Streams' {@code process-rate} of group {@code stream-thread-metrics}
 * becomes {@code kafka_stream_thread_metrics_process_rate{thread_id="..."}}, and
 * {@code compression-ratio} of group {@code tokenpress-processor} becomes
 * {@code tokenpress_processor_compression_ratio}. Tags become labels. Metrics named {@code *-total}
 * are typed {@code counter}, all others {@code gauge}. A metric whose value is not a number (e.g. the
 * client {@code state}) is written as {@code <name>_info{...,value="RUNNING"} 1}.
 */
public final class PrometheusText {
    /** The {@code Content-Type} of the rendered text. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {}

    /** Renders every metric of every source; families sorted by name, samples by labels. */
    public static String render(Collection<? extends Map<MetricName, ? extends Metric>> sources) {
        Map<String, Family> families = new TreeMap<>();
        for (Map<MetricName, ? extends Metric> source : sources) {
            for (Map.Entry<MetricName, ? extends Metric> e : source.entrySet()) {
                add(families, e.getKey(), valueOf(e.getValue()));
            }
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Family> f : families.entrySet()) {
            f.getValue().writeTo(f.getKey(), out);
        }
        return out.toString();
    }

    /** The Prometheus name of a Kafka metric name, as described in the class comment. */
    public static String familyName(MetricName name) {
        String group = name.group();
        String prefix = group.startsWith("tokenpress") ? "" : "kafka_";
        return sanitize(prefix + group + "_" + name.name());
    }

    private static void add(Map<String, Family> families, MetricName name, Object value) {
        String family = familyName(name);
        Map<String, String> labels = new TreeMap<>();
        name.tags().forEach((k, v) -> labels.put(sanitize(k), v));
        String number;
        String type = name.name().endsWith("-total") ? "counter" : "gauge";
        if (value instanceof Number) {
            number = format(((Number) value).doubleValue());
        } else {
            // a textual metric (e.g. the client state): an info-style sample carrying the text
            family = family + "_info";
            labels.put("value", String.valueOf(value));
            number = "1";
            type = "gauge";
        }
        String familyType = type;
        families.computeIfAbsent(family, k -> new Family(familyType, name.description()))
                .samples
                .add(labelText(labels) + " " + number);
    }

    private static Object valueOf(Metric metric) {
        try {
            return metric.metricValue();
        } catch (RuntimeException e) {
            // a gauge whose supplier failed: report NaN rather than failing the whole scrape
            return Double.NaN;
        }
    }

    static String sanitize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9' && i > 0);
            b.append(ok ? c : '_');
        }
        return b.toString();
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String labelText(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> l : labels.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
        }
        return b.append('}').toString();
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static final class Family {
        final String type;
        final String help;
        final List<String> samples = new ArrayList<>();

        Family(String type, String help) {
            this.type = type;
            this.help = help == null ? "" : help;
        }

        void writeTo(String name, StringBuilder out) {
            if (!help.isEmpty()) {
                out.append("# HELP ").append(name).append(' ')
                        .append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            }
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            samples.sort(null);
            for (String s : samples) {
                out.append(name).append(s).append('\n');
            }
        }
    }
}
