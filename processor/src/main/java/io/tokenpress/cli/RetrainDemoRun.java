package io.tokenpress.cli;

import io.tokenpress.codec.train.FeedbackTrainer;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.demo.RetrainDemo;
import io.tokenpress.processor.demo.RetrainDemoReport;
import java.nio.file.Path;
import java.util.List;

/** {@code tokenpress demo --retrain}: sets up the demo's topics and model directory and runs {@link RetrainDemo}. */
final class RetrainDemoRun {
    private RetrainDemoRun() {}

    /**
     * @param config the demo's configuration with {@code bootstrap.servers}
     * @param work the demo's temporary directory (the model directory goes there)
     * @param run the run's suffix for topic names
     * @return the exit status: 0 only when every record came back identical
     */
    static int run(TokenpressConfig config, Path work, String run, List<byte[]> lines, int partitions, int maxRecords, boolean json)
            throws InterruptedException {
        TokenpressConfig c = config
                .with(TokenpressConfig.MODELS_DIR_CONFIG, work.resolve("models").toString())
                .with(TokenpressConfig.MODELS_TOPIC_CONFIG, "demo-models-" + run)
                .with(TokenpressConfig.FEEDBACK_TOPIC_CONFIG, "demo-feedback-" + run)
                .with(TokenpressConfig.CHUNK_MAX_BYTES_CONFIG, "2048");
        List<byte[]> sample = lines.subList(0, Math.min(lines.size(), Math.max(4, maxRecords)));
        System.err.printf("demo --retrain on %,d records%n", sample.size());
        FeedbackTrainer.Options training = new FeedbackTrainer.Options(12, 2, 3e-4, 2.0, 2048, 1);
        RetrainDemoReport report;
        try {
            report = new RetrainDemo(c, partitions, System.err, training).run(sample);
        } catch (IllegalStateException e) {
            System.err.println("tokenpress demo --retrain failed: " + e.getMessage());
            return 1;
        }
        return DemoOutput.print(report, json);
    }
}
