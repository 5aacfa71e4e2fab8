package io.tokenpress.loadtest.report;

import io.tokenpress.loadtest.measure.Percentiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The PNG charts of a load-test report, drawn with JFreeChart (headless). */
public final class Charts {
    /** File name of the compression ratio against throughput scatter chart. */
    public static final String RATIO_VS_THROUGHPUT = "ratio-vs-throughput.png";
    /** File name of the latency percentiles bar chart. */
    public static final String LATENCY_PERCENTILES = "latency-percentiles.png";
    /** File name of the latency distributions (CDF) chart. */
    public static final String LATENCY_CDF = "latency-cdf.png";
    /** File name of the bytes on disk bar chart. */
    public static final String BYTES_ON_DISK = "bytes-on-disk.png";

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /**
     * Draws every chart into {@code dir}.
     *
     * @return the file names written, in report order
     */
    public static List<String> writeAll(List<ScenarioResult> results, Path dir) throws IOException {
        ratioVsThroughput(results, dir.resolve(RATIO_VS_THROUGHPUT));
        latencyPercentiles(results, dir.resolve(LATENCY_PERCENTILES));
        latencyCdf(results, dir.resolve(LATENCY_CDF));
        bytesOnDisk(results, dir.resolve(BYTES_ON_DISK));
        return List.of(RATIO_VS_THROUGHPUT, LATENCY_PERCENTILES, LATENCY_CDF, BYTES_ON_DISK);
    }

    /** One point per scenario: end-to-end throughput in MB/s (x) against compression ratio (y). */
    static void ratioVsThroughput(List<ScenarioResult> results, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ScenarioResult r : results) {
            XYSeries s = new XYSeries(r.scenario());
            // a log axis: the neural codec on a CPU is orders of magnitude slower than the rest
            s.add(Math.max(r.endToEndMegabytesPerSecond(), 1e-4), r.compressionRatio());
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createScatterPlot(
                "Compression ratio against end-to-end throughput", "payload MB/s, send to receipt (log scale)",
                "compression ratio (payload / bytes on disk)", data, PlotOrientation.VERTICAL, true, false, false);
        LogAxis axis = new LogAxis("payload MB/s, send to receipt (log scale)");
        axis.setNumberFormatOverride(new java.text.DecimalFormat("0.####"));
        chart.getXYPlot().setDomainAxis(axis);
        save(chart, file);
    }

    /** p50, p95 and p99 end-to-end latency per scenario, grouped bars. */
    static void latencyPercentiles(List<ScenarioResult> results, Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ScenarioResult r : results) {
            for (int p : new int[] {50, 95, 99}) {
                double v = r.latencyMillis(p);
                data.addValue(Double.isNaN(v) ? 0 : v, "p" + p, r.scenario());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(
                "End-to-end latency percentiles", "scenario", "milliseconds", data, PlotOrientation.VERTICAL, true, false, false);
        rotateLabels(chart);
        save(chart, file);
    }

    /** The empirical latency distribution of each scenario (cumulative, logarithmic time axis). */
    static void latencyCdf(List<ScenarioResult> results, Path file) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ScenarioResult r : results) {
            Percentiles p = r.latency();
            if (p.count() == 0) {
                continue;
            }
            XYSeries s = new XYSeries(r.scenario(), true, true);
            for (double[] point : p.cdf(200)) {
                s.addOrUpdate(Math.max(point[0] / 1e6, 0.01), point[1]);
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                "End-to-end latency distribution", "milliseconds (log scale)", "fraction of records at or below",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis axis = new LogAxis("milliseconds (log scale)");
        axis.setNumberFormatOverride(new java.text.DecimalFormat("0.##"));
        plot.setDomainAxis(axis);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        save(chart, file);
    }

    /**
     * Log segment bytes of each scenario's topic, next to the payload bytes it holds (scenarios may carry
     * different amounts: the neural ones fewer records).
     */
    static void bytesOnDisk(List<ScenarioResult> results, Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ScenarioResult r : results) {
            data.addValue(r.bytesOnDisk() / 1e6, "MB on disk (log segments)", r.scenario());
            data.addValue(r.storedPayloadBytes() / 1e6, "MB of payload it holds", r.scenario());
        }
        JFreeChart chart = ChartFactory.createBarChart(
                "Bytes on the broker", "scenario", "MB", data, PlotOrientation.VERTICAL, true, false, false);
        rotateLabels(chart);
        save(chart, file);
    }

    private static void rotateLabels(JFreeChart chart) {
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(
                org.jfree.chart.axis.CategoryLabelPositions.UP_45);
    }

    private static void save(JFreeChart chart, Path file) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot) {
            ((XYPlot) chart.getPlot()).setDomainGridlinePaint(Color.LIGHT_GRAY);
            ((XYPlot) chart.getPlot()).setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (chart.getPlot() instanceof CategoryPlot) {
            ((CategoryPlot) chart.getPlot()).setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        File f = file.toFile();
        ChartUtils.saveChartAsPNG(f, chart, WIDTH, HEIGHT);
    }
}
