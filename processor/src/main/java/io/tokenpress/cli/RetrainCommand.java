package io.tokenpress.cli;

import io.tokenpress.codec.train.FeedbackTrainer;
import io.tokenpress.processor.config.TokenpressConfig;
import io.tokenpress.processor.models.ModelCatalog;
import io.tokenpress.processor.retrain.RetrainJob;
import io.tokenpress.processor.retrain.RetrainOptions;
import io.tokenpress.processor.retrain.RetrainReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tokenpress retrain}: a new model version from the feedback topic. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = {"Consumes the feedback topic (or a range of it), trains a new version of the active model on the",
                "sampled chunks (decompressor: maximum likelihood; compressor: off-policy RL on the logged latents with",
                "clipped importance weights), exports it, compares old and new bits per byte on a held-back share of the",
                "feedback, stores the new model (models.dir and models.topic) and promotes it only if it is better",
                "(or with --force). Needs feedback logged with feedback.sample.rate > 0 and bootstrap.servers."})
public final class RetrainCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--feedback-topic", paramLabel = "TOPIC", description = "Feedback topic (default: feedback.topic, else tokenpress-feedback).")
    String feedbackTopic;

    @Option(names = "--from-offset", paramLabel = "N", defaultValue = "0", description = "First offset to use in each partition (default ${DEFAULT-VALUE}).")
    long fromOffset;

    @Option(names = "--max-events", paramLabel = "N", defaultValue = "0", description = "Most events to read; 0 = all (default ${DEFAULT-VALUE}).")
    long maxEvents;

    @Option(names = "--model", paramLabel = "ID", description = "Model to retrain (id, name or path; default: the active model).")
    String model;

    @Option(names = "--init", paramLabel = "FILE", description = "Float weights (.tpfw) of that model, when the stores have none.")
    Path init;

    @Option(names = "--steps", defaultValue = "200", description = "Training steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "4", description = "Sampled chunks per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--held-out", defaultValue = "0.2", description = "Share of sampled chunks held back for the comparison (default ${DEFAULT-VALUE}).")
    double heldOut;

    @Option(names = "--no-promote", description = "Store the new model but do not promote it.")
    boolean noPromote;

    @Option(names = "--force", description = "Promote the new model even if it is not better on the held-back chunks.")
    boolean force;

    @Option(names = "--primer", defaultValue = "auto", paramLabel = "auto|keep|BYTES",
            description = "The new model's primer, where the model mixes contexts (codec/MODEL.md \"Primer\"): auto tries the"
                    + " parent's and 64K sampled from the feedback's training chunks and keeps whichever codes the held-back"
                    + " chunks smaller; keep keeps the parent's; 0 none; BYTES samples that many from the feedback"
                    + " (default ${DEFAULT-VALUE}).")
    String primer;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private int primerOption() {
        return switch (primer.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> RetrainOptions.PRIMER_AUTO;
            case "keep" -> RetrainOptions.PRIMER_KEEP;
            default -> MixingOptions.size(spec, "--primer", primer);
        };
    }

    @Option(names = "--json", description = "End with one JSON line of the report.")
    boolean json;

    @Override
    public Integer call() {
        TokenpressConfig config = options.load();
        if (config.wantsEmbeddedBroker()) {
            System.err.println("retrain reads the feedback topic of a running cluster: set bootstrap.servers");
            return 2;
        }
        String topic = feedbackTopic != null ? feedbackTopic
                : config.getString(TokenpressConfig.FEEDBACK_TOPIC_CONFIG).isBlank() ? "tokenpress-feedback"
                : config.getString(TokenpressConfig.FEEDBACK_TOPIC_CONFIG);
        RetrainOptions opt = new RetrainOptions(topic, fromOffset, maxEvents, model, init, heldOut,
                new FeedbackTrainer.Options(steps, batch, lr, 2.0, 4096, 1), !noPromote, force, primerOption());
        try (ModelCatalog catalog = ModelCatalog.open(config)) {
            RetrainReport report = new RetrainJob(catalog, System.err).run(config.clientProperties(), opt);
            System.out.print(report.summary());
            if (json) {
                System.out.println(report.toJson());
            }
            return report.promoted() || noPromote ? 0 : 3;
        }
    }
}
