package io.tokenpress.loadtest.run;

import io.tokenpress.codec.model.ModelArtifact;
import io.tokenpress.codec.store.ClasspathModelStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Names of the models bundled on the class path (the codec's {@link ClasspathModelStore}), which
 * the load test compares one scenario each.
 */
public final class BundledModels {
    private BundledModels() {}

    /**
     * The bundled model names, sorted; empty when none are bundled.
     *
     * @throws io.tokenpress.codec.ModelNotFoundException if a bundled model is corrupt
     */
    public static List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (ModelArtifact m : new ClasspathModelStore().list()) {
            names.add(m.name());
        }
        return new ArrayList<>(names);
    }
}
